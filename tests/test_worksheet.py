"""Worksheets: seeded exercises fair to do by hand, blanks on the student's pages, the engine's
numbers in the answer key, and arguments checked."""

import dataclasses
import math
import os
import re
import stat
from html.parser import HTMLParser

import pytest

import autograd
from autograd.tutor.exercises import LEVELS, Exercise, make_exercise
from autograd.tutor.practice import run as run_practice
from autograd.tutor.worksheet import MAX_SEED, Worksheet, save_worksheets, worksheet
from autograd.tutor.worksheet_page import shown
from autograd.views.steps import backward_steps

SEEDS = range(25)


class Tables(HTMLParser):
    """The cells of a page's tables, by part of the page (``sheet`` or ``key``) and exercise:
    for each row, (name, how, value cell, gradient cell), a cell as (its class, its text)."""

    def __init__(self, page):
        super().__init__()
        self.part, self.exercise, self.cell = None, None, None
        self.tables = {"sheet": {}, "key": {}}  # by exercise number (the last sheet's, in a file of many)
        self.rows = {"sheet": [], "key": []}  # every exercise's, in order
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("class") in ("sheet", "key"):
            self.part = attrs["class"]
        if tag == "section" and attrs.get("class") == "exercise":
            self.exercise = self.tables[self.part][int(attrs["id"].split("-")[-1])] = []
            self.rows[self.part].append(self.exercise)
        if tag == "tr" and self.exercise is not None:
            self.row = []
        if tag in ("td", "th") and self.exercise is not None:
            self.cell = [attrs.get("class", ""), ""]

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(tuple(self.cell))
            self.cell = None
        if tag == "tr" and self.exercise is not None:
            self.exercise.append(tuple(self.row))
        if tag == "section":  # an exercise's own section ends (none is nested in it)
            self.exercise = None


def body_rows(rows):
    """The rows of one exercise's table without its header."""
    return [row for row in rows if row[0][1] != "Value"]


def test_the_same_seed_and_level_give_the_same_sheet():
    for level in LEVELS:
        assert worksheet(11, 6, level).html() == worksheet(11, 6, level).html()


def test_different_seeds_give_different_sheets_one_per_student():
    for level in LEVELS:
        sheets = [tuple(e.nodes for e in worksheet(seed, 6, level).exercises) for seed in range(1, 31)]
        assert len(set(sheets)) == 30


def test_an_exercise_is_the_same_however_many_exercises_the_sheet_has():
    assert worksheet(4, 2).exercises == worksheet(4, 9).exercises[:2]


def test_the_exercises_of_a_sheet_differ_from_each_other():
    exercises = worksheet(3, 20, "reuse").exercises
    assert len({e.nodes for e in exercises}) == 20


def values_of(exercise):
    return exercise.build_all()


def test_every_number_is_a_short_decimal_at_the_exact_levels():
    for level in ("sums", "reuse"):
        for seed in SEEDS:
            for a in make_exercise(seed, level, 1).answers():
                for x in (a.value, a.grad):
                    assert abs(x) <= 100 and round(x, 4) == pytest.approx(x, abs=1e-9), (level, seed, a)


def test_no_exercise_has_a_domain_error_a_huge_number_or_an_argument_at_a_kink():
    for level in LEVELS:
        for seed in SEEDS:
            values = values_of(make_exercise(seed, level, 2))
            values[-1].backward()
            for v in values:
                assert math.isfinite(v.data) and math.isfinite(v.grad)
                assert abs(v.data) <= 100 and abs(v.grad) <= 100
                if v.op == "relu":
                    assert v.inputs[0].data != 0
                if v.op in ("tanh", "exp"):
                    assert abs(v.inputs[0].data) <= 2
                if v.op == "/":
                    assert abs(v.inputs[1].data) >= 0.5


def consumers(exercise):
    counts = [0] * len(exercise.nodes)
    for node in exercise.nodes:
        for i in node.operands:
            counts[i] += 1
    return counts


def test_the_reuse_levels_use_a_value_twice_and_the_first_level_never():
    for seed in SEEDS:
        assert max(consumers(make_exercise(seed, "reuse", 1))) >= 2
        assert max(consumers(make_exercise(seed, "deep", 1))) >= 2
        counts = consumers(make_exercise(seed, "sums", 1))
        assert max(counts) == 1 and counts[-1] == 0  # a tree: every Value used once, but the output


