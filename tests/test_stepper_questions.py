"""The stepper page's practice asks as the command line does: the one answer rule, the classic
mistakes named, the kinds of question, constants and inactive nodes.

In real headless Chromium (Playwright): they skip where Graphviz's dot or Chromium is missing,
and fail instead under CI=true.
"""

import pytest
from test_stepper_practice import Practice

import nn
from autograd import Value
from autograd.tutor.stepper import save_stepper


@pytest.fixture
def opened(browser, tmp_path):
    """Open the page of a root, practice on; closed at the end of the test."""
    pages = []

    def open_page(root):
        page = Practice(browser, save_stepper(root, tmp_path / f"p{len(pages)}.html", practice=True))
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        assert page.errors == []
        page.page.close()


def readme():
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    return (x * w + b).tanh()  # its first step is 1 - tanh(0.88)**2 = 0.50097...


def reused():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    return x * y + x


def test_too_few_digits_are_asked_again_and_three_are_right(opened):
    page = opened(readme())
    page.answer("0.5")
    assert page.text("#message") == "right to 1 digit: give 3 \u2014 try again (this does not count)"
    assert page.text("#score") == "score: 0 / 0"
    page.answer("0.501")
    assert page.text("#verdict") == "right"


@pytest.mark.parametrize("typed", ["0.50097", "1 - L**2", "1 - L²", "1.0·(1 − L²)"])
def test_a_rounded_number_or_an_exact_expression_is_right(opened, typed):
    page = opened(readme())
    page.answer(typed)
    assert page.text("#verdict") == "right"


def test_a_wrong_answer_is_shown_with_enough_digits_to_differ(opened):
    page = opened(readme())
    page.answer("0.50104")
    assert page.text("#feedback") == "you gave 0.50104; the right value is 0.50097, by the rule:"


def test_a_flipped_sign_is_named(opened):
    page = opened(Value(2.0, label="a") - Value(1.5, label="b"))
    page.answer("1")
    page.page.press("#answer", "Enter")
    page.answer("1")
    assert page.text("#verdict") == "wrong"
    assert page.text("#mistake") == "the sign is flipped: d(a - b)/db = -1, with its minus"


def test_a_right_answer_names_no_mistake(opened):
    page = opened(Value(2.0, label="a") - Value(1.5, label="b"))
    page.answer("1")
    assert page.text("#mistake") == ""


def choose(page, kind):
    """Choose what the page asks; the first question's counter and formula."""
    page.page.select_option("#ask", kind)
    return page.text("#counter"), page.text("#formula")


def test_the_selector_asks_the_total_of_a_reused_value_and_names_one_path_only(opened):
    page = opened(reused())
    assert choose(page, "totals") == ("1 / 1", "dL/dx = sum over its 2 paths = ?")
    assert page.table()["x"] == "?"
    page.answer("3.00")
    assert page.text("#verdict") == "wrong"
    assert page.text("#mistake").startswith("that is one path only: x is used 2 times")
    assert page.table()["x"] == "4.0"
    assert page.text("#score") == "final score: 0 / 1"


def test_the_selector_asks_each_leaf_final_gradient(opened):
    page = opened(reused())
    assert choose(page, "leaves") == ("1 / 2", "dL/dx = sum over its 2 paths = ?")
    page.answer("y + 1")
    assert page.text("#verdict") == "right"
    page.page.press("#answer", "Enter")
    assert page.text("#formula") == "dL/dy = ?"
    page.answer("2")
    assert page.text("#score") == "final score: 2 / 2"


def test_each_kind_keeps_its_own_answers(opened):
    page = opened(reused())
    page.answer("1")
    page.page.select_option("#ask", "totals")
    assert page.text("#score") == "score: 0 / 0"
    page.page.select_option("#ask", "steps")
    assert page.text("#verdict") == "right" and page.text("#score") == "score: 1 / 1"


def test_a_constant_gets_no_frame_and_no_question(opened):
    page = opened(2 * Value(1.0, label="x"))
    assert page.text("#counter") == "1 / 1"
    assert page.text("#formula") == "dL/dx += dL/dL · d(2.0*x)/dx = ?"
    page.answer("2")
    assert set(page.table()) == {"L", "x"}


def test_a_dead_relu_neuron_is_explained_and_asked_once(opened):
    page = opened(nn.Neuron(3, random_state=0)([1, -2, 0.5]))
    assert page.text("#counter") == "1 / 1"
    assert "relu is off, z = -0.4224: its local derivative is 0, so nothing reaches its 7 inputs" \
        in page.text("#sentence")
    assert "is a leaf" not in page.text("#sentence")
    page.answer("0")
    assert page.text("#verdict") == "right"


def box_data(page, name):
    """The number written in ``name``'s box in the graph."""
    return page.page.eval_on_selector(f"#{page.ids[name]}",
                                      "g => [...g.querySelectorAll('text')].slice(-2)[0].textContent")


def test_the_selector_asks_the_forward_pass_with_the_numbers_hidden_until_answered(opened):
    page = opened(reused())
    assert choose(page, "forward") == ("1 / 2", "x*y = ?")
    assert box_data(page, "x*y") == "data ?" and box_data(page, "L") == "data ?"
    assert box_data(page, "x") == "data 2.0"
    page.answer("x*y")
    assert page.text("#verdict") == "right" and box_data(page, "x*y") == "data 6.0"
    page.page.press("#answer", "Enter")
    assert page.text("#formula") == "L = x*y + x = ?"
    page.answer("L")  # a node's own name is no answer to its value
    assert page.text("#message").startswith("not a number or expression: unknown name “L”")
    page.answer("6 + x")
    assert page.text("#score") == "final score: 2 / 2"


def test_leaving_the_forward_questions_shows_the_numbers_again(opened):
    page = opened(reused())
    choose(page, "forward")
    page.page.select_option("#ask", "steps")
    assert box_data(page, "L") == "data 8.0"
