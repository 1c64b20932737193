"""The step-by-step page in a classroom: it reads on a projector at 1024×768, the graph zooms, pans
and keeps its place between frames, the page goes fullscreen, has larger text, prints as a
handout without buttons, and practice can be retried and reset.

The pages open in real headless Chromium (Playwright) at a projector's 1024×768; like the other
browser tests these skip where Graphviz's dot or Chromium is missing, and fail under CI=true.
"""

from __future__ import annotations

import math

import pytest

from autograd import Value, save_stepper

READABLE_PX = 13
"""The least height, in CSS pixels, of a node's text on a 1024×768 projector."""


def readme_example() -> Value:
    """The README's ten lines: o = tanh(x*w + b)."""
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    n = x * w + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def score_graph() -> Value:
    """The GPT demo's score graph: (q1 k1 + ... + q4 k4) / √4, with numbers of its kind."""
    qs = [Value(x, label=f"q{i + 1}") for i, x in enumerate([0.31, -1.2, 0.7, 0.05])]
    ks = [Value(x, label=f"k{i + 1}") for i, x in enumerate([1.1, -0.4, 0.9, -2.0])]
    total = qs[0] * ks[0]
    for a, b in zip(qs[1:], ks[1:]):
        total = total + a * b
    total.label = "q·k"
    score = total / Value(math.sqrt(4), label="√4")
    score.label = "score"
    return score


class Room:
    """A page open at 1024×768, with what the tests look at."""

    def __init__(self, browser, path):
        self.errors = []
        self.page = browser.new_page(viewport={"width": 1024, "height": 768})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())

    def rect(self, selector):
        return self.page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                                    "return [r.left, r.top, r.right, r.bottom]; }")

    def text_height(self):
        """The height of the first node's text in the graph, as shown."""
        return self.rect("#graph svg g.node text")[3] - self.rect("#graph svg g.node text")[1]

    def inside_graph(self, selector):
        left, top, right, bottom = self.rect("#graph")
        x0, y0, x1, y1 = self.rect(selector)
        return left <= x0 and x1 <= right and top <= y0 and y1 <= bottom

    def current_in_view(self):
        return all(self.inside_graph(f"#{i}") for i in self.page.eval_on_selector_all(
            "#graph .current, #graph .source, #graph .target", "es => es.map(e => e.id)"))

    def close(self):
        self.page.close()


@pytest.fixture
def room(browser, tmp_path):
    """Open a page of a graph at 1024×768; closed after the test."""
    opened = []

    def open_page(root, name="page", **options):
        opened.append(Room(browser, save_stepper(root, tmp_path / f"{name}.html", **options)))
        return opened[-1]

    yield open_page
    for page in opened:
        assert page.errors == []
        page.close()


@pytest.mark.parametrize("make", [readme_example, score_graph], ids=["readme example", "gpt score graph"])
def test_a_nodes_text_reads_on_a_projector_at_1024x768(room, make):
    page = room(make())
    assert page.text_height() >= READABLE_PX
    assert page.current_in_view()


def test_every_frames_step_is_in_view_of_a_graph_too_wide_for_the_window(room):
    page = room(score_graph())
    for _ in range(16):
        assert page.current_in_view()
        page.page.keyboard.press("ArrowRight")


def test_a_graph_that_fits_stays_in_place_from_frame_to_frame(room):
    page = room(Value(2.0, label="a") * Value(3.0, label="b"))
    assert page.inside_graph("#graph svg")
    where = page.rect("#graph svg")
    for _ in range(3):
        page.page.keyboard.press("ArrowRight")
        assert page.rect("#graph svg") == where


def test_the_graph_keeps_its_size_as_the_side_table_grows(room):
    page = room(score_graph())
    height, rows = page.text_height(), len(page.page.query_selector_all("#grads tr"))
    for _ in range(15):
        page.page.keyboard.press("ArrowRight")
    assert page.text_height() == pytest.approx(height, rel=1e-3)
    assert len(page.page.query_selector_all("#grads tr")) > rows + 10


