"""benchmarks/speed.py and benchmarks/microgpt.py: rows take turns, agree, or stop the run."""

import gc
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is a folder, not installed
import autograd  # noqa: E402
from benchmarks import common, microgpt, speed, versus_micrograd  # noqa: E402

pytestmark = pytest.mark.usefixtures("pythons_own_collector")


def test_rows_take_turns_round_after_round_keeping_the_first_results():
    calls = []
    rows = [speed.Row(name, lambda name=name: calls.append(name) or len(calls)) for name in "ab"]
    timed = speed.interleaved(rows, repeats=2)
    assert calls == ["a", "b", "a", "b"]
    assert [t.result for t in timed] == [1, 2]
    assert all(t.wall > 0 and t.seconds > 0 and t.collector >= 0 for t in timed)


def big_backward(n: int = 5_000) -> None:
    v = autograd.Value(0.5)
    for _ in range(n):
        v = v * 1.0
    v.backward()


def test_a_row_on_pythons_collector_sees_pythons_threshold_and_the_policy_comes_back():
    seen = []
    python = speed.Row("python", lambda: seen.append(gc.get_threshold()[0]), True)
    speed.interleaved([speed.Row("policy", big_backward), python], 2)
    assert seen == [common.PYTHONS[0]] * 2 and autograd.collector_policy_enabled()


def test_a_row_with_the_policy_finds_the_threshold_it_left():
    seen = []
    rows = [speed.Row("big", lambda: (seen.append(gc.get_threshold()[0]), big_backward(5_000))),
            speed.Row("small", lambda: big_backward(100))]
    speed.interleaved(rows, 3)
    assert seen[1:] == [4 * 5_000] * 2


def test_rows_that_disagree_stop_the_run_listing_each():
    speed.check_same("the loss", [("a", 1.0), ("b", 1.0 + 1e-15)])
    with pytest.raises(AssertionError, match="disagree on the loss") as error:
        speed.check_same("the loss", [("a", 1.0), ("b", 1.001)])
    assert "b" in str(error.value)


def test_the_floors_compute_the_same_scores():
    X = [[0.5, -0.25], [1.0, 0.75], [-1.5, 0.5]]
    weights = versus_micrograd.make_weights()
    loops, mapped = speed.loops_forward(weights, X), speed.map_forward(weights, X)
    generator = versus_micrograd.float_forward(weights, X)()
    assert loops == pytest.approx(mapped, rel=1e-12) and loops == pytest.approx(generator, rel=1e-12)


SCRIPT = textwrap.dedent('''
    docs = [line.strip() for line in open('input.txt') if line.strip()]
    class Value:
        def __init__(self, data, children=(), local=()):
            self.data, self.grad, self._children, self._local = data, 0, children, local
        def __mul__(self, other):
            return Value(self.data * other.data, (self, other), (other.data, self.data))
        def backward(self):
            self.grad = 1
            for child, d in zip(self._children, self._local):
                child.grad += d * self.grad
    w = Value(0.5)
    params = [w]
    num_steps = 1000
    for step in range(num_steps):
        loss = w * w
        loss.backward()
        w.data -= 0.1 * w.grad
        w.grad = 0
        print(f"step {step + 1} | loss {loss.data:.6f}", len(docs))
    raise SystemExit("what follows the training loop does not run")
''')


def test_microgpt_runs_the_asked_steps_and_nothing_after_its_training(tmp_path):
    path = tmp_path / "microgpt.py"
    path.write_text(SCRIPT)
    own = microgpt.training(path, 3)
    assert own.printed == ["step 1 | loss 0.250000 32033", "step 2 | loss 0.160000 32033",
                           "step 3 | loss 0.102400 32033"]


def test_microgpt_on_chainrules_value_leaves_its_own_class_out(tmp_path, monkeypatch):
    path = tmp_path / "microgpt.py"
    path.write_text(SCRIPT)
    (tmp_path / "input.txt").write_text("emma\nava\n")
    monkeypatch.chdir(tmp_path)
    namespace = {"Value": autograd.Value, "print": lambda *a: None}
    exec(microgpt.script(path, 2, drop_value_class=True), namespace)
    assert type(namespace["loss"]) is autograd.Value and namespace["step"] == 1


def test_microgpt_on_chainrules_value_gives_the_same_losses(tmp_path):
    path = tmp_path / "microgpt.py"
    path.write_text(SCRIPT)
    own, ours = microgpt.training(path, 3), microgpt.training(path, 3, autograd.Value)
    assert microgpt.same_losses(own, ours) and microgpt.weights_apart(own, ours) == 0.0


def test_a_script_without_a_training_loop_is_refused(tmp_path):
    path = tmp_path / "other.py"
    path.write_text("x = 1\n")
    with pytest.raises(ValueError, match="no training loop"):
        microgpt.training(path, 3)
