"""The engine's speed in one run: micrograd's moons step on every engine against three plain-float
floors, the garbage collector's share with and without chainrule's collector policy, and a training
step of microgpt's shape (and Karpathy's microgpt itself, given its path), unchanged and fused.

Every figure is a median of interleaved repeats (each row once per round, round after round), so
that a busy spell of a shared machine slows every row alike. Each row's wall time and CPU time
are timed; the ratios are of CPU time, which a shared machine's other jobs disturb far less (on a
quiet machine the two are the same). Each row pays for the collections its own allocations start.
Rows marked "Python's collector" run with the policy off (Python's own threshold, as any program
without chainrule has): micrograd, microgpt's own class and the local-gradients baseline always,
chainrule where the policy's share is measured; the cycles their graphs leave are collected after
the row, untimed, so that the next row does not pay for them. A row with the policy on finds the
collector as it left it, as if it ran in a process of its own. Peak memory is measured in fresh
processes (the high-water mark of their resident memory).

    python benchmarks/speed.py [--repeats 7] [--microgpt path/to/microgpt.py] [--steps 15]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from operator import mul
from pathlib import Path
from typing import Callable, NamedTuple, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Value  # noqa: E402
from benchmarks import microgpt, run, versus_micrograd  # noqa: E402
from benchmarks.common import collector_of  # noqa: E402
from benchmarks.local_grads import Node  # noqa: E402
from demos import gpt_model  # noqa: E402

LECTURE = "chainrule, the lecture's code"
SAME = 1e-12
"""How far apart (relative) engines computing the same numbers may be: rounding only."""


class CollectorCPU(run.CollectorClock):
    """The CPU seconds Python's cyclic garbage collector runs, added up through ``gc.callbacks``."""

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.seconds += time.process_time() - self._started


class Row(NamedTuple):
    """One line of a table: its label, the work it times and whether the policy is off for it."""

    label: str
    work: Callable[[], object]
    pythons: bool = False


class Timed(NamedTuple):
    label: str
    wall: float
    seconds: float  # CPU time
    collector: float
    result: object


def interleaved(rows: list[Row], repeats: int) -> list[Timed]:
    """Each row's median time and median time in the collector over ``repeats`` rounds, and what
    its first call returned (to check the rows compute the same numbers)."""
    times: list[list[float]] = [[] for _ in rows]
    cpu: list[list[float]] = [[] for _ in rows]
    collecting: list[list[float]] = [[] for _ in rows]
    first: list[object] = [None] * len(rows)
    clock = CollectorCPU()
    states: list[list] = [[] for _ in rows]
    for repeat in range(repeats):
        for i, row in enumerate(rows):
            with collector_of(row.pythons, states[i]):
                clock.seconds = 0.0
                gc.callbacks.append(clock)
                try:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    result = row.work()
                    cpu[i].append(time.process_time() - start_cpu)
                    times[i].append(time.perf_counter() - start)
                finally:
                    gc.callbacks.remove(clock)
                if row.pythons:
                    gc.collect()
            collecting[i].append(clock.seconds)
            if repeat == 0:
                first[i] = result
    return [Timed(row.label, statistics.median(t), statistics.median(p), statistics.median(c), r)
            for row, t, p, c, r in zip(rows, times, cpu, collecting, first)]


def check_same(what: str, results: list[tuple[str, float]]) -> None:
    """Stop the run, listing every row's number, unless they all agree with the first to :data:`SAME`."""
    reference = results[0][1]
    if all(abs(x - reference) <= SAME * abs(reference) for _, x in results):
        return
    listing = "\n".join(f"  {x!r:<24} {label}" for label, x in results)
    raise AssertionError(f"the rows disagree on {what}:\n{listing}")


# ---- the floors: the moons network's forward pass on plain floats ----------------------------
def loops_forward(weights: list, rows: list) -> list:
    """Explicit loops, ``s += w * x``: what a plain Python program would write."""
    out = []
    for row in rows:
        x = row
        for i, layer in enumerate(weights):
            nxt = []
            for ws, b in layer:
                s = b
                for w, v in zip(ws, x):
                    s += w * v
                nxt.append(s if s > 0.0 or i == len(weights) - 1 else 0.0)
            x = nxt
        out.append(x[0])
    return out


def map_forward(weights: list, rows: list) -> list:
    """``sum(map(mul, w, x)) + b``: the fastest plain Python there is for a dot product."""
    out = []
    for row in rows:
        x = row
        for i, layer in enumerate(weights):
            x = [sum(map(mul, ws, x)) + b for ws, b in layer]
            if i < len(weights) - 1:
                x = [v if v > 0.0 else 0.0 for v in x]
        out.append(x[0])
    return out


