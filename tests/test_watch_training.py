"""Watching training: fit(record=...) keeps snapshots, training_animation films them as a GIF,
and the classification demos write that film with --animate."""

import base64
import io
from pathlib import Path

import numpy as np
import pytest

import nn
from demos import circles, moons, plots, spiral, xor

pytestmark = pytest.mark.usefixtures("requires_matplotlib")  # films; Pillow, which reads them, comes with it

DOCS = Path(__file__).resolve().parent.parent / "docs"
TWO_MB = 2 * 1024 * 1024
X, Y = nn.make_moons(40, noise=0.1, random_state=0)


def train(epochs=10, **options):
    model = nn.MLP(2, [6, 1], random_state=0)
    optimizer = nn.SGD(model.parameters(), lr=0.3)
    history = nn.fit(model, X, Y, "hinge", optimizer, epochs, progress=False, **options)
    return model, history


def frames(gif: bytes) -> int:
    from PIL import Image

    return Image.open(io.BytesIO(gif)).n_frames


@pytest.fixture(scope="module")
def trained():
    """A model trained 30 epochs with a snapshot every epoch, and its film."""
    model, history = train(30, record=True)
    film = plots.training_animation(model, X, Y, history, resolution=20, figsize=(6, 2.6), dpi=50)
    return model, history, film


# record= -------------------------------------------------------------------------------
def test_without_record_no_snapshots_are_kept():
    assert train(3)[1].snapshots == {}


def test_record_every_n_keeps_the_start_every_nth_epoch_and_the_last():
    assert sorted(train(10, record=4)[1].snapshots) == [0, 4, 8, 10]


def test_record_a_list_keeps_exactly_those_epochs():
    assert sorted(train(10, record=[0, 3, 10])[1].snapshots) == [0, 3, 10]


def test_record_true_keeps_every_epoch_and_the_start():
    assert sorted(train(5, record=True)[1].snapshots) == [0, 1, 2, 3, 4, 5]


def test_a_snapshot_is_the_model_after_that_many_epochs():
    start = nn.MLP(2, [6, 1], random_state=0).state_dict()
    model, history = train(4, record=2)
    assert history.snapshots[0] == start
    assert history.snapshots[4] == model.state_dict()
    assert history.snapshots[2] == train(2)[0].state_dict()


def test_record_every_n_keeps_the_last_epoch_when_early_stopping_ends_training():
    stop_after_three = [lambda epoch, history: epoch == 2]
    history = train(10, record=5, callbacks=stop_after_three)[1]
    assert len(history) == 3 and sorted(history.snapshots) == [0, 3]


def test_record_asking_for_an_epoch_past_the_end_is_refused_before_training():
    model = nn.MLP(2, [6, 1], random_state=0)
    before = model.state_dict()
    message = r"fit: record's epochs must be from 0 \(the model before training\) to 10 \(the end.*, got 12"
    with pytest.raises(ValueError, match=message):
        nn.fit(model, X, Y, "hinge", nn.SGD(model.parameters(), lr=0.3), 10, progress=False, record=[0, 12])
    assert model.state_dict() == before


@pytest.mark.parametrize("record", ["every 5", 0, [1.5]])
def test_record_of_the_wrong_kind_is_refused_naming_it(record):
    with pytest.raises((TypeError, ValueError), match=r"fit: record"):
        train(3, record=record)


# choosing the frames ---------------------------------------------------------------------
@pytest.mark.parametrize("epochs, count", [(40, 21), (100, 31), (120, 31)])
def test_film_epochs_go_from_the_start_to_the_end_one_after_another(epochs, count):
    chosen = plots.film_epochs(epochs, count)
    assert chosen[0] == 0 and chosen[-1] == epochs and len(chosen) == count
    assert all(a < b for a, b in zip(chosen, chosen[1:]))


def test_film_epochs_are_closer_together_at_the_start():
    chosen = plots.film_epochs(100, 31)
    assert chosen[1] - chosen[0] < chosen[-1] - chosen[-2]


def test_film_epochs_of_a_short_run_are_every_epoch():
    assert plots.film_epochs(5, 31) == [0, 1, 2, 3, 4, 5]


# the film --------------------------------------------------------------------------------
def test_the_film_has_one_frame_per_snapshot(trained):
    _, history, film = trained
    assert len(film) == len(history.snapshots) == 31
    assert frames(film.gif()) == 31


def test_the_film_is_a_gif_under_two_megabytes(trained):
    gif = trained[2].gif()
    assert gif.startswith(b"GIF89a") and len(gif) < TWO_MB


