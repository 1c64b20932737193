"""The step-by-step page, opened in real headless Chromium (Playwright), and the file it is made from.

The browser tests need Graphviz's dot and Chromium: they skip where either is missing,
and fail instead under CI=true.
"""

import html
import json
import re

import pytest
from conftest import lecture_neuron

from autograd import Value
from autograd.notation import format_number
from autograd.tutor.stepper import Stepper, save_stepper
from autograd.views.steps import backward_steps

SCRIPT_LABEL = "<script>window.__pwned=1</script>"
IMG_LABEL = '<img src=x onerror="window.__pwned=1">'
COMMENT_LABEL = "</script><!--"


class Opened:
    """A page in the browser, with the console errors, page errors and requests it made."""

    def __init__(self, browser, path):
        self.errors = []
        self.requests = []
        self.page = browser.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())

    def counter(self):
        return self.page.inner_text("#counter")

    def current_edge(self):
        return self.page.eval_on_selector_all("#graph g.edge.current", "es => es.map(e => e.id)")


@pytest.fixture
def opened(browser, tmp_path):
    """The lecture neuron's page, open."""
    values = lecture_neuron()
    path = save_stepper(values["o"], tmp_path / "steps.html")
    page = Opened(browser, path)
    yield page
    page.page.close()


def test_page_starts_at_the_first_step(opened):
    assert opened.counter() == "1 / 9"
    assert opened.current_edge() == ["e9_0", "o9"]  # n -> tanh, tanh -> o
    assert opened.page.is_disabled("#prev") and not opened.page.is_disabled("#next")
    assert opened.page.inner_text("#formula") == (
        "do/dn += do/do · d tanh(n)/dn = 1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5")


def test_arrow_keys_move_between_steps(opened):
    first = opened.current_edge()
    opened.page.keyboard.press("ArrowRight")
    assert opened.counter() == "2 / 9"
    assert opened.current_edge() != first
    opened.page.keyboard.press("ArrowLeft")
    assert opened.counter() == "1 / 9"
    assert opened.current_edge() == first


def test_buttons_move_between_steps(opened):
    first = opened.current_edge()
    opened.page.click("#next")
    opened.page.click("#next")
    assert opened.counter() == "3 / 9"
    third = opened.current_edge()
    assert third != first
    opened.page.click("#prev")
    assert opened.counter() == "2 / 9"
    assert opened.current_edge() not in (first, third)


def test_the_counter_stops_at_both_ends(opened):
    opened.page.keyboard.press("ArrowLeft")
    assert opened.counter() == "1 / 9"
    for _ in range(12):
        opened.page.keyboard.press("ArrowRight")
    assert opened.counter() == "9 / 9"
    assert opened.page.is_disabled("#next")


def test_the_current_step_highlights_its_two_nodes(opened):
    for _ in range(8):
        opened.page.keyboard.press("ArrowRight")
    # the last step: x1w1 passes its gradient to w1 (Value 1)
    assert opened.page.eval_on_selector("#graph .node.source", "e => e.id") == "n2"
    assert opened.page.eval_on_selector("#graph .node.target", "e => e.id") == "n1"
    assert opened.current_edge() == ["e2_1", "o2"]


def test_gradients_known_so_far_grow_to_backward_gradients(opened):
    assert len(opened.page.query_selector_all("#grads tr")) == 2  # o (the seed) and n
    for _ in range(8):
        opened.page.keyboard.press("ArrowRight")
    rows = opened.page.eval_on_selector_all("#grads tr", "rs => rs.map(r => r.cells[0].textContent + "
                                                          "'=' + r.cells[1].textContent)")
    values = lecture_neuron()
    values["o"].backward()
    assert sorted(rows) == sorted(f"{k}={format_number(v.grad)}" for k, v in values.items())
    boxes = opened.page.eval_on_selector("#n0", "g => [...g.querySelectorAll('text')].pop().textContent")
    assert boxes == "grad -1.5"  # x1's box shows its gradient


def test_page_shows_no_console_errors(opened):
    for key in ["ArrowRight"] * 9 + ["ArrowLeft"] * 9:
        opened.page.keyboard.press(key)
    opened.page.click("#next")
    assert opened.errors == []


def test_page_loads_nothing_from_the_network(opened):
    assert [url for url in opened.requests if not url.startswith("file://")] == []


def test_labels_with_markup_show_as_text_and_never_run(browser, tmp_path):
    a = Value(2.0, label=SCRIPT_LABEL)
    b = Value(3.0, label=IMG_LABEL)
    c = a * b
    c.label = COMMENT_LABEL
    page = Opened(browser, save_stepper(c, tmp_path / "labels.html"))
    try:
        page.page.keyboard.press("ArrowRight")
        assert page.page.evaluate("typeof window.__pwned") == "undefined"
        assert page.page.query_selector("#graph img, body img") is None
        svg_text = page.page.inner_text("#graph")
        assert SCRIPT_LABEL in svg_text and IMG_LABEL in svg_text and COMMENT_LABEL in svg_text
        assert IMG_LABEL in page.page.inner_text("#formula")
        assert page.errors == []
    finally:
        page.page.close()


# the file itself ----------------------------------------------------------------------------
def test_save_stepper_writes_one_self_contained_file_and_returns_its_path(requires_dot, tmp_path):
    values = lecture_neuron()
    target = tmp_path / "page.html"
    assert save_stepper(values["o"], target) == target
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page and "<script>" in page and "<style>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_save_stepper_writes_a_label_holding_a_lone_surrogate(requires_dot, tmp_path):
    a = Value(2.0, label="\ud800")
    target = save_stepper((a * 3.0).tanh(), tmp_path / "surrogate.html")
    page = target.read_text(encoding="utf-8")  # valid UTF-8
    data = page.split('<script type="application/json" id="stepper-data">')[1].split("</script>")[0]
    assert "\ud800" in json.loads(data)["names"].values()  # the escape reads back as the label


def test_labels_cannot_end_the_embedded_json_early(requires_dot):
    a = Value(1.0, label=COMMENT_LABEL + SCRIPT_LABEL)
    page = Stepper(a * 2.0).html()
    data = page.split('<script type="application/json" id="stepper-data">')[1].split("</script>")[0]
    assert "<" not in data
    assert COMMENT_LABEL + SCRIPT_LABEL in json.loads(data)["names"].values()


def test_stepper_shows_itself_in_jupyter_as_an_isolated_iframe(requires_dot):
    stepper = Stepper(lecture_neuron()["o"])
    shown = stepper._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "<script" not in shown
    assert html.unescape(shown.split('srcdoc="')[1].split('" style=')[0]) == stepper.html()
    assert len(stepper) == len(backward_steps(lecture_neuron()["o"])) == 9


def test_a_leaf_root_gives_a_page_with_no_steps(browser, tmp_path):
    page = Opened(browser, save_stepper(Value(1.0, label="lonely"), tmp_path / "leaf.html"))
    try:
        assert page.counter() == "0 / 0"
        assert "leaf" in page.page.inner_text("#sentence")
        assert page.errors == []
    finally:
        page.page.close()
