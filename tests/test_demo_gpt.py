"""The GPT demo and its model: a quick run learns names, its pictures are written, and the
model computes the same loss on every engine and with every way of fusing its sums."""

import math
import re
import sys
from pathlib import Path

import pytest

from autograd import Value
from autograd.graph import all_nodes
from demos import gpt
from demos import gpt_model as model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is a folder, not installed
from benchmarks.local_grads import Node  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MARGIN = 0.4
"""How far below ln 27 (3.296) the quick run's losses must be. Seeds 0, 1 and 2 gave 2.56,
2.59 and 2.53 on the held-out names and 2.53, 2.68 and 2.59 over the last 100 steps: 0.6 to 0.8 below."""


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One --quick run (seed 0) into a temporary folder; the tests below read its results."""
    folder = tmp_path_factory.mktemp("gpt")
    return gpt.main(["--quick", "--out", str(folder)])


def is_png(path: Path) -> bool:
    data = Path(path).read_bytes()
    return data.startswith(PNG_SIGNATURE) and len(data) > 5_000


# ---- the demo ---------------------------------------------------------------------------------
def test_quick_run_trains_fewer_steps_than_the_full_run(quick):
    assert len(quick["losses"]) == gpt.QUICK_STEPS < gpt.STEPS


def test_quick_run_starts_near_the_uniform_guess(quick):
    assert quick["losses"][0] == pytest.approx(math.log(27), abs=0.2)


def test_quick_run_brings_the_held_out_loss_clearly_below_the_uniform_guess(quick):
    assert quick["held_out_loss"] < math.log(27) - MARGIN


def test_quick_run_brings_the_training_loss_clearly_below_the_uniform_guess(quick):
    assert quick["final_loss"] < math.log(27) - MARGIN


def test_sampled_names_are_lowercase_letters_that_fit_the_context(quick):
    assert len(quick["samples"]) == gpt.SAMPLES
    for name in quick["samples"]:
        assert re.fullmatch(r"[a-z]*", name) and len(name) < model.BLOCK


def test_sampled_names_are_mostly_not_empty(quick):
    assert sum(1 for name in quick["samples"] if name) >= gpt.SAMPLES // 2


def test_the_loss_curve_and_the_attention_heatmaps_are_written(quick, requires_matplotlib):
    written = {Path(p).name: p for p in quick["written"]}
    assert is_png(written["gpt_loss.png"]) and is_png(written["gpt_attention.png"])


def test_the_score_graph_picture_and_its_stepper_page_are_written(quick, requires_dot):
    written = {Path(p).name: p for p in quick["written"]}
    assert is_png(written["gpt_score_graph.png"])
    assert "<svg" in Path(written["gpt_score_steps.html"]).read_text()


def test_each_heads_attention_at_each_position_sums_to_one_over_the_positions_so_far(quick):
    for head in quick["attention"]:
        for t, row in enumerate(head):
            assert sum(row[: t + 1]) == pytest.approx(1.0) and not any(row[t + 1:])


def test_the_drawn_score_graph_is_small_enough_to_read(quick):
    assert len(all_nodes(quick["score"])) <= 20


def test_the_drawn_score_is_the_models_own_attention_score(quick):
    params, tokens = quick["params"], quick["tokens"]
    query = len(tokens) - 1
    for head in range(model.HEADS):
        scores = [gpt.head_score(params, tokens, head, query, key).data for key in range(query + 1)]
        exps = [math.exp(s - max(scores)) for s in scores]
        weights = [e / sum(exps) for e in exps]
        assert weights == pytest.approx(quick["attention"][head][query][: query + 1], rel=1e-9)


def test_the_score_gradient_of_each_query_number_is_its_key_number_over_two(quick):
    leaves = {v.label: v for v in all_nodes(quick["score"]) if v.label}
    for i in range(1, model.HEAD_SIZE + 1):
        assert leaves[f"q{i}"].grad == pytest.approx(leaves[f"k{i}"].data / 2)
        assert leaves[f"k{i}"].grad == pytest.approx(leaves[f"q{i}"].data / 2)


def test_the_shipped_names_are_32033_lowercase_names_that_fit_the_context():
    names = gpt.load_names()
    assert len(names) == 32_033
    assert all(re.fullmatch(r"[a-z]+", n) and len(n) < model.BLOCK for n in names)


# ---- the model on every engine -----------------------------------------------------------------
NAMES = ["emma", "olivia", "ava"]


def loss_and_grads(value, kernels):
    params = model.init_params(value, seed=3)
    loss = model.batch_loss(params, NAMES, kernels)
    loss.backward()
    return loss.data, [p.grad for p in model.parameters(params)]


@pytest.fixture(scope="module")
def plain():
    """The loss and gradients of the plain model on chainrule's Value."""
    return loss_and_grads(Value, model.PLAIN)


@pytest.mark.parametrize("value, kernels", [(Node, model.PLAIN), (Value, model.FUSED_LINEAR),
                                            (Value, model.FUSED)], ids=["local-grads Node", "fused_linear",
                                                                        "fused everywhere"])
def test_the_loss_is_the_same_on_every_engine_and_with_every_fusing(plain, value, kernels):
    loss, _ = loss_and_grads(value, kernels)
    assert loss == pytest.approx(plain[0], rel=1e-12)


@pytest.mark.parametrize("value, kernels", [(Node, model.PLAIN), (Value, model.FUSED_LINEAR),
                                            (Value, model.FUSED)], ids=["local-grads Node", "fused_linear",
                                                                        "fused everywhere"])
def test_the_gradients_are_the_same_on_every_engine_and_with_every_fusing(plain, value, kernels):
    _, grads = loss_and_grads(value, kernels)
    assert grads == pytest.approx(plain[1], rel=1e-9, abs=1e-12)


def test_fused_linear_computes_what_linear_computes():
    w = [[Value(1.0), Value(2.0)], [Value(-3.0), Value(0.5)]]
    x = [Value(4.0), Value(-1.0)]
    assert [v.data for v in model.fused_linear(x, w)] == [v.data for v in model.linear(x, w)] == [2.0, -12.5]


def test_a_name_with_a_character_outside_a_to_z_is_refused_naming_it():
    with pytest.raises(ValueError, match="'Emma' has 'E'"):
        model.encode("Emma")


def test_more_tokens_than_the_context_holds_are_refused():
    params = model.init_params(Value)
    with pytest.raises(ValueError, match="at most 16 tokens"):
        model.forward(params, [1] * (model.BLOCK + 1))


def test_a_long_name_is_cut_to_the_context():
    assert len(model.frame(model.encode("a" * 20))) == model.BLOCK + 1
