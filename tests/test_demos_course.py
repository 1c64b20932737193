"""The training-dynamics demos, run with --quick into a temporary folder: what each must teach.

Each demo runs once per module (the fixture below); the tests read its numbers and its pictures.
"""

from pathlib import Path

import pytest

from demos import batch_size, optimizers, overfitting, vanishing_gradients

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEMOS = {"vanishing_gradients": vanishing_gradients, "overfitting": overfitting,
         "optimizers": optimizers, "batch_size": batch_size}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Each demo's result, from one quick run with pictures."""
    folder = tmp_path_factory.mktemp("course")
    return {name: module.main(["--quick", "--out", str(folder)]) for name, module in DEMOS.items()}


def test_relu_first_layer_gradient_at_init_is_at_least_10x_sigmoids(outputs):
    result = outputs["vanishing_gradients"]
    first = result["first_layer"]
    assert first["ReLU"] >= 10 * first["sigmoid"]
    assert result["relu_over_sigmoid"] == pytest.approx(first["ReLU"] / first["sigmoid"])


def test_sigmoid_gradients_shrink_toward_the_input_by_orders_of_magnitude(outputs):
    sigmoid = outputs["vanishing_gradients"]["init_norms"]["sigmoid"]
    assert len(sigmoid) == 11
    assert sigmoid[0] < 1e-3 * sigmoid[-1]


def test_batch_norm_lifts_sigmoids_first_layer_gradient(outputs):
    first = outputs["vanishing_gradients"]["first_layer"]
    assert first["sigmoid + batch norm"] >= 10 * first["sigmoid"]


def test_best_regularised_run_beats_the_unregularised_one_on_validation_loss(outputs):
    val_loss = outputs["overfitting"]["val_loss"]
    best = outputs["overfitting"]["best"]
    assert best != overfitting.NONE and len(val_loss) == 5
    assert val_loss[best] == min(v for name, v in val_loss.items() if name != overfitting.NONE)
    assert val_loss[best] < val_loss[overfitting.NONE]


def test_early_stopping_restores_its_best_epoch(outputs):
    name = next(n for n in outputs["overfitting"]["val_loss"] if n.startswith("early stopping"))
    history = outputs["overfitting"]["histories"][name]
    assert outputs["overfitting"]["val_loss"][name] == pytest.approx(min(history.val_loss))


def test_adam_ends_with_a_lower_training_loss_than_plain_sgd(outputs):
    final = outputs["optimizers"]["final_loss"]
    assert final[optimizers.ADAM] < final[optimizers.SGD]
    epochs = {len(h) for h in outputs["optimizers"]["optimizer_histories"].values()}
    assert len(epochs) == 1  # equal epochs


def test_schedules_record_the_learning_rate_they_set(outputs):
    histories = outputs["optimizers"]["schedule_histories"]
    assert set(histories["constant"].lr) == {optimizers.SCHEDULE_LR}
    for name, history in histories.items():
        if name != "constant":
            assert history.lr[0] == optimizers.SCHEDULE_LR and history.lr[-1] < history.lr[0] / 5


def test_smaller_batches_get_further_per_epoch(outputs):
    final = outputs["batch_size"]["final_loss"]
    assert final["full batch"] > final["mini-batches of 16"] > final["one sample (batch_size=1)"]


def test_batch_size_elapsed_time_is_cumulated_per_epoch(outputs):
    for name, elapsed in outputs["batch_size"]["elapsed"].items():
        assert len(elapsed) == len(outputs["batch_size"]["loss"][name])
        assert all(0 < a < b for a, b in zip(elapsed, elapsed[1:]))


@pytest.mark.parametrize("name", list(DEMOS))
def test_each_demo_writes_one_valid_png_named_for_it(outputs, name, requires_matplotlib):
    written = outputs[name]["written"]
    assert [Path(p).name for p in written] == [f"{name}.png"]
    data = Path(written[0]).read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 20_000


def test_no_plots_writes_nothing(tmp_path):
    result = batch_size.main(["--quick", "--no-plots", "--out", str(tmp_path / "out")])
    assert result["written"] == [] and not (tmp_path / "out").exists()