def test_the_neuron_level_is_the_lecture_neuron_op_by_op():
    for seed in SEEDS:
        exercise = make_exercise(seed, "neuron", 1)
        values = {v.label: v for v in values_of(exercise)}
        o, n = values["o"], values["n"]
        assert o.op in ("tanh", "sigmoid", "relu") and o.inputs == (n,)
        weighted = sum(values[f"x{i}"].data * values[f"w{i}"].data for i in (1, 2, 3) if f"x{i}" in values)
        assert n.data == pytest.approx(weighted + values["b"].data)


def by_central_differences(exercise, index, eps=1e-6):
    """d output / d input ``index`` of ``exercise``, from its plan with that input moved."""
    def at(x):
        nodes = list(exercise.nodes)
        nodes[index] = dataclasses.replace(nodes[index], number=x)
        return dataclasses.replace(exercise, nodes=tuple(nodes)).build().data
    x = exercise.nodes[index].number
    return (at(x + eps) - at(x - eps)) / (2 * eps)


def test_the_keys_gradients_agree_with_central_differences():
    for level in LEVELS:
        for seed in range(8):
            exercise = make_exercise(seed, level, 1)
            answers = exercise.answers()
            for i, node in enumerate(exercise.nodes):
                if not node.op:
                    assert answers[i].grad == pytest.approx(by_central_differences(exercise, i), abs=1e-6)


def test_the_neuron_keys_gradient_is_the_hand_worked_chain_rule():
    slope = {"tanh": lambda n: 1 - math.tanh(n) ** 2, "relu": lambda n: float(n > 0),
             "sigmoid": lambda n: math.exp(-n) / (1 + math.exp(-n)) ** 2}
    for seed in SEEDS:
        exercise = make_exercise(seed, "neuron", 1)
        key = {a.name: a for a in exercise.answers()}
        d = slope[exercise.nodes[-1].op](key["n"].value)
        assert key["x1"].grad == pytest.approx(d * key["w1"].value)
        assert key["w1"].grad == pytest.approx(d * key["x1"].value)
        assert key["b"].grad == pytest.approx(d)


def test_the_printed_key_shows_the_engines_values_and_backwards_gradients():
    sheet = worksheet(9, 5, "functions")
    key = Tables(sheet.html()).tables["key"]
    for k, exercise in enumerate(sheet.exercises, 1):
        values = values_of(exercise)
        values[-1].backward()  # the graph as the engine builds it, run backward here
        rows = body_rows(key[k])
        assert [row[0][1] for row in rows] == [v.label for v in values]
        for row, v in zip(rows, values):
            assert row[2][1] == shown(v.data, False) and row[3][1] == shown(v.grad, False)


def test_the_student_pages_have_blanks_for_every_value_but_the_inputs_and_every_gradient_but_the_seed():
    sheet = worksheet(2, 6, "reuse")
    tables = Tables(sheet.html()).tables["sheet"]
    assert sorted(tables) == list(range(1, 7))
    for k, exercise in enumerate(sheet.exercises, 1):
        rows = body_rows(tables[k])
        assert len(rows) == len(exercise.nodes)
        for row, node in zip(rows, exercise.nodes):
            value, grad = row[2], row[3]
            if node.op:
                assert value == ("number blank", "")
            else:
                assert value == ("number given", shown(node.number, True))
            seed = node is exercise.nodes[-1]
            assert grad == (("number given", "1 (the seed)") if seed else ("number blank", ""))


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def test_no_answer_appears_on_the_student_pages():
    for level in LEVELS:
        sheet = worksheet(5, 6, level)
        page = sheet.html()
        student = page[page.index('<section class="sheet"'):page.index('<section class="key"')]
        shown_numbers = {float(x) for x in NUMBER.findall(re.sub(r"<[^>]*>", " ", student))}
        given = {n.number for e in sheet.exercises for n in e.nodes if not n.op}
        # the seed 5, 6 exercises numbered 1 to 6, 4 significant digits, x**2, digits in names (x1)
        others = {float(x) for x in range(1, 7)} | {float(x) for e in sheet.exercises for n in e.nodes
                                                    for x in NUMBER.findall(n.label)}
        for e in sheet.exercises:
            for a in e.answers()[:-1]:
                hidden = {a.grad} | ({a.value} if a.how else set())
                for x in hidden - given - others:
                    assert float(shown(x, LEVELS[level].exact)) not in shown_numbers, (level, e.number, a)