def test_the_zoom_buttons_scale_the_graph_and_fit_shows_all_of_it(room):
    page = room(score_graph())
    height = page.text_height()
    page.page.click("#zoom-in")
    assert page.text_height() == pytest.approx(1.25 * height, rel=0.05)
    page.page.click("#zoom-out")
    page.page.click("#zoom-out")
    assert page.text_height() == pytest.approx(height / 1.25, rel=0.05)
    page.page.click("#fit")
    assert page.inside_graph("#graph svg")


def test_the_keys_plus_minus_and_zero_zoom_and_fit(room):
    page = room(score_graph())
    height = page.text_height()
    page.page.keyboard.press("+")
    assert page.text_height() > height
    page.page.keyboard.press("-")
    page.page.keyboard.press("-")
    assert page.text_height() < height
    page.page.keyboard.press("0")
    assert page.inside_graph("#graph svg")


def test_shift_arrows_pan_the_graph_and_leave_the_step_alone(room):
    page = room(score_graph())
    left = page.rect("#graph svg")[0]
    page.page.keyboard.press("Shift+ArrowRight")
    assert page.rect("#graph svg")[0] < left
    assert page.page.inner_text("#counter") == "1 / 16"
    page.page.keyboard.press("Shift+ArrowLeft")
    assert page.rect("#graph svg")[0] == left


@pytest.mark.parametrize("button, dx, dy", [("#pan-left", 1, 0), ("#pan-right", -1, 0),
                                             ("#pan-up", 0, 1), ("#pan-down", 0, -1)])
def test_the_pan_buttons_move_the_graph(room, button, dx, dy):
    page = room(score_graph())
    x, y = page.rect("#graph svg")[:2]
    page.page.click(button)
    moved_x, moved_y = page.rect("#graph svg")[:2]
    assert (moved_x - x) * dx > 0 or (dx == 0 and moved_x == x)
    assert (moved_y - y) * dy > 0 or (dy == 0 and moved_y == y)


def test_dragging_pans_and_the_wheel_zooms(room):
    page = room(score_graph())
    x, y = page.rect("#graph svg")[:2]
    page.page.mouse.move(300, 400)
    page.page.mouse.down()
    page.page.mouse.move(350, 380)
    page.page.mouse.up()
    assert page.rect("#graph svg")[:2] == pytest.approx([x + 50, y - 20])
    height = page.text_height()
    page.page.mouse.wheel(0, -100)
    assert page.text_height() > height


def test_the_fullscreen_button_fills_the_screen_and_leaves_it(room):
    page = room(readme_example())
    labelled = "(label) => document.getElementById('fullscreen').textContent === label"
    page.page.click("#fullscreen")
    page.page.wait_for_function(labelled, arg="Leave fullscreen")  # set when the change is done
    assert page.page.evaluate("document.fullscreenElement !== null")
    page.page.click("#fullscreen")
    page.page.wait_for_function(labelled, arg="Fullscreen")
    assert page.page.evaluate("document.fullscreenElement === null")


def test_the_page_shown_in_jupyter_may_go_fullscreen(browser):
    from autograd import Stepper

    page = browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.set_content(Stepper(readme_example())._repr_html_())
        frame = page.frames[1]
        frame.wait_for_selector("#fullscreen")
        assert frame.evaluate("document.fullscreenEnabled") and frame.is_visible("#fullscreen")
    finally:
        page.close()


def test_larger_text_enlarges_the_page_and_the_graph(room):
    page = room(score_graph())
    size = page.page.eval_on_selector("#formula", "e => parseFloat(getComputedStyle(e).fontSize)")
    height = page.text_height()
    page.page.click("#larger-text")
    assert page.page.get_attribute("#larger-text", "aria-pressed") == "true"
    assert page.page.eval_on_selector("#formula", "e => parseFloat(getComputedStyle(e).fontSize)") > size
    assert page.text_height() > height and page.current_in_view()
    page.page.keyboard.press("t")
    assert page.text_height() == pytest.approx(height)


