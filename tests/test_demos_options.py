"""The demos' command line: bad options are refused at once, --help says how to run a demo,
and a picture that fails to save leaves the old one whole."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

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


def test_an_out_that_names_a_device_or_a_pipe_is_refused_saying_what_it_is(capsys, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert "it is a named pipe (FIFO); give a folder" in refused(capsys, ["--quick", "--out", str(pipe)])
    assert "it is a character device; give a folder" in refused(capsys, ["--quick", "--out", "/dev/null"])


def test_an_empty_out_is_refused_rather_than_taken_as_the_current_folder(capsys):
    assert "argument --out: must name a folder, got an empty one" in refused(capsys, ["--quick", "--out", ""])


def test_an_out_with_a_name_too_long_is_refused_in_one_bounded_line(capsys, tmp_path):
    err = refused(capsys, ["--quick", "--out", str(tmp_path / ("x" * 300) / "pictures")])
    line = err.strip().splitlines()[-1]
    assert "argument --out:" in line and "File name too long; give another folder" in line
    assert len(line) < 300


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


def test_an_out_that_is_a_dangling_link_is_refused_before_training(capsys, tmp_path):
    link = tmp_path / "pictures"
    link.symlink_to(tmp_path / "gone")
    err = refused(capsys, ["--quick", "--out", str(link)])
    assert "argument --out:" in err and "which does not exist; give a folder" in err


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_an_out_that_cannot_be_made_is_refused_before_training(capsys, requires_matplotlib):
    """``/proc`` passes the permission check as root, yet no folder can be made in it: the folder
    is made and tried before training."""
    err = refused(capsys, ["--quick", "--out", "/proc/chainrule-pictures"])
    assert "argument --out: cannot write in /proc/chainrule-pictures: " in err


def test_an_out_on_a_full_disk_is_refused_before_training(capsys, tmp_path, monkeypatch, requires_matplotlib):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.tempfile, "TemporaryFile", full)
    err = refused(capsys, ["--quick", "--out", str(tmp_path)])
    assert f"cannot write in {tmp_path}: No space left on device" in err
    assert list(tmp_path.iterdir()) == []


def test_a_picture_that_cannot_be_written_after_training_ends_the_demo_in_one_line(tmp_path):
    """The disk fills during training: status 1 and one line naming the file and why, no traceback."""
    script = (
        "from pathlib import Path\n"
        "from demos import cli\n"
        f"run = cli.Run(out=Path({str(tmp_path)!r}), seed=0, quick=True, plots=False)\n"
        "with run.writing(run.out / 'moons.png'):\n"
        "    raise OSError(28, 'No space left on device', str(run.out / 'moons.png'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"cannot write {tmp_path / 'moons.png'}: No space left on device; the results above were not saved "
        "(free some space, or give another --out)"]


def test_a_page_that_cannot_be_written_after_the_work_ends_the_demo_with_status_1(tmp_path, monkeypatch):
    from demos import chain_rule

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(chain_rule.autograd, "save_stepper", full)
    with pytest.raises(SystemExit, match="chain_rule_steps.html: No space left on device"):
        chain_rule.main(["--no-plots", "--out", str(tmp_path)])