def test_the_key_is_on_pages_of_its_own_and_the_page_has_no_script():
    page = worksheet(1).html()
    assert page.index('<section class="sheet"') < page.index('<section class="key"')
    assert re.search(r"\.key, [^{]*\{[^}]*break-before:\s*page", page)
    assert "<script" not in page.lower() and "default-src 'none'" in page


def test_without_key_the_sheet_has_no_key():
    page = worksheet(1, key=False).html()
    assert 'class="key"' not in page and Tables(page).tables["key"] == {}


def test_the_title_is_text_never_markup():
    page = worksheet(1, title="<script>alert(1)</script> & <b>").html()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in page


def test_an_exercise_can_be_practised_with_the_answers_its_steps_add():
    root = worksheet(6, 3, "neuron").exercise(2)
    answers = iter(repr(s.contribution) for s in backward_steps(root))
    score = run_practice(root, lambda prompt: next(answers), lambda line: None)
    assert score.right == score.total == len(backward_steps(root)) > 0


def test_each_call_of_exercise_builds_a_fresh_graph():
    sheet = worksheet(6, 3)
    first = sheet.exercise(1)
    first.backward()
    assert sheet.exercise(1) is not first and sheet.exercise(1).grad == 0.0


def test_save_worksheets_writes_one_distinct_sheet_per_student(tmp_path):
    paths = save_worksheets(tmp_path / "class", 12, first_seed=5, exercises=3, level="sums")
    assert [os.path.basename(p) for p in paths] == [f"worksheet-{s:02d}.html" for s in range(5, 17)]
    pages = [open(p, encoding="utf-8").read() for p in paths]
    assert len(set(pages)) == 12 and pages[0] == worksheet(5, 3, "sums").html()
    assert sorted(os.listdir(tmp_path / "class")) == sorted(
        [os.path.basename(p) for p in paths] + ["all-keys.html", "all-sheets.html"])


def test_save_worksheets_puts_every_sheet_in_one_file_and_every_key_in_another(tmp_path):
    save_worksheets(tmp_path, 4, first_seed=7, exercises=2)
    sheets = Tables((tmp_path / "all-sheets.html").read_text(encoding="utf-8"))
    keys = Tables((tmp_path / "all-keys.html").read_text(encoding="utf-8"))
    for seed in range(7, 11):
        alone = Tables(worksheet(seed, 2).html()).tables
        assert f'id="sheet-{seed}"' in (tmp_path / "all-sheets.html").read_text(encoding="utf-8")
        assert f'id="key-{seed}"' in (tmp_path / "all-keys.html").read_text(encoding="utf-8")
        assert alone["sheet"][1] in sheets.rows["sheet"] and alone["key"][2] in keys.rows["key"]
    assert keys.tables["sheet"] == {} and sheets.tables["key"] == {}


BAD = {
    "negative_seed": ({"seed": -1}, ValueError, "seed must be between 0 and"),
    "seed_too_big": ({"seed": MAX_SEED + 1}, ValueError, "seed must be between"),
    "float_seed": ({"seed": 1.5}, TypeError, "seed must be a whole number, got float"),
    "huge_seed": ({"seed": 10**5000}, ValueError, "got a whole number of 5,001 digits"),
    "bool_seed": ({"seed": True}, TypeError, "seed must be a whole number, got bool"),
    "text_seed": ({"seed": "3"}, TypeError, "got str '3'"),
    "no_exercises": ({"exercises": 0}, ValueError, "exercises must be between 1 and 50, got 0"),
    "too_many_exercises": ({"exercises": 51}, ValueError, "exercises must be between 1 and 50"),
    "unknown_level": ({"level": "hard"}, ValueError, "unknown level 'hard'; the levels are sums, reuse"),
    "level_not_text": ({"level": 2}, TypeError, "level must be a string"),
    "empty_title": ({"title": "  "}, ValueError, "title must have 1 to 200 characters"),
    "title_not_text": ({"title": None}, TypeError, "title must be a string"),
    "key_not_bool": ({"key": "yes"}, TypeError, "key must be True or False"),
}


