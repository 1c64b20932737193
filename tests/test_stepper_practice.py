"""Practice mode of the step-by-step page: the learner does each chain-rule step, the page checks it.

The browser tests open the page in real headless Chromium (Playwright); like the other
browser tests they skip where Graphviz's dot or Chromium is missing, and fail instead
under CI=true. The plain tests read the page's file.
"""

import base64
import fnmatch
import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import lecture_neuron

from autograd import Value
from autograd.tutor.stepper import Stepper, save_stepper
from autograd.views.steps import backward_steps

FIRST_QUESTION = "do/dn += do/do · d tanh(n)/dn = ?"
FIRST_FORMULA = "do/dn += do/do · d tanh(n)/dn = 1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5"
FIRST_RULE = "1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5"


def page_data(page: str) -> dict:
    """The JSON data embedded in a page's text."""
    data = page.split('<script type="application/json" id="stepper-data">')[1].split("</script>")[0]
    return json.loads(data)


class Practice:
    """A stepper page open in the browser, with what practice tests look at and do."""

    def __init__(self, browser, path):
        self.errors = []
        self.page = browser.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.ids = {name: i for i, name in self.page.evaluate(
            "Object.entries(JSON.parse(document.getElementById('stepper-data').textContent).names)")}

    def text(self, selector):
        return self.page.text_content(selector)

    def turn_on(self):
        self.page.check("#practice-switch")

    def answer(self, typed):
        self.page.fill("#answer", typed)
        self.page.press("#answer", "Enter")

    def table(self):
        """The side table as {value: grad}."""
        return dict(self.page.eval_on_selector_all(
            "#grads tr", "rs => rs.map(r => [r.cells[0].textContent, r.cells[1].textContent])"))

    def box_grad(self, name):
        """The gradient written into ``name``'s box in the graph."""
        return self.page.eval_on_selector(f"#{self.ids[name]}",
                                          "g => [...g.querySelectorAll('text')].pop().textContent")

    def focused(self):
        return self.page.evaluate("document.activeElement.id")


@pytest.fixture
def neuron_page(browser, tmp_path):
    """The lecture neuron's page, open, practice off."""
    page = Practice(browser, save_stepper(lecture_neuron()["o"], tmp_path / "steps.html"))
    yield page
    page.page.close()


# the file itself ----------------------------------------------------------------------------
def test_page_data_holds_the_identifier_names_an_answer_may_use_with_their_exact_values(requires_dot):
    values = lecture_neuron()
    variables = page_data(Stepper(values["o"]).html())["variables"]
    assert variables == {name: values[name].data for name in ("x1", "w1", "x2", "w2", "b", "n", "o")}


def test_page_data_leaves_out_names_of_functions_an_answer_can_call(requires_dot):
    x = Value(2.0, label="exp")
    variables = page_data(Stepper((x * 3.0).tanh()).html())["variables"]
    assert "exp" not in variables


def test_page_has_a_labelled_practice_checkbox_that_starts_off(requires_dot):
    page = Stepper(lecture_neuron()["o"]).html()
    switch = re.search(r'<label class="switch"[^>]*>\s*'
                       r'<input type="checkbox" id="practice-switch"([^>]*)> Practice</label>', page)
    assert switch is not None and "checked" not in switch.group(1)
    assert '<section id="practice" aria-label="practice" hidden>' in page


def test_practice_true_starts_the_page_with_the_switch_on(requires_dot, tmp_path):
    page = save_stepper(lecture_neuron()["o"], tmp_path / "p.html", practice=True).read_text(encoding="utf-8")
    assert re.search(r'id="practice-switch"[^>]*checked', page)


def test_the_policy_allows_exactly_the_page_script(requires_dot):
    page = Stepper(lecture_neuron()["o"]).html()
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode("ascii")
    assert len(scripts) == 1 and f"script-src 'sha256-{digest}'" in page
    assert "eval(" not in scripts[0] and "Function(" not in scripts[0]