def moons_rows() -> tuple[list[Row], int]:
    """The moons table's rows (micrograd's when it is installed) and the index of the loops floor."""
    X, y = nn.make_moons(100, noise=0.1, random_state=1)
    rows, labels = X.tolist(), [1.0 if c else -1.0 for c in y]
    weights = versus_micrograd.make_weights()

    def lecture(value: type) -> Callable[[], float]:
        return versus_micrograd.lecture_step(value, weights, rows, labels, [])

    table = []
    try:
        from micrograd.engine import Value as MicrogradValue
        table.append(Row("micrograd 0.1.0 (Python's collector)", lecture(MicrogradValue), True))
    except ImportError:
        print("micrograd is not installed (pip install micrograd==0.1.0): its row is left out")
    generator = versus_micrograd.float_forward(weights, rows)
    table += [
        Row(LECTURE, lecture(Value)),
        Row("chainrule, the lecture's code (Python's collector)", lecture(Value), True),
        Row("chainrule nn.MLP (fused) + hinge + L2 + SGD", versus_micrograd.mlp_step(rows, labels)),
        Row("floor: floats, forward, explicit loops (s += w*x)", lambda: loops_forward(weights, rows)),
        Row("floor: floats, forward, sum(map(mul, w, x))", lambda: map_forward(weights, rows)),
        Row("floor: floats, forward, generator sum(w*v for ..)", generator),
    ]
    return table, len(table) - 3


def print_moons(repeats: int) -> None:
    rows, loops = moons_rows()
    timed = interleaved(rows, repeats)
    losses = [(t.label, t.result) for t in timed if "lecture" in t.label or "micrograd" in t.label]
    check_same("the first step's loss", losses)
    for i in range(len(timed[loops].result)):
        check_same(f"score {i} of the floors", [(t.label, t.result[i]) for t in timed[loops:]])
    reference = timed[0].seconds if "micrograd" in timed[0].label else None
    floors = {name: timed[loops + k].seconds for k, name in enumerate(("loops", "map", "generator"))}
    width = max(len(t.label) for t in timed)
    print(f"\none step of micrograd's moons demo (MLP 2-16-16-1, 100 points), medians of {repeats} rounds")
    print(f"{'':<{width}}  {'wall':>8}  {'CPU':>8}  {'of it GC':>8}  {'vs micrograd':>12}  "
          f"{'vs loops':>8}  {'vs map':>7}  {'vs gen':>7}")
    for t in timed:
        versus = f"{reference / t.seconds:>11.1f}x" if reference else f"{'-':>12}"
        ratios = "  ".join(f"{t.seconds / floors[f]:>{w - 1}.2f}x" for f, w in (("loops", 8), ("map", 7),
                                                                               ("generator", 7)))
        print(f"{t.label:<{width}}  {t.wall * 1e3:>6.1f}ms  {t.seconds * 1e3:>6.1f}ms  "
              f"{t.collector * 1e3:>6.1f}ms  {versus}  "
              f"{ratios}")
    print("medians of wall and CPU time; ratios of CPU time. 'vs micrograd': times faster than micrograd; "
          "'vs loops/map/gen': times the floor's time "
          "(loops: explicit s += w*x, map: sum(map(mul, w, x)), gen: sum(w*v for ...));\n"
          "'of it GC': CPU time in Python's cyclic garbage collector. Same first loss on every lecture row, "
          f"same scores on every floor (to {SAME:g}).")


# ---- a GPT step ------------------------------------------------------------------------------
def print_gpt(repeats: int) -> None:
    """demos/gpt_model.py's step (3 names, forward + backward) on the local-gradients class and on
    chainrule, unchanged (with and without the policy) and fused."""
    rows = [
        Row("local-gradients class, sum of products (Python's collector)",
            run.gpt_step(gpt_model.init_params(Node), gpt_model.PLAIN), True),
        Row("chainrule Value, the same code", run.gpt_step(gpt_model.init_params(Value), gpt_model.PLAIN)),
        Row("chainrule Value, the same code (Python's collector)",
            run.gpt_step(gpt_model.init_params(Value), gpt_model.PLAIN), True),
        Row("chainrule, every sum fused (autograd.dot, autograd.sum)",
            run.gpt_step(gpt_model.init_params(Value), gpt_model.FUSED)),
    ]
    timed = interleaved(rows, repeats)
    check_same("the GPT loss", [(t.label, t.result) for t in timed])
    print_speedups(f"a GPT step of microgpt's shape (demos/gpt_model.py, 3 names), medians of {repeats} "
                   "rounds", timed)


