"""Model files: a save never destroys the old file, and only finite numbers go in or come out.

JSON as Python reads it holds ``NaN``, ``Infinity`` and ``1e999`` (infinite once read); none
of them is a parameter a model can use, so ``load`` refuses them naming the key, and
``save`` refuses to write them (strict JSON has no such numbers).
"""

import errno
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest

import nn

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def model():
    return nn.MLP(2, [4, 1], random_state=0)


@pytest.fixture
def saved(model, tmp_path) -> Path:
    """A file holding ``model``, saved the ordinary way."""
    path = tmp_path / "model.json"
    model.save(path)
    return path


def batch_norm_model():
    return nn.Sequential(nn.Layer(2, 2, activation="linear", random_state=0), nn.BatchNorm(2))


def interrupt_after_part():
    """``os.write`` writing half of its data, then a Ctrl-C."""
    real_write = os.write

    def write(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise KeyboardInterrupt

    return mock.patch("os.write", side_effect=write)


def test_an_interrupted_save_leaves_the_old_file_intact_and_no_temporary_file(model, saved):
    before = saved.read_bytes()
    other = nn.MLP(2, [4, 1], random_state=1)
    with interrupt_after_part(), pytest.raises(KeyboardInterrupt):
        other.save(saved)
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == ["model.json"]


@pytest.mark.skipif(sys.platform != "linux", reason="uses RLIMIT_FSIZE and SIGXFSZ as Linux has them")
def test_a_save_that_runs_out_of_room_leaves_the_old_file_intact(saved):
    # a real failure, not a mock: the child process may write no file beyond 20 kB
    before = saved.read_bytes()
    child = textwrap.dedent(f"""
        import resource, signal, sys
        import nn
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
        try:
            nn.MLP(2, [64, 64, 1], random_state=3).save({str(saved)!r})
        except OSError as error:
            sys.exit(error.errno)
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == errno.EFBIG, done.stderr
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == ["model.json"]


def test_save_refuses_a_nan_parameter_naming_it_and_writes_nothing(model, tmp_path):
    model.layers[0].neurons[2].w[1].data = math.nan
    path = tmp_path / "model.json"
    with pytest.raises(ValueError, match=r"MLP.save: state\['layers.0.neurons.2.w.1'\] must be finite, "
                                         r"got nan; .*nothing was written"):
        model.save(path)
    assert not path.exists()


def test_save_refuses_an_infinite_buffer(tmp_path):
    seq = batch_norm_model()
    seq[1].running_mean[1] = math.inf
    expected = r"state\['layers.1.running_mean.1'\] must be finite, got inf"
    with pytest.raises(ValueError, match=expected):
        seq.save(tmp_path / "bn.json")


def test_save_says_how_many_values_are_not_finite(model, tmp_path):
    for neuron in model.layers[0].neurons:
        neuron.b.data = -math.inf
    with pytest.raises(ValueError, match="4 values of 17 not finite"):
        model.save(tmp_path / "model.json")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_load_refuses_a_number_that_is_not_finite_naming_the_key(model, saved, number):
    text = saved.read_text().replace('"layers.0.neurons.1.b": 0.0', f'"layers.0.neurons.1.b": {number}')
    saved.write_text(text)
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"state\['layers.0.neurons.1.b'\] must be finite, got -?(nan|inf)"):
        model.load(saved)
    assert model.state_dict() == before


def test_load_state_dict_refuses_nan_and_changes_nothing(model):
    state = {key: 0.5 for key in model.state_dict()}
    state["layers.1.neurons.0.w.3"] = math.nan
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"MLP.load_state_dict: state\['layers.1.neurons.0.w.3'\]"):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_load_state_dict_refuses_a_negative_running_variance():
    seq = batch_norm_model()
    state = seq.state_dict()
    state["layers.1.running_var.0"] = -1.0
    with pytest.raises(ValueError, match=r"state\['layers.1.running_var.0'\] must be >= 0, got -1.0"):
        seq.load_state_dict(state)
    assert seq[1].running_var == [1.0, 1.0]


def test_load_state_dict_refuses_a_state_that_is_not_a_dict(model):
    with pytest.raises(TypeError, match="MLP.load_state_dict: state must be a dict of name -> number"):
        model.load_state_dict(list(model.state_dict().values()))


def test_load_of_a_file_that_is_not_json_names_the_file(model, tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    message = r"MLP.load: .*picture.png must be a model file written by save\(\), got a file that is not JSON"
    with pytest.raises(ValueError, match=message):
        model.load(path)


def test_load_errors_name_the_file(saved):
    with pytest.raises(ValueError, match=r"missing keys .* \(in .*model.json\)"):
        nn.MLP(2, [4, 2], random_state=0).load(saved)



@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '{"state_dict": {"a": ' + "[" * 100_000 + "]" * 100_000 + "}}",
                                  '{"a": ' * 100_000 + "1" + "}" * 100_000])
def test_load_of_a_deeply_nested_file_is_a_clear_error_naming_the_file(model, tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text)
    message = r"MLP.load: .*deep.json must be a model file written by save\(\), got JSON nested too deeply"
    with pytest.raises(ValueError, match=message):
        model.load(path)


def test_load_reads_a_file_that_begins_with_a_byte_order_mark(model, saved):
    """As a Windows editor writes it: JSON's standard lets a reader ignore the mark."""
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes())
    again = nn.MLP(2, [4, 1], random_state=1).load(saved)
    assert again.state_dict() == model.state_dict()


@pytest.mark.parametrize("where", ["in the state", "at the top"])
def test_load_refuses_a_key_written_twice_naming_it_and_changes_nothing(model, saved, where):
    text = saved.read_text()
    key = "layers.0.neurons.0.w.0"
    if where == "in the state":
        text = text.replace(f'"{key}":', f'"{key}": 5.0, "{key}":', 1)
    else:
        text = text.replace('"state_dict":', '"state_dict": {}, "state_dict":', 1)
        key = "state_dict"
    saved.write_text(text)
    before = model.state_dict()
    message = (rf"MLP.load: .*model.json must name each key once, as save\(\) writes, got the key "
               rf"'{key}' twice; keep the one that is meant")
    with pytest.raises(ValueError, match=message):
        model.load(saved)
    assert model.state_dict() == before


def test_a_key_written_twice_is_quoted_bounded(model, tmp_path):
    path = tmp_path / "long.json"
    key = "k" * 1_000_000
    path.write_text(f'{{"{key}": 1, "{key}": 2}}')
    with pytest.raises(ValueError, match=r"got the key 'k+'\.\.\. \(1000000 characters\) twice") as caught:
        model.load(path)
    assert len(str(caught.value)) < 300


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo (POSIX)")
def test_load_from_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path):
    """Opening a pipe that no one writes to waits for ever; the refusal comes before."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    script = f"import nn; nn.MLP(2, [4, 1]).load({str(pipe)!r})"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert "MLP.load: " in done.stderr
    assert "pipe must be a model file written by save(), got a named pipe (FIFO), not a file" in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="a device node to read (POSIX)")
def test_load_from_a_device_is_refused_naming_it(model):
    """Read only: /dev/zero, which never ends, would have been read until memory ran out."""
    with pytest.raises(ValueError, match=r"MLP.load: /dev/null must be a model file written by save\(\), "
                                         r"got a device .*, not a file"):
        model.load("/dev/null")
