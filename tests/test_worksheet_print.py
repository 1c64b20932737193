"""A worksheet printed by real headless Chromium (Playwright) on A4 and US Letter: the sheet on its
pages, the key on pages of its own, nothing wider than the paper, no script needed.

Needs Chromium (the ``browser`` fixture): skips where it is missing, fails under CI=true.
"""

import re

import pytest

from autograd.tutor.worksheet import save_worksheets, worksheet

PAPERS = ("A4", "Letter")
PRINTABLE_WIDTH = {"A4": 210 - 2 * 14, "Letter": 216 - 2 * 14}
"""The paper's width less the page's margins of 14 mm, in millimetres."""


def printed(browser, tmp_path, sheet, paper):
    """The sheet printed to PDF on ``paper`` with scripts off, as a browser's print dialogue would."""
    path = tmp_path / "sheet.html"
    sheet.save(path)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format=paper, print_background=True)
    context.close()
    return pdf


def pages(pdf):
    """The number of pages of a PDF: its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("paper", PAPERS)
def test_a_one_exercise_sheet_prints_on_one_page_and_its_key_on_the_next(browser, tmp_path, paper):
    assert pages(printed(browser, tmp_path, worksheet(3, 1, "sums", key=False), paper)) == 1
    assert pages(printed(browser, tmp_path, worksheet(3, 1, "sums"), paper)) == 2


@pytest.mark.parametrize("paper", PAPERS)
def test_a_full_sheet_prints_its_key_on_pages_of_its_own(browser, tmp_path, paper):
    sheet_pages = pages(printed(browser, tmp_path, worksheet(4, 6, "deep", key=False), paper))
    both = pages(printed(browser, tmp_path, worksheet(4, 6, "deep"), paper))
    assert 2 <= sheet_pages < both


@pytest.mark.parametrize("paper", PAPERS)
def test_nothing_on_the_sheet_is_wider_than_the_printable_width(browser, tmp_path, paper):
    path = tmp_path / "sheet.html"
    worksheet(4, 6, "neuron").save(path)
    page = browser.new_page(viewport={"width": round(PRINTABLE_WIDTH[paper] / 25.4 * 96), "height": 900})
    page.emulate_media(media="print")
    page.goto(path.as_uri())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('table')].map(t => t.scrollWidth))")
    page.close()
    assert overflow == 0 and widest <= round(PRINTABLE_WIDTH[paper] / 25.4 * 96)


def test_the_class_files_print_each_sheet_and_each_key_from_a_new_page(browser, tmp_path):
    save_worksheets(tmp_path / "class", 5, exercises=1, level="sums")
    for name in ("all-sheets.html", "all-keys.html"):
        page = browser.new_page(java_script_enabled=False)
        page.goto((tmp_path / "class" / name).as_uri())
        assert pages(page.pdf(format="A4")) == 5
        page.close()
