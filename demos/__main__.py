"""``python -m demos``: list the demos, one line each."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import demos

# modules of the package that support the demos (or the benchmarks) rather than being one
SUPPORT = {"cli", "plots", "classification", "gpt_model"}


def demo_names() -> list[str]:
    """The runnable demos, in the order of the course."""
    found = [m.name for m in pkgutil.iter_modules([str(Path(demos.__file__).parent)])]
    names = [n for n in found if not n.startswith("_") and n not in SUPPORT]
    rank = {name: i for i, name in enumerate(demos.ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def summary(name: str) -> str:
    """The first line of a demo's docstring."""
    doc = importlib.import_module(f"demos.{name}").__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def main() -> None:
    names = demo_names()
    width = max(map(len, names))
    print("Run one with: python -m demos.<name> [--out DIR] [--seed N] [--quick] [--no-plots]\n")
    for name in names:
        print(f"  {name:<{width}}  {summary(name)}")


if __name__ == "__main__":
    main()