def print_speedups(title: str, timed: list[Timed]) -> None:
    """A table of medians, collector shares and speed-ups over the first row."""
    width = max(len(t.label) for t in timed)
    print(f"\n{title}")
    print(f"{'':<{width}}  {'wall':>9}  {'CPU':>9}  {'of it GC':>9}  {'share':>5}  {'speed-up':>8}")
    for t in timed:
        print(f"{t.label:<{width}}  {t.wall * 1e3:>7.1f}ms  {t.seconds * 1e3:>7.1f}ms  "
              f"{t.collector * 1e3:>7.1f}ms  {t.collector / t.seconds:>5.0%}  "
              f"{timed[0].seconds / t.seconds:>7.2f}x")


def print_microgpt(path: Path, steps: int, rounds: int) -> None:
    """Karpathy's microgpt as written, ``steps`` steps, on its own class and on chainrule's."""
    rows = [
        Row("microgpt's own Value class (Python's collector)", lambda: microgpt.training(path, steps), True),
        Row("chainrule's Value in its place", lambda: microgpt.training(path, steps, Value)),
        Row("chainrule's Value in its place (Python's collector)",
            lambda: microgpt.training(path, steps, Value), True),
    ]
    timed = interleaved(rows, rounds)
    own = timed[0].result
    for t in timed[1:]:
        if not microgpt.same_losses(own, t.result):
            raise AssertionError(f"{t.label}: other losses than microgpt's own class:\n"
                                 f"  {own.printed}\n  {t.result.printed}")
    print_speedups(f"Karpathy's microgpt ({path.name}), {steps} training steps, medians of {rounds} rounds",
                   timed)
    apart = max(microgpt.weights_apart(own, t.result) for t in timed[1:])
    print(f"every row printed the same {steps} losses and ended at the same loss, {own.loss!r}; "
          f"the final weights agree to {apart:.1e} (relative)")


# ---- peak memory, each in a fresh process -----------------------------------------------------
def peak_of(kind: str, policy: bool, microgpt_path: Optional[Path], steps: int) -> int:
    """Peak resident memory (kB) of a fresh process running ``kind``'s work with the policy on or off."""
    command = [sys.executable, __file__, "--peak-of", kind, "--policy", "on" if policy else "off",
               "--steps", str(steps)]
    if microgpt_path:
        command += ["--microgpt", str(microgpt_path)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


def run_for_peak(kind: str, policy: bool, microgpt_path: Optional[Path], steps: int) -> None:
    autograd.set_collector_policy(policy)
    if kind == "microgpt":
        microgpt.training(microgpt_path, steps, Value)
    else:
        step = next(row.work for row in moons_rows()[0] if row.label == LECTURE)
        for _ in range(steps):
            step()
    print(high_water_kb())


def high_water_kb() -> int:
    """This process's peak resident memory in kB: Linux's VmHWM, which starts afresh at exec (the
    ``ru_maxrss`` of a process started from a big one reports the parent's peak), else ``ru_maxrss``."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def print_peaks(microgpt_path: Optional[Path], steps: int) -> None:
    print("\npeak resident memory of a fresh process, the collector policy on and off")
    kinds = [("lecture", f"the lecture's code on chainrule, {steps} moons steps")]
    if microgpt_path:
        kinds.append(("microgpt", f"microgpt on chainrule's Value, {steps} steps"))
    for kind, label in kinds:
        on, off = (peak_of(kind, policy, microgpt_path, steps) for policy in (True, False))
        print(f"  {label:<46}  on {on / 1024:6.1f} MB  off {off / 1024:6.1f} MB  on/off {on / off:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds of each table (default 7)")
    parser.add_argument("--microgpt", type=Path, help="path of Karpathy's microgpt.py (its rows are left "
                        "out without it)")
    parser.add_argument("--steps", type=int, default=15, help="microgpt's training steps (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of microgpt (default 3)")
    parser.add_argument("--peak-of", choices=["lecture", "microgpt"], help=argparse.SUPPRESS)
    parser.add_argument("--policy", choices=["on", "off"], default="on", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.microgpt and not args.microgpt.is_file():
        parser.error(f"--microgpt: no file at {args.microgpt}")
    if args.peak_of:
        run_for_peak(args.peak_of, args.policy == "on", args.microgpt, args.steps)
        return
    print(f"load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores), Python {sys.version.split()[0]}")
    print_moons(args.repeats)
    print_gpt(args.repeats)
    if args.microgpt:
        print_microgpt(args.microgpt, args.steps, args.rounds)
    else:
        print("\nKarpathy's microgpt: left out (give the path of microgpt.py with --microgpt)")
    print_peaks(args.microgpt, args.steps)
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