@pytest.mark.parametrize("kwargs, error, says", BAD.values(), ids=BAD.keys())
def test_a_bad_argument_is_a_clear_error(kwargs, error, says):
    with pytest.raises(error, match=re.escape(says)):
        worksheet(**kwargs)


@pytest.mark.parametrize("kwargs, error, says", BAD.values(), ids=BAD.keys())
def test_save_worksheets_checks_everything_before_writing_anything(tmp_path, kwargs, error, says):
    kwargs = {"first_seed" if k == "seed" else k: v for k, v in kwargs.items()}
    with pytest.raises(error, match=re.escape(says)):
        save_worksheets(tmp_path / "class", 3, **kwargs)
    assert not (tmp_path / "class").exists()


def test_save_worksheets_refuses_a_file_for_its_folder_and_seeds_past_the_last(tmp_path):
    (tmp_path / "f.html").write_text("old")
    with pytest.raises(NotADirectoryError, match="it is not a folder"):
        save_worksheets(tmp_path / "f.html", 2)
    with pytest.raises(ValueError, match="run past the last seed"):
        save_worksheets(tmp_path / "c", 3, first_seed=MAX_SEED - 1)
    assert (tmp_path / "f.html").read_text() == "old" and not (tmp_path / "c").exists()


def test_save_worksheets_checks_every_file_before_writing_the_first(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    os.mkfifo(folder / "worksheet-2.html")  # made in a temporary folder: never a real device
    with pytest.raises(OSError, match="worksheet-2.html': it is a named pipe"):
        save_worksheets(folder, 3)
    assert [p.name for p in folder.iterdir()] == ["worksheet-2.html"]
    assert stat.S_ISFIFO(os.stat(folder / "worksheet-2.html").st_mode)


def test_save_worksheets_into_a_link_to_a_missing_folder_names_where_it_points(tmp_path):
    (tmp_path / "class").symlink_to(tmp_path / "gone")
    with pytest.raises(FileNotFoundError, match=r"it is a link to '.*gone', which does not exist"):
        save_worksheets(tmp_path / "class", 2)


def test_an_exercise_number_outside_the_sheet_is_refused():
    sheet = worksheet(1, 3)
    with pytest.raises(ValueError, match="this sheet has exercises 1 to 3, got 4"):
        sheet.exercise(4)
    with pytest.raises(ValueError, match="the exercise number must be between 1 and 50, got 0"):
        sheet.answers(0)


def test_worksheet_is_exported_and_shows_itself_in_jupyter():
    sheet = autograd.worksheet(2, 2)
    assert isinstance(sheet, Worksheet) and len(sheet) == 2 and "seed=2" in repr(sheet)
    frame = sheet._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "<table>" not in frame and "&lt;table&gt;" in frame


def test_an_exercise_is_a_frozen_plan_built_by_the_engine():
    exercise = make_exercise(1, "sums", 1)
    assert isinstance(exercise, Exercise)
    with pytest.raises(dataclasses.FrozenInstanceError):
        exercise.seed = 2  # type: ignore[misc]
    assert isinstance(exercise.build(), autograd.Value)


def written(exercise):
    return [f"{a.name} = {a.how or a.value}" for a in exercise.answers()]


def test_a_sheet_handed_out_can_be_made_again_exercise_for_exercise():
    """Seeds draw through ``random.random`` alone (whose sequence Python keeps from version to
    version), so these plans stay as they were handed out; a change of the generator shows here."""
    assert written(make_exercise(1, "reuse", 1)) == [
        "a = -1.0", "b = 4.0", "c = 2.0", "d = b**2", "f = d/c", "g = f - d", "L = g/a"]
    assert written(make_exercise(1, "neuron", 1)) == [
        "x1 = -1.0", "w1 = -1.0", "x2 = 1.5", "w2 = -0.5", "b = -0.5",
        "p1 = x1*w1", "p2 = x2*w2", "s1 = p1 + p2", "n = s1 + b", "o = tanh(n)"]


def test_every_input_gets_a_gradient_unless_a_relu_is_off():
    for level in LEVELS:
        for seed in SEEDS:
            values = values_of(make_exercise(seed, level, 3))
            values[-1].backward()
            if not any(v.op == "relu" and v.inputs[0].data < 0 for v in values):
                assert all(v.grad != 0 for v in values if not v.inputs), (level, seed)
