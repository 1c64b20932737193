"""What ``nn.fit(..., record=True)`` keeps in memory, per parameter and snapshot, against the
same states kept as ``state_dict()`` dicts by a callback (what a snapshot was before it
became an array of doubles).

Memory is measured with :mod:`tracemalloc`: what dropping the snapshots frees.

    python benchmarks/snapshot_memory.py            # 1,000 epochs of the README's moons model
    python benchmarks/snapshot_memory.py --quick    # 200 epochs
"""

from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nn  # noqa: E402


def freed_bytes(keep: Callable[[], dict]) -> tuple[int, int]:
    """The bytes that dropping what ``keep()`` returns frees, and how many states it held."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = keep()
        gc.collect()
        holding = tracemalloc.get_traced_memory()[0]
        count = len(kept)
        kept.clear()
        gc.collect()
        return holding - tracemalloc.get_traced_memory()[0], count
    finally:
        tracemalloc.stop()


def bytes_per_parameter(epochs: int) -> dict[str, float]:
    """Bytes per parameter and kept state over ``epochs`` compiled epochs of the README's moons
    model: as ``fit(record=True)`` snapshots, and as ``state_dict()`` dicts kept by a callback."""
    X, y = nn.make_moons(100, noise=0.1, random_state=1)
    model = nn.MLP(2, [16, 16, 1], random_state=1337)
    start = model.state_dict()

    def fit(**options) -> nn.History:
        model.load_state_dict(start)
        optimizer = nn.SGD(model.parameters(), lr=0.1)
        return nn.fit(model, X, y, "hinge", optimizer, epochs=epochs, progress=False, compile=True, **options)

    def state_dicts() -> dict:
        kept = {0: model.state_dict()}
        fit(callbacks=[lambda epoch, history: kept.__setitem__(epoch + 1, model.state_dict())])
        return kept

    per = {}
    for name, keep in [(DICTS, state_dicts), (SNAPSHOTS, lambda: fit(record=True).snapshots)]:
        freed, count = freed_bytes(keep)
        per[name] = freed / (count * model.num_parameters())
    return per


DICTS, SNAPSHOTS = "state_dict() dicts", "fit(record=True) snapshots"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 epochs")
    epochs = 200 if parser.parse_args().quick else 1000
    print(f"\nwhat keeping the state of every epoch costs, over {epochs} epochs of the moons model")
    per = bytes_per_parameter(epochs)
    for name, size in per.items():
        print(f"{name:<28} {size:>6.1f} bytes per parameter and state")
    print(f"snapshots take {per[DICTS] / per[SNAPSHOTS]:.1f}x less memory than dicts "
          "(target: about 8 bytes, one double, each)")


if __name__ == "__main__":
    main()