def test_the_files_the_page_inlines_are_shipped_as_package_data():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["setuptools"]["package-data"]["autograd.tutor"]
    files = sorted(p.name for p in (root / "autograd" / "tutor" / "stepper_page").iterdir())
    assert files == ["answer.js", "print.js", "stepper.css", "stepper.html", "stepper.js", "view.js"]
    assert all(any(fnmatch.fnmatch(f"stepper_page/{name}", glob) for glob in shipped) for name in files)


def test_infinite_numbers_still_give_valid_json(requires_dot):
    a = Value(float("inf"), label="a")
    data = page_data(Stepper(a * 2.0).html())
    assert data["variables"]["a"] == "Infinity"  # JavaScript's Number() reads it back


# in the browser -----------------------------------------------------------------------------
def test_practice_starts_off_and_the_page_shows_its_numbers(neuron_page):
    assert not neuron_page.page.is_checked("#practice-switch")
    assert neuron_page.page.is_hidden("#practice")
    assert neuron_page.text("#formula") == FIRST_FORMULA
    assert neuron_page.table() == {"o": "1.0", "n": "0.5"}


def test_turning_practice_on_hides_the_numbers_behind_a_focused_answer_box(neuron_page):
    neuron_page.turn_on()
    assert neuron_page.text("#formula") == FIRST_QUESTION
    assert neuron_page.text("#upstream") == "do/do = 1.0"
    assert neuron_page.table() == {"o": "1.0", "n": "?"}
    assert neuron_page.box_grad("n") == "grad ?"
    assert neuron_page.focused() == "answer"


def test_a_right_number_is_marked_right_shows_the_formula_and_counts(neuron_page):
    neuron_page.turn_on()
    neuron_page.answer("0.5")
    assert neuron_page.text("#verdict") == "right"
    assert neuron_page.text("#formula") == FIRST_FORMULA
    assert neuron_page.text("#score") == "score: 1 / 1"
    assert neuron_page.table()["n"] == "0.5"


@pytest.mark.parametrize("typed", ["1 - o**2", "1 - o^2", "(1 - o)*(1 + o)", "1 - tanh(n)**2",
                                   "1.0 · (1 − o**2)", "5e-1", "2**-1", "-(-1/2)", "  0.5  ",
                                   "0.5 + 0*softplus(n)"])
def test_an_expression_for_the_right_number_is_accepted(neuron_page, typed):
    neuron_page.turn_on()
    neuron_page.answer(typed)
    assert neuron_page.text("#verdict") == "right"
    assert neuron_page.text("#score") == "score: 1 / 1"


def test_a_wrong_answer_shows_the_right_value_and_the_rule(neuron_page):
    neuron_page.turn_on()
    neuron_page.answer("0.25")
    assert neuron_page.text("#verdict") == "wrong"
    assert neuron_page.text("#feedback") == "you gave 0.25; the right value is 0.5, by the rule:"
    assert neuron_page.text("#rule") == FIRST_RULE
    assert neuron_page.text("#score") == "score: 0 / 1"


def test_an_expression_close_to_the_value_but_not_exact_is_asked_again(neuron_page):
    neuron_page.turn_on()
    neuron_page.answer("0.5 * (1 + 2e-6)")
    assert neuron_page.text("#message").startswith("close, but an expression must be exact")
    assert neuron_page.text("#verdict") == "" and neuron_page.text("#score") == "score: 0 / 0"


@pytest.mark.parametrize("typed, why", [
    ("", "type a number or an expression first"),
    ("2 x", "not a number or expression: an operator is missing between “2” and “x”"),
    ("1 +", "not a number or expression: it ends too early"),
    ("(1 - o", "not a number or expression: a “)” is missing"),
    ("q", "not a number or expression: unknown name “q” (the names you can use are x1, w1"),
    ("alert(1)", "not a number or expression: unknown name “alert”"),
    ("exp", "not a number or expression: exp is a function"),
    ("0.5; 1", "not a number or expression: “;” is not allowed"),
    ("1/0", "cannot work that out: division by zero"),
    ("log(-1)", "cannot work that out: log needs a number > 0"),
])
def test_a_bad_answer_is_explained_and_not_counted(neuron_page, typed, why):
    neuron_page.turn_on()
    neuron_page.answer(typed)
    assert neuron_page.text("#message").startswith(why)
    assert neuron_page.text("#score") == "score: 0 / 0"
    assert neuron_page.text("#formula") == FIRST_QUESTION
    neuron_page.answer("0.5")  # and the learner tries again
    assert neuron_page.text("#verdict") == "right" and neuron_page.text("#message") == ""