# printing -----------------------------------------------------------------------------------------
def print_as(page, what):
    """Press Print with ``what`` chosen, the browser's print dialog stubbed; then look as paper does."""
    page.page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.page.select_option("#print-what", what)
    page.page.click("#print")
    page.page.emulate_media(media="print")
    assert page.page.evaluate("window.printed") == 1


def visible_buttons(page):
    return [b for b in page.page.query_selector_all("button, select") if b.is_visible()]


def test_printing_this_step_shows_the_step_and_graph_without_buttons(room):
    page = room(readme_example())
    page.page.keyboard.press("ArrowRight")
    print_as(page, "step")
    assert visible_buttons(page) == []
    assert page.page.is_visible("#graph svg") and page.page.is_visible("#formula")
    assert page.page.inner_text("#formula").startswith("do/d(x*w) +=")
    assert page.page.eval_on_selector("#graph svg", "e => getComputedStyle(e).transform") == "none"


def test_printing_every_step_gives_one_page_per_step_with_its_highlights(room):
    page = room(readme_example())
    print_as(page, "steps")
    pages = page.page.query_selector_all("#handout section.page")
    assert len(pages) == 5 and visible_buttons(page) == [] and not page.page.is_visible("main")
    assert all(p.eval_on_selector("svg", "s => s.querySelectorAll('.current').length") == 3 for p in pages)
    assert pages[0].eval_on_selector("p.formula", "e => e.textContent").startswith("do/dn +=")
    assert pages[0].evaluate("e => getComputedStyle(e).breakAfter") == "page"


def test_printing_the_table_gives_the_graph_and_every_steps_formula(room):
    page = room(readme_example())
    print_as(page, "table")
    rows = page.page.eval_on_selector_all("#handout table.steps tr", "rs => rs.map(r => r.textContent)")
    assert len(rows) == 5 and rows[-1].startswith("5do/dw +=")
    assert page.page.is_visible("#handout svg") and visible_buttons(page) == []


def test_a_practice_handout_asks_instead_of_telling(room):
    page = room(readme_example(), practice=True)
    print_as(page, "table")
    rows = page.page.eval_on_selector_all("#handout table.steps tr", "rs => rs.map(r => r.textContent)")
    assert all(row.endswith("= ?") for row in rows)


def test_the_handout_is_removed_after_printing(room):
    page = room(readme_example())
    print_as(page, "steps")
    page.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.page.query_selector_all("#handout *") == []
    page.page.emulate_media(media="screen")
    assert page.page.is_visible("main")


# practice: retry and reset ------------------------------------------------------------------------
def answer(page, typed):
    page.page.fill("#answer", typed)
    page.page.press("#answer", "Enter")


def test_retry_clears_a_checked_answer_so_the_step_can_be_tried_again(room):
    page = room(readme_example(), practice=True)
    assert not page.page.is_visible("#retry")
    answer(page, "0.7")
    assert page.page.inner_text("#verdict").endswith("wrong") and page.page.is_visible("#retry")
    page.page.click("#retry")
    assert page.page.input_value("#answer") == "" and page.page.is_editable("#answer")
    assert page.page.inner_text("#verdict") == "" and page.page.inner_text("#score") == "score: 0 / 0"
    answer(page, "1 - o**2")
    assert page.page.inner_text("#verdict").endswith("right")
    assert page.page.inner_text("#score") == "score: 1 / 1"


def test_reset_clears_every_answer_and_goes_back_to_the_first_step(room):
    page = room(readme_example(), practice=True)
    answer(page, "0.7")
    page.page.press("#answer", "Enter")  # on to step 2
    answer(page, "1")
    assert page.page.inner_text("#counter") == "2 / 5"
    page.page.click("#reset")
    assert page.page.inner_text("#counter") == "1 / 5"
    assert page.page.inner_text("#score") == "score: 0 / 0" and page.page.input_value("#answer") == ""
    assert page.page.is_editable("#answer") and "?" in page.page.inner_text("#grads")