def test_making_the_film_leaves_the_model_as_it_was(trained):
    model, history, _ = trained
    assert model.state_dict() == history.snapshots[30]


def test_the_film_shows_inline_as_a_gif(trained):
    bundle = trained[2]._repr_mimebundle_()
    assert base64.b64decode(bundle["image/gif"]) == trained[2].gif()
    assert bundle["text/plain"].startswith("TrainingAnimation(31 frames")


def test_saving_the_film_writes_the_gif(trained, tmp_path):
    path = trained[2].save(tmp_path / "film.gif")
    assert Path(path).read_bytes() == trained[2].gif()
    assert [p.name for p in tmp_path.iterdir()] == ["film.gif"]  # no temporary file left


def test_a_film_needs_two_snapshots_or_says_how_to_get_them():
    model, history = train(3)
    with pytest.raises(ValueError, match=r"record=5"):
        plots.training_animation(model, X, Y, history)


# the demos --------------------------------------------------------------------------------
@pytest.mark.parametrize("demo", [moons, circles, xor, spiral], ids=lambda m: m.__name__)
def test_animate_writes_a_smooth_light_film_of_training(demo, tmp_path):
    name = demo.__name__.split(".")[-1]
    result = demo.main(["--quick", "--animate", "--out", str(tmp_path)])
    film = tmp_path / f"{name}_training.gif"
    assert film in result["written"]
    assert frames(film.read_bytes()) >= 20 and film.stat().st_size < TWO_MB


def test_animate_with_no_plots_is_refused(capsys, tmp_path):
    with pytest.raises(SystemExit):
        xor.main(["--quick", "--animate", "--no-plots", "--out", str(tmp_path)])
    assert "--animate writes a picture, so it cannot go with --no-plots" in capsys.readouterr().err


def test_the_docs_film_of_the_moons_is_smooth_and_light():
    film = DOCS / "moons_training.gif"
    assert frames(film.read_bytes()) >= 20 and film.stat().st_size < TWO_MB


def test_accuracy_in_each_frame_is_the_snapshots_own(trained):
    model, history, film = trained
    model_at_start = nn.MLP(2, [6, 1], random_state=0)
    right = nn.predict(model_at_start, X) == Y
    assert film.accuracy[0] == pytest.approx(float(np.mean(right)))


@pytest.mark.parametrize("options, message", [
    ({"fps": 0}, r"fps must be an int >= 1, got 0"),
    ({"fps": 1000}, r"fps must be at most 100, got 1000"),
    ({"dpi": 0}, r"dpi must be > 0, got 0"),
    ({"dpi": float("nan")}, r"dpi must be finite, got nan"),
    ({"figsize": (0, 0)}, r"figsize's width must be > 0, got 0"),
    ({"figsize": (6,)}, r"figsize must be \(width, height\) in inches, got \(6,\)"),
    ({"figsize": (6, 2.6), "dpi": 10_000}, r"figsize's width times dpi must be 1 to 4096 pixels"),
    ({"resolution": 1}, r"resolution must be an int >= 2, got 1"),
    ({"title": 3}, r"title must be a string, got int"),
])
def test_a_film_of_impossible_size_or_speed_is_refused_before_any_frame(options, message):
    model, history = train(3, record=True)
    with pytest.raises((ValueError, TypeError), match=f"training_animation: {message}"):
        plots.training_animation(model, X, Y, history, **options)


@pytest.mark.parametrize("points, labels, message", [
    (X[:, :1], Y, r"X must be points of the plane, an array of shape \(n, 2\) of numbers, got shape \(40, 1"),
    (X, Y.astype(str), r"y must be one class number per point \(40\), got shape \(40,\) of <U"),
    (X, Y[:5], r"y must be one class number per point \(40\), got shape \(5,\)"),
    (X, np.full(40, 0.5), r"y must hold classes 0 \.\. 4 \(or -1/\+1\), got 0.5"),
    (np.where(X > 1, np.nan, X), Y, r"X must hold finite numbers, got NaN or infinity"),
    ([[0.0, 1.0], [2.0]], [0, 1], r"X and y must be arrays \(rows of one length\), got ragged rows"),
])
def test_points_or_labels_a_film_cannot_draw_are_refused_naming_them(points, labels, message):
    model, history = train(3, record=True)
    with pytest.raises(ValueError, match=f"training_animation: {message}"):
        plots.training_animation(model, points, labels, history)
