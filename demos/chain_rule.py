"""Chain rule: the lecture neuron tanh(x1*w1 + x2*w2 + b), backward one step at a time.

It prints every use of the chain rule that backward makes (``dL/dx += dL/dn · dn/dx``),
checks the gradients against central differences with ``gradcheck``, draws the graph
with its data and gradients (``chain_rule_graph.png``, needs Graphviz) and writes a
page that steps through the backward pass (``chain_rule_steps.html``).
"""

from __future__ import annotations

from typing import Optional, Sequence

import autograd
from autograd import Value
from autograd.files import atomic_write
from demos.cli import parse_options, print_table

# The lecture's values: b is chosen so that n = 0.8814 and tanh(n) = 1/sqrt(2).
POINT = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}


def neuron(x1: Value, x2: Value, w1: Value, w2: Value, b: Value) -> Value:
    """o = tanh(x1*w1 + x2*w2 + b), built step by step with the lecture's labels."""
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    x1w1x2w2 = x1w1 + x2w2
    x1w1x2w2.label = "x1*w1 + x2*w2"
    n = x1w1x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Print the trace and the check; write the graph picture and the stepper page."""
    run = parse_options(__doc__.splitlines()[0], argv, module="demos.chain_rule", writes_pages=True)
    leaves = {name: Value(x, label=name) for name, x in POINT.items()}
    o = neuron(**leaves)
    o.backward()

    print("forward: o = tanh(x1*w1 + x2*w2 + b) =", f"{o.data:.4f}\n")
    print("backward, one use of the chain rule per line:")
    autograd.explain(o)
    print_table("gradients", ["value", "data", "grad"],
                [[name, v.data, v.grad] for name, v in leaves.items()])
    checked = autograd.gradcheck(neuron, [leaves[name] for name in POINT])
    print("gradcheck against central differences:", "agrees" if checked else "disagrees")

    page = run.out / "chain_rule_steps.html"
    written = []
    try:
        with run.writing(page):
            autograd.save_stepper(o, page)
        written.append(page)
        print(f"wrote {page}: open it in a browser and step with the arrow keys")
        if run.plots:
            png = autograd.draw_dot(o).pipe(format="png")
            with run.writing(run.out / "chain_rule_graph.png"):
                picture = atomic_write(run.out / "chain_rule_graph.png", png)
            written.append(picture)
            print(f"wrote {picture}")
    except (autograd.GraphvizNotFoundError, ImportError) as error:
        print(f"no pictures: {error}")
    return {"output": o, "gradients": {name: v.grad for name, v in leaves.items()},
            "gradcheck": checked, "written": written}


if __name__ == "__main__":
    main()