def test_enter_after_an_answer_moves_to_the_next_step(neuron_page):
    neuron_page.turn_on()
    neuron_page.answer("0.5")
    neuron_page.page.press("#answer", "Enter")
    assert neuron_page.text("#counter") == "2 / 9"
    assert neuron_page.page.input_value("#answer") == "" and neuron_page.focused() == "answer"
    assert neuron_page.table() == {"o": "1.0", "n": "0.5", "x1*w1 + x2*w2": "?"}


def test_arrow_keys_leave_the_steps_alone_while_typing_but_move_them_outside_the_box(neuron_page):
    neuron_page.turn_on()
    neuron_page.page.keyboard.type("0.5")
    neuron_page.page.keyboard.press("ArrowLeft")
    neuron_page.page.keyboard.press("ArrowRight")
    assert neuron_page.text("#counter") == "1 / 9"
    neuron_page.page.keyboard.press("Escape")  # leaves the box
    neuron_page.page.keyboard.press("ArrowRight")
    assert neuron_page.text("#counter") == "2 / 9"


def test_the_whole_run_by_keyboard_alone_reaches_the_final_score(neuron_page):
    keyboard = neuron_page.page.keyboard
    for _ in range(5):
        if neuron_page.focused() == "practice-switch":
            break
        keyboard.press("Tab")
    assert neuron_page.focused() == "practice-switch"
    keyboard.press("Space")
    steps = backward_steps(lecture_neuron()["o"])
    for number, step in enumerate(steps, 1):
        assert neuron_page.text("#counter") == f"{number} / 9"
        keyboard.type(repr(step.contribution) if number != 3 else "-1")  # one wrong answer
        keyboard.press("Enter")
        keyboard.press("Enter")
    assert neuron_page.text("#counter") == "9 / 9"
    assert neuron_page.text("#score") == "final score: 8 / 9"
    assert neuron_page.errors == []


def test_switching_practice_off_shows_the_page_as_before(neuron_page):
    before = neuron_page.table(), neuron_page.text("#formula"), neuron_page.box_grad("n")
    neuron_page.turn_on()
    neuron_page.page.keyboard.press("Escape")
    neuron_page.page.keyboard.press("ArrowRight")  # an unanswered step, its numbers hidden
    neuron_page.page.keyboard.press("ArrowLeft")
    neuron_page.page.uncheck("#practice-switch")
    assert (neuron_page.table(), neuron_page.text("#formula"), neuron_page.box_grad("n")) == before
    assert neuron_page.page.is_hidden("#practice")


def test_a_page_saved_with_practice_on_opens_asking_with_the_box_focused(browser, tmp_path):
    page = Practice(browser, save_stepper(lecture_neuron()["o"], tmp_path / "p.html", practice=True))
    try:
        assert page.text("#formula") == FIRST_QUESTION
        assert page.focused() == "answer"
        assert page.errors == []
    finally:
        page.page.close()


def test_a_name_beyond_ascii_can_be_used_in_an_answer(browser, tmp_path):
    theta = Value(2.0, label="θ")
    page = Practice(browser, save_stepper(theta * 3.0, tmp_path / "theta.html"))
    try:
        page.turn_on()
        page.answer("θ + 1")  # dL/dθ = 1.0 · 3.0
        assert page.text("#verdict") == "right"
    finally:
        page.page.close()


def test_a_leaf_page_has_nothing_to_practise(browser, tmp_path):
    page = Practice(browser, save_stepper(Value(1.0, label="lonely"), tmp_path / "leaf.html", practice=True))
    try:
        assert page.page.is_disabled("#practice-switch")
        assert page.page.is_hidden("#practice")
        assert page.errors == []
    finally:
        page.page.close()
