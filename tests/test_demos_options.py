"""The demos' command line: bad options are refused at once, --help says how to run a demo,
and a picture that fails to save leaves the old one whole."""

import importlib

import pytest

from demos import cli, moons
from demos.__main__ import demo_names


def refused(capsys, argv) -> str:
    """What argparse says (on stderr) when moons refuses ``argv``; fails if moons accepts it."""
    with pytest.raises(SystemExit) as exited:
        moons.main(argv)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert "training on" not in captured.out  # refused before any training
    return captured.err


@pytest.mark.parametrize("seed", ["-1", "x", "1.5"])
def test_a_seed_that_is_not_a_whole_number_from_zero_up_is_refused(capsys, tmp_path, seed):
    err = refused(capsys, ["--quick", "--no-plots", "--out", str(tmp_path), "--seed", seed])
    assert f"argument --seed: must be an int >= 0, got '{seed}'" in err


def test_an_out_that_names_a_file_is_refused_before_training(capsys, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    err = refused(capsys, ["--quick", "--out", str(file)])
    assert "argument --out:" in err and "it is a file; give a folder" in err
    assert file.read_text() == "mine"


def test_an_out_inside_a_file_is_refused_naming_the_file(capsys, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    err = refused(capsys, ["--quick", "--out", str(file / "pictures")])
    assert f"{file} is a file; give a folder" in err


def test_an_out_where_nothing_may_be_written_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)
    err = refused(capsys, ["--quick", "--out", str(tmp_path / "pictures")])
    assert "permission denied; give a folder you may write in" in err


@pytest.mark.parametrize("name", demo_names())
def test_help_shows_how_to_run_the_demo(capsys, name):
    with pytest.raises(SystemExit):
        importlib.import_module(f"demos.{name}").main(["--help"])
    assert capsys.readouterr().out.startswith(f"usage: python -m demos.{name} ")


def test_a_picture_whose_save_is_interrupted_leaves_the_old_picture_whole(tmp_path, requires_matplotlib):
    old = tmp_path / "moons.png"
    old.write_bytes(b"the old picture")
    run = cli.Run(out=tmp_path, seed=0, quick=True, plots=True)
    figure = run.figure()

    def interrupted(fname, **kwargs):
        with open(fname, "wb") as f:
            f.write(b"\x89PNG half a pic")
        raise KeyboardInterrupt

    figure.savefig = interrupted
    with pytest.raises(KeyboardInterrupt):
        run.save(figure, "moons")
    assert old.read_bytes() == b"the old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["moons.png"]
