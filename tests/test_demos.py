"""The classification demos and the chain-rule demo, run quickly into a temporary folder."""

import subprocess
import sys
from pathlib import Path

import pytest

from demos import chain_rule, circles, moons, spiral, xor
from demos import cli as demo_cli

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_png(path: Path) -> bool:
    data = Path(path).read_bytes()
    return data.startswith(PNG_SIGNATURE) and len(data) > 5_000


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Each demo run once with --quick; the tests below read the results."""
    folder = tmp_path_factory.mktemp("demos")
    return {module.__name__.split(".")[-1]: module.main(["--quick", "--out", str(folder)])
            for module in (moons, circles, xor, spiral)}


def test_moons_reaches_full_training_accuracy(outputs):
    assert outputs["moons"]["train_accuracy"] == 1.0


def test_moons_quick_trains_fewer_epochs_than_the_full_run(outputs):
    assert len(outputs["moons"]["history"]) < moons.EPOCHS


def test_spiral_reaches_95_percent_training_accuracy(outputs):
    assert outputs["spiral"]["train_accuracy"] >= 0.95


@pytest.mark.parametrize("name", ["circles", "xor", "spiral"])
def test_classification_demos_generalise_to_their_test_sets(outputs, name):
    assert outputs[name]["test_accuracy"] >= 0.9


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "spiral"])
def test_each_classification_demo_writes_one_valid_png_named_for_it(outputs, name, requires_matplotlib):
    written = outputs[name]["written"]
    assert [p.name for p in written] == [f"{name}.png"]
    assert is_png(written[0])


def test_chain_rule_demo_matches_the_lecture_gradients(tmp_path):
    result = chain_rule.main(["--quick", "--out", str(tmp_path)])
    assert result["output"].data == pytest.approx(0.7071, abs=1e-4)
    assert result["gradients"]["x1"] == pytest.approx(-1.5)
    assert result["gradients"]["w1"] == pytest.approx(1.0)
    assert result["gradients"]["x2"] == pytest.approx(0.5) and result["gradients"]["w2"] == 0.0
    assert result["gradcheck"] is True


def test_chain_rule_demo_prints_the_trace(tmp_path, capsys):
    chain_rule.main(["--quick", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert "do/dx1 += do/d(x1*w1) · d(x1*w1)/dx1 = 0.5 · w1 = 0.5 · (-3.0) = -1.5" in printed
    assert "gradcheck against central differences: agrees" in printed


def test_chain_rule_demo_writes_the_graph_picture_and_the_stepper_page(tmp_path, requires_dot):
    result = chain_rule.main(["--quick", "--out", str(tmp_path)])
    names = sorted(Path(p).name for p in result["written"])
    assert names == ["chain_rule_graph.png", "chain_rule_steps.html"]
    assert is_png(tmp_path / "chain_rule_graph.png")
    assert "<svg" in (tmp_path / "chain_rule_steps.html").read_text()


def test_no_plots_writes_no_pictures(tmp_path):
    result = xor.main(["--quick", "--no-plots", "--out", str(tmp_path)])
    assert result["written"] == [] and not list(tmp_path.glob("*.png"))


def test_without_matplotlib_a_demo_runs_and_says_how_to_get_pictures(tmp_path, monkeypatch, capsys):
    real_find_spec = demo_cli.importlib.util.find_spec
    monkeypatch.setattr(demo_cli.importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real_find_spec(name, *a))
    result = xor.main(["--quick", "--out", str(tmp_path)])
    assert result["written"] == [] and result["train_accuracy"] > 0.9
    assert "pip install 'chainrule[plot]'" in capsys.readouterr().err


def test_python_dash_m_demos_lists_every_demo_with_one_line():
    listing = subprocess.run([sys.executable, "-m", "demos"], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).resolve().parent.parent).stdout
    for name in ("moons", "circles", "xor", "spiral", "chain_rule"):
        line = next(line for line in listing.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(maxsplit=1)[1]) > 20


def test_moons_runs_as_a_module_and_reports_where_its_picture_went(tmp_path, requires_matplotlib):
    done = subprocess.run([sys.executable, "-m", "demos.moons", "--quick", "--out", str(tmp_path)],
                          capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert f"wrote {tmp_path / 'moons.png'}" in done.stdout
    assert "100.0%" in done.stdout
