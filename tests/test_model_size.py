"""A model too big for memory is refused at once, saying how big it would be, instead of
allocating for minutes before a MemoryError; every model that fits is built as before."""

import gc
import os
import subprocess
import sys
import textwrap
import tracemalloc

import pytest

import nn
import nn.checks
from nn.modules.layers import PARAMETER_BYTES

HUGE = [
    ("MLP", lambda: nn.MLP(2, [10**9]), "3,000,000,000 parameters"),
    ("MLP", lambda: nn.MLP(2, [10**5, 10**5, 1]), "10,000,500,001 parameters"),
    ("Layer", lambda: nn.Layer(2, 10**9), "3,000,000,000 parameters"),
    ("Neuron", lambda: nn.Neuron(10**9), "1,000,000,001 parameters"),
    ("BatchNorm", lambda: nn.BatchNorm(10**9), "2,000,000,000 parameters"),
]


@pytest.mark.parametrize("owner, build, count", HUGE, ids=[f"{o}-{c.split()[0]}" for o, _, c in HUGE])
def test_a_model_that_cannot_fit_in_memory_is_refused_saying_how_big_it_would_be(owner, build, count,
                                                                                  monkeypatch):
    monkeypatch.setattr(nn.checks, "memory_limit", lambda: (64 * 10**9, "this machine has"))  # a big one
    message = (rf"{owner}: the model must fit in memory, got {count}, about [\d.]+ [GT]B "
               rf"\({PARAMETER_BYTES} bytes each\), more than the 64.0 GB of memory this machine has")
    with pytest.raises(MemoryError, match=message) as caught:
        build()
    assert "build a smaller model" in str(caught.value)


def test_the_limit_is_this_machines_memory(monkeypatch):
    monkeypatch.setattr(nn.checks, "memory_limit", lambda: (2 * 10**9, "this machine has"))
    with pytest.raises(MemoryError, match=r"30,000,000 parameters, about 6.0 GB .* than the 2.0 GB"):
        nn.Layer(2, 10**7)


def test_an_mlp_counts_its_batch_norms_parameters_too(monkeypatch):
    monkeypatch.setattr(nn.checks, "memory_limit", lambda: (2 * 10**9, "this machine has"))
    with pytest.raises(MemoryError, match="12,500,001 parameters"):  # 7,500,001 without them
        nn.MLP(1, [2_500_000, 1], batch_norm=True)


def test_a_model_that_fits_is_built(monkeypatch):
    monkeypatch.setattr(nn.checks, "memory_limit", lambda: (2 * 10**9, "this machine has"))
    nn.checks.check_memory(9 * 10**6, PARAMETER_BYTES, "parameters", "MLP", "")  # 1.8 GB: fits
    assert nn.MLP(2, [16, 16, 1], batch_norm=True).num_parameters() == 401


@pytest.mark.skipif(not hasattr(os, "sysconf"), reason="the machine's memory is read with os.sysconf (POSIX)")
def test_the_machines_memory_is_known():
    assert nn.checks.memory_limit()[0] > 2**30


@pytest.mark.parametrize("build", [lambda: nn.Layer(300, 300), lambda: nn.MLP(2, [300, 300, 1]),
                                   lambda: nn.BatchNorm(50_000)])
def test_the_estimate_is_no_more_than_building_really_takes(build):
    """So a model that would fit is never refused."""
    gc.collect()
    tracemalloc.start()
    try:
        model = build()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / model.num_parameters() >= PARAMETER_BYTES


def test_a_model_of_more_parameters_than_python_can_write_is_refused_with_its_size_in_digits():
    message = r"MLP: the model must fit in memory, got about 10\^5000 parameters, over 1,000 TB"
    with pytest.raises(MemoryError, match=message):
        nn.MLP(2, [10**5000])


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and /proc/self/statm as Linux has them")
def test_an_address_space_limit_is_a_limit_of_memory_too():
    """``ulimit -v`` 3 GB on a machine with more: a 6 GB model is refused at once, naming the limit."""
    script = textwrap.dedent("""
        import resource, time, nn
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
        start = time.perf_counter()
        try:
            nn.Layer(2, 10**7)
        except MemoryError as error:
            print(round(time.perf_counter() - start), error)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, message = done.stdout.split(" ", 1)
    assert int(seconds) < 5
    assert "Layer: the model must fit in memory, got 30,000,000 parameters" in message
    assert "of memory this process may still map (ulimit -v)" in message


GENERATORS = {
    "make_moons": lambda n: nn.make_moons(n), "make_circles": lambda n: nn.make_circles((n, 0)),
    "make_blobs": lambda n: nn.make_blobs(n, n_features=3), "make_xor": lambda n: nn.make_xor(n),
    "make_spiral": lambda n: nn.make_spiral(n),
}


@pytest.mark.parametrize("owner", GENERATORS)
def test_a_data_set_that_cannot_fit_in_memory_is_refused_before_anything_is_drawn(owner, monkeypatch):
    monkeypatch.setattr(nn.checks, "memory_limit", lambda: (2 * 10**9, "this machine has"))
    message = (rf"{owner}: the data set must fit in memory, got 10,000,000,000 samples, about [\d.]+ GB "
               r"\(\d+ bytes each\), more than the 2.0 GB of memory this machine has; ask for fewer samples")
    with pytest.raises(MemoryError, match=message):
        GENERATORS[owner](10**10)


@pytest.mark.parametrize("owner", GENERATORS)
def test_the_data_estimate_is_no_more_than_drawing_really_takes(owner):
    """So a data set that would fit is never refused."""
    from nn.checks import SAMPLE_BYTES

    gc.collect()
    tracemalloc.start()
    try:
        X, y = GENERATORS[owner](100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak >= SAMPLE_BYTES * (X.shape[1] + 1) * len(X)
