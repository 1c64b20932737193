"""Text is never markup: whatever a learner writes (a label, an op's name, a module's
description, a note in a history) is drawn and shown as written, in Graphviz pictures, in
every ``_repr_html_`` and in the stepper page, and can add no link, element or handler.

Each hostile text is checked in the real output: the SVG Graphviz makes, the HTML parsed.
"""

import html.parser
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import autograd
import nn
from autograd import Value, draw_dot
from autograd.notation import printable
from autograd.views.explain import Explanation
from nn.training.history import History

HOSTILE = [
    '<<table href="javascript:alert(1)"><tr><td>x</td></tr></table>>',
    "<lambda>",
    "</script><img src=x onerror=alert(1)>",
    '<img src=x onerror="alert(1)">',
    "a\ud800b",
    "a\\Nb \\G \\L \\",
    'q"]; x [label=y href="javascript:alert(1)"',
    "]]> <!-- &amp; &#60;",
    "and\x00nul\x1b\x7f",
]
IDS = [f"hostile{i}" for i in range(len(HOSTILE))]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def svg_texts(svg: str) -> list[str]:
    """Every text drawn in ``svg``, after checking that it holds no link."""
    root = ElementTree.fromstring(svg[svg.index("<svg"):])
    for element in root.iter():
        href = element.get(f"{XLINK}href") or element.get("href") or ""
        assert not href, f"a link in the picture: {href!r}"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def shown(text: str) -> str:
    """How a text looks once drawn: what no file can hold is '?'."""
    return printable(text)


def one_line_pieces(text: str) -> list[str]:
    """The pieces of ``text`` Graphviz draws as lines of their own (a newline breaks a line)."""
    return [piece for piece in shown(text).split("\n") if piece.strip()]


class Parsed(html.parser.HTMLParser):
    """An HTML document's start tags, attributes and text, as a browser would read them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def assert_text_not_markup(page: str, text: str, tags_allowed: set) -> None:
    """``page`` is HTML whose elements are only ``tags_allowed``, with no handler, holding ``text``."""
    page.encode("utf-8")  # Jupyter sends it as UTF-8: a lone surrogate would break the display
    parsed = Parsed(page)
    assert set(parsed.tags) <= tags_allowed, set(parsed.tags) - tags_allowed
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    assert shown(text) in "".join(parsed.text) + "".join(value for _, value in parsed.attributes)


# Graphviz ------------------------------------------------------------------------------------
@pytest.mark.parametrize("op", HOSTILE, ids=IDS)
def test_an_op_name_is_drawn_as_written_and_adds_no_link(requires_dot, op):
    out = Value(2.0, (Value(1.0, label="a"),), op)
    texts = svg_texts(draw_dot(out).pipe(format="svg", encoding="utf-8"))
    for piece in one_line_pieces(op):
        assert piece.strip() in [t.strip() for t in texts]


@pytest.mark.parametrize("label", HOSTILE, ids=IDS)
def test_a_label_is_drawn_as_written_and_adds_no_link(requires_dot, label):
    out = Value(1.0, label=label) * 2.0
    drawn = "".join(svg_texts(draw_dot(out).pipe(format="svg", encoding="utf-8")))
    for piece in one_line_pieces(label):
        assert piece.strip() in drawn


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_a_tooltip_holds_the_text_and_adds_no_link(requires_dot, text):
    model = nn.Layer(2, 1, random_state=0)
    model.neurons[0].w[0].label = text
    svg = nn.draw_network(model).pipe(format="svg", encoding="utf-8")
    svg_texts(svg)
    titles = [e.get(f"{XLINK}title") or "" for e in ElementTree.fromstring(svg[svg.index("<svg"):]).iter()]
    expected = shown(text).replace("\\", "\u29f5").split("\n")[0]
    assert any(expected in title for title in titles)


class Hostile(nn.Module):
    """A module that describes itself in markup."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self, x):
        return x

    def describe(self) -> str:
        return self.text


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_a_modules_description_is_drawn_as_written_under_its_layer(requires_dot, text):
    model = nn.Sequential(nn.Layer(2, 2, random_state=0), Hostile(text), nn.Layer(2, 1, random_state=1))
    drawn = "".join(svg_texts(nn.draw_network(model).pipe(format="svg", encoding="utf-8")))
    for piece in one_line_pieces(text):
        assert piece.strip() in drawn


