"""python -m autograd --worksheet and --exercise: sheets for a class in one command, and one of
their exercises shown, practised or made a page."""

import subprocess
import sys

import pytest

from autograd.tutor.worksheet import worksheet
from autograd.views.steps import backward_steps


def run(*args, answers=None):
    return subprocess.run([sys.executable, "-m", "autograd", *args], input=answers, capture_output=True,
                          text=True, timeout=120)


def test_one_command_writes_a_different_sheet_with_its_key_for_each_of_30_students(tmp_path):
    folder = tmp_path / "class"
    result = run("--worksheet", str(folder), "--students", "30", "--level", "neuron", "--exercises", "4")
    assert result.returncode == 0 and result.stderr == ""
    assert "saved 30 sheets of 4 exercises at level neuron (seeds 1 to 30)" in result.stdout
    files = sorted(folder.glob("worksheet-*.html"))
    assert [f.name for f in files] == [f"worksheet-{seed:02d}.html" for seed in range(1, 31)]
    assert (folder / "all-sheets.html").exists() and (folder / "all-keys.html").exists()
    pages = [f.read_text(encoding="utf-8") for f in files]
    assert len(set(pages)) == 30 and all('<section class="key"' in page for page in pages)
    assert pages[16] == worksheet(17, 4, "neuron").html()


def test_one_sheet_goes_to_the_file_named_and_is_the_same_as_the_python_ones(tmp_path):
    path = tmp_path / "sheet.html"
    result = run("--worksheet", str(path), "--seed", "8", "--level", "reuse", "--no-key")
    assert result.returncode == 0 and f"saved sheet 8 (6 exercises at level reuse) to {path}" in result.stdout
    assert path.read_text(encoding="utf-8") == worksheet(8, 6, "reuse", key=False).html()


def test_a_title_is_the_teachers_own_and_stays_text(tmp_path):
    path = tmp_path / "sheet.html"
    result = run("--worksheet", str(path), "--title", "Week 3 <b>backprop</b>")
    assert result.returncode == 0
    assert path.read_text(encoding="utf-8") == worksheet(title="Week 3 <b>backprop</b>").html()
    assert "<h1>Week 3 &lt;b&gt;backprop&lt;/b&gt;</h1>" in path.read_text(encoding="utf-8")


def test_an_exercise_is_shown_step_by_step_with_the_gradients_of_the_key():
    result = run("--exercise", "2", "--seed", "5", "--level", "sums")
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert out.startswith("exercise 2 of sheet 5, level sums\n") and "dL/dL = 1" in out
    for answer in worksheet(5, 2, "sums").answers(2):
        if not answer.how:
            assert f"  dL/d{answer.name} = {answer.grad!r}\n" in out


def test_an_exercise_is_practised_with_answers_piped_in():
    root = worksheet(3, 4, "functions").exercise(4)
    contributions = [repr(step.contribution) for step in backward_steps(root)]
    result = run("--practice", "--exercise", "4", "--seed", "3", answers="\n".join(contributions) + "\n")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count("  right: ") == len(contributions)
    assert f"\nscore: {len(contributions)}/{len(contributions)}\ngradients of " in result.stdout


def test_a_wrong_answer_to_an_exercise_is_marked_so():
    root = worksheet(3, 1, "sums").exercise(1)
    first = backward_steps(root)[0].contribution
    result = run("--exercise", "1", "--seed", "3", "--level", "sums", "--practice", answers=f"{first + 7}\n")
    assert "not quite" in result.stdout and "score: 0/1" in result.stdout


def test_an_exercise_makes_the_step_by_step_page(requires_dot, tmp_path):
    page = tmp_path / "steps.html"
    result = run("--exercise", "1", "--seed", "2", "--level", "neuron", "--html", str(page))
    assert result.returncode == 0, result.stderr
    assert "saved the step-by-step page" in result.stdout and "Prev" in page.read_text(encoding="utf-8")


BAD = {
    "unknown_level": (["--worksheet", "s.html", "--level", "hard"], "unknown level 'hard'; the levels are"),
    "no_exercises": (["--worksheet", "s.html", "--exercises", "0"], "exercises must be between 1 and 50"),
    "no_students": (["--worksheet", "s", "--students", "0"], "students must be between 1 and 1000, got 0"),
    "negative_seed": (["--exercise", "1", "--seed", "-3"], "seed must be between 0 and"),
    "seed_not_a_number": (["--exercise", "1", "--seed", "abc"],
                          "argument --seed: must be a whole number, got 'abc'"),
    "exercise_zero": (["--exercise", "0"], "the exercise number must be between 1 and 50, got 0"),
    "exercise_with_an_expression": (["--exercise", "1", "x*y", "x=1"], "drop 'x*y'"),
    "seed_without_a_sheet": (["x*2", "x=1", "--seed", "3"], "--seed goes with --worksheet or --exercise"),
    "students_with_an_exercise": (["--exercise", "1", "--students", "3"], "--students goes with --worksheet"),
    "sheet_with_practice": (["--worksheet", "s.html", "--practice"], "practise one of their exercises"),
    "practice_and_page": (["--exercise", "1", "--practice", "--html", "p.html"], "with --html alone"),
    "nothing": ([], "the following arguments are required"),
    "huge_seed": (["--worksheet", "s.html", "--seed", "9" * 5000],
                  "argument --seed: must be a whole number of a few digits, got one of 5,000"),
    "word_for_a_number": (["--worksheet", "s", "--students", "many"],
                          "argument --students: must be a whole number, got 'many'"),
    "empty_title": (["--worksheet", "s.html", "--title", ""], "title must have 1 to 200 characters"),
    "title_without_a_sheet": (["--exercise", "1", "--title", "T"], "--title goes with --worksheet"),
    "hostile_level": (["--exercise", "1", "--level", "<script>" * 50], "unknown level '<script><script>"),
}


@pytest.mark.parametrize("args, says", BAD.values(), ids=BAD.keys())
def test_bad_arguments_are_one_line_with_status_2_and_write_nothing(tmp_path, args, says):
    result = subprocess.run([sys.executable, "-m", "autograd", *args], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr) < 300 and list(tmp_path.iterdir()) == []


def test_a_sheet_that_cannot_be_written_is_one_line_with_status_1(tmp_path):
    (tmp_path / "taken").write_text("a file")
    for target, says in ((tmp_path / "missing" / "s.html", "does not exist; create it first"),
                         (tmp_path / "taken", "it is not a folder")):
        students = ["--students", "2"] if target.name == "taken" else []
        result = run("--worksheet", str(target), *students)
        assert result.returncode == 1 and result.stderr.count("\n") == 1 and says in result.stderr
    assert (tmp_path / "taken").read_text() == "a file"