def test_a_graphviz_complaint_is_quoted_in_a_bounded_piece(requires_graphviz, monkeypatch):
    said = subprocess.CompletedProcess([], 1, b"", ("Error: near " + "x" * 100_000).encode())
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: said)
    with pytest.raises(autograd.GraphvizError, match="Error: near xxx") as caught:
        draw_dot(Value(1.0, label="x") * 2.0).pipe()
    assert len(str(caught.value)) < 500


# HTML ----------------------------------------------------------------------------------------
TABLE = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "code"}


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_a_values_box_shows_its_label_and_op_as_text(text):
    v = Value(2.0, (Value(1.0),), text, label=text)
    assert_text_not_markup(v._repr_html_(), text, {"span", "b"})


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_an_explanation_table_shows_labels_as_text(text):
    x = Value(1.0, label=text)
    y = x * 3.0
    y.label = "y"
    assert_text_not_markup(Explanation(y)._repr_html_(), text, TABLE)


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_a_history_shows_its_notes_and_names_as_text(text):
    history = History()
    history.append(note=text, **{text: 1.0})
    history.stop_reason = text
    assert_text_not_markup(history._repr_html_(), text, TABLE)


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_a_model_summary_shows_its_parts_as_text(text):
    model = nn.Sequential(nn.Layer(2, 2, random_state=0), Hostile(text))
    assert_text_not_markup(model._repr_html_(), text, TABLE)
    assert_text_not_markup(model.summary()._repr_html_(), text, TABLE)


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_the_stepper_page_shows_labels_and_ops_as_text(requires_dot, text):
    x = Value(1.0, label=text)
    out = Value(2.0, (x,), text)
    out.label = text
    page = autograd.Stepper(out).html()
    parsed = Parsed(page)
    assert parsed.tags.count("script") == 2 and "img" not in parsed.tags and "a" not in parsed.tags
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    page.encode("utf-8")
    assert shown(text).split("\n")[0] in "".join(parsed.text)


def test_the_stepper_shown_in_jupyter_can_be_sent_as_utf8(requires_dot):
    out = Value(1.0, label="a\ud800b") * 2.0
    frame = autograd.Stepper(out)._repr_html_()
    frame.encode("utf-8")
    assert "a?b" in frame


def test_html_is_escaped_in_one_place_only():
    """Every HTML chainrule makes escapes its text with autograd.jupyter.escape_html (which also
    shows what no page can carry), so that no view escapes by hand and forgets a case."""
    root = Path(__file__).resolve().parent.parent
    by_hand = [str(path.relative_to(root)) for folder in ("autograd", "nn", "demos")
               for path in (root / folder).rglob("*.py")
               if "html.escape(" in path.read_text(encoding="utf-8") and path.name != "jupyter.py"]
    assert by_hand == []


def test_no_hostile_text_runs_in_a_browser(browser):
    """Every view's HTML (and a picture's SVG) on one page without a Content-Security-Policy, as
    a notebook shows them: no handler or link the texts carry ever runs."""
    attacks = ['<img src=x onerror="window.pwned=1">', '<svg onload="window.pwned=2"></svg>',
               '<<table href="javascript:window.pwned=3"><tr><td>x</td></tr></table>>']
    pieces = []
    for text in attacks:
        x = Value(1.0, label=text)
        out = Value(2.0, (x,), text)
        history = History()
        history.append(note=text)
        pieces += [out._repr_html_(), Explanation(out * 2.0)._repr_html_(), history._repr_html_(),
                   nn.Sequential(nn.Layer(2, 2, random_state=0), Hostile(text))._repr_html_(),
                   draw_dot(out).pipe(format="svg", encoding="utf-8").split("?>", 1)[-1]]
    page = browser.new_page()
    try:
        page.set_content("<!DOCTYPE html><html><body>" + "".join(pieces) + "</body></html>")
        page.wait_for_timeout(300)
        for anchor in page.query_selector_all("svg a"):
            anchor.click(force=True)
        assert page.evaluate("window.pwned") is None
    finally:
        page.close()
