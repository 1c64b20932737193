"""A web page that replays the backward pass one step at a time: :class:`Stepper`, :func:`save_stepper`.

The page is one self-contained HTML file: the graph as inline SVG (rendered once by
Graphviz, every node and edge with a stable ``id``), the steps of
:func:`~autograd.steps.backward_steps` as JSON, and a little inline JavaScript that, per
frame, highlights the current edge and its two nodes with CSS classes, writes the
gradients known so far into the nodes and the side table, and shows the step's formula.
Prev/Next buttons and the left/right arrow keys move between frames.

Labels are text, never markup: they are escaped in the SVG (by Graphviz, from escaped
HTML-like labels), in the JSON (every ``<`` becomes ``\\u003c``, so no ``</script>`` or
``<!--`` can end the data early) and in the page, and the script writes only with
``textContent``. A Content-Security-Policy allows no network access and no script but
the page's own.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from typing import Any, Optional, Union

from autograd.draw import RANKDIRS, check_size, diverging_color, graph_of, largest_magnitude, to_svg
from autograd.steps import (
    backward_steps,
    format_number,
    forward_order,
    seed_formula,
    step_formula,
    value_names,
    wrap_name,
)
from autograd.value import Value

_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fff; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 1em; padding: 0.6em 1em;
         border-bottom: 1px solid #ddd; background: #fafafa; }
h1 { font-size: 1.1em; margin: 0; font-weight: normal; }
h1 b { font-family: Menlo, Consolas, monospace; }
h2 { font-size: 0.95em; margin: 0 0 0.4em; color: #555; }
nav { display: flex; align-items: center; gap: 0.6em; }
button { font-size: 1em; padding: 0.25em 0.9em; cursor: pointer; }
#counter { font-variant-numeric: tabular-nums; min-width: 5em; text-align: center; font-weight: bold; }
.hint { color: #777; font-size: 0.85em; }
#step { padding: 0.5em 1em; border-bottom: 1px solid #eee; }
main { display: flex; flex-wrap: wrap; gap: 1em; padding: 0.8em 1em; align-items: flex-start; }
#graph { flex: 1 1 720px; overflow: auto; }
#graph svg { max-width: 100%; height: auto; }
aside { flex: 0 0 auto; }
.formula { font-family: Menlo, Consolas, monospace; background: #f4f4f4; padding: 0.3em 0.6em;
           border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.2em 0; }
#formula { font-size: 1.15em; display: inline-block; }
#sentence { margin: 0.3em 0; color: #444; }
table.grads { border-collapse: collapse; font-family: Menlo, Consolas, monospace; font-size: 0.9em; }
table.grads td, table.grads th { padding: 0.15em 0.6em; border-bottom: 1px solid #eee; text-align: left; }
table.grads tr.now { background: #ffe8c2; }
table.grads td.done { color: #2b8a3e; }
.key { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: middle; border: 3px solid; }
.key.source { border-color: #7048e8; } .key.target { border-color: #f08c00; }
.legend { font-size: 0.85em; color: #555; }
.node.source polygon { stroke: #7048e8; stroke-width: 3px; }
.node.target polygon { stroke: #f08c00; stroke-width: 3px; }
.node.current ellipse { stroke: #f08c00; stroke-width: 3px; fill: #ffe8c2; }
.edge.current path { stroke: #f08c00; stroke-width: 3.5px; }
.edge.current polygon { stroke: #f08c00; fill: #f08c00; }
"""

_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stepper-data").textContent);
  var steps = data.steps, n = steps.length, k = 0;
  var counter = document.getElementById("counter");
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  function byId(id) { return document.getElementById(id); }
  function text(id, s) { byId(id).textContent = s; }
  function setClass(ids, name) {
    var old = document.querySelectorAll("#graph ." + name);
    for (var i = 0; i < old.length; i++) { old[i].classList.remove(name); }
    ids.forEach(function (id) { var e = byId(id); if (e) { e.classList.add(name); } });
  }
  function paint(id, grad, color) {
    var g = byId(id);
    if (!g) { return; }
    var texts = g.getElementsByTagName("text"), polygons = g.getElementsByTagName("polygon");
    if (texts.length) { texts[texts.length - 1].textContent = "grad " + grad; }
    if (polygons.length) { polygons[0].setAttribute("fill", color); }
  }
  function row(cells, cls) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) {
      var td = document.createElement("td");
      td.textContent = c[0];
      if (c[1]) { td.className = c[1]; }
      tr.appendChild(td);
    });
    if (cls) { tr.className = cls; }
    return tr;
  }
  function show(j) {
    if (n === 0) { return; }
    k = Math.max(0, Math.min(n - 1, j));
    var s = steps[k], known = {}, order = [data.root], i;
    known[data.root] = {grad: data.seed_grad, color: data.seed_color, done: true};
    for (i = 0; i <= k; i++) {
      if (!(steps[i].input in known)) { order.push(steps[i].input); }
      known[steps[i].input] = {grad: steps[i].grad, color: steps[i].color, done: steps[i].final};
    }
    data.values.forEach(function (id) {
      var g = known[id];
      paint(id, g ? g.grad : data.zero, g ? g.color : data.white);
    });
    setClass([s.edge, s.op, s.out], "current");
    setClass([s.node], "source");
    setClass([s.input], "target");
    counter.textContent = (k + 1) + " / " + n;
    prev.disabled = k === 0;
    next.disabled = k === n - 1;
    text("formula", s.formula);
    text("sentence", s.sentence);
    var body = byId("grads");
    while (body.firstChild) { body.removeChild(body.firstChild); }
    order.forEach(function (id) {
      var g = known[id];
      body.appendChild(row([[data.names[id]], [g.grad], [g.done ? "final" : "so far", g.done ? "done" : ""]],
                           id === s.input ? "now" : ""));
    });
  }
  prev.addEventListener("click", function () { show(k - 1); });
  next.addEventListener("click", function () { show(k + 1); });
  document.addEventListener("keydown", function (e) {
    var to = {ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: n - 1}[e.key];
    if (to !== undefined) { e.preventDefault(); show(to); }
  });
  if (n === 0) {
    counter.textContent = "0 / 0";
    prev.disabled = next.disabled = true;
    text("sentence", data.empty);
  }
  show(0);
})();
"""


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appear literally."""
    text = json.dumps(obj, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


class Stepper:
    """The backward pass of ``root`` as a page of frames, one per chain-rule step.

    ``Stepper(root)`` shows itself inline in Jupyter (in an iframe), ``.html()`` is the
    page's text and ``.save(path)`` writes it to a file. ``len(stepper)`` is the number
    of steps. Nothing in the graph is modified.
    """

    def __init__(self, root: Value, rankdir: str = "LR", max_nodes: Optional[int] = 500) -> None:
        if not isinstance(root, Value):
            raise TypeError(f"Stepper needs a Value, got {type(root).__name__}")
        if rankdir not in RANKDIRS:
            raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
        check_size(root, max_nodes)
        self.root = root
        self.rankdir = rankdir
        self.steps = backward_steps(root)
        self._html: Optional[str] = None

    def __len__(self) -> int:
        return len(self.steps)

    def _data(self, ids: dict[Value, str], names: dict[Value, str], scale: float) -> dict:
        root, steps = self.root, self.steps
        loss = wrap_name(names[root])
        last = {step.input: i for i, step in enumerate(steps)}
        return {
            "root": ids[root],
            "names": {ids[v]: names[v] for v in ids},
            "values": list(ids.values()),
            "seed_grad": format_number(1.0),
            "seed_color": diverging_color(1.0, scale),
            "zero": format_number(0.0),
            "white": diverging_color(0.0, scale),
            "empty": f"{names[root]} is a leaf: backward has nothing to pass on.",
            "steps": [
                {
                    "node": ids[s.node],
                    "input": ids[s.input],
                    "edge": f"e{ids[s.node][1:]}_{s.index}",
                    "op": "p" + ids[s.node][1:],
                    "out": "o" + ids[s.node][1:],
                    "formula": step_formula(s, names, loss),
                    "sentence": (
                        f"{names[s.node]} ({s.node.op}) passes its gradient back to its input "
                        f"{names[s.input]}: upstream d{loss}/d{wrap_name(names[s.node])} times the local "
                        f"derivative d{wrap_name(names[s.node])}/d{wrap_name(names[s.input])}."
                    ),
                    "grad": format_number(s.grad_after),
                    "color": diverging_color(s.grad_after, scale),
                    "final": last[s.input] == i,
                }
                for i, s in enumerate(steps)
            ],
        }

    def html(self) -> str:
        """The whole page as one self-contained HTML document."""
        if self._html is not None:
            return self._html
        root = self.root
        order = forward_order(root)
        names = value_names(root, order)
        final = {root: 1.0}
        widest = {root: 1.0}
        for s in self.steps:
            final[s.input] = s.grad_after
            if len(format_number(s.grad_after)) >= len(format_number(widest.get(s.input, 0.0))):
                widest[s.input] = s.grad_after
        scale = largest_magnitude(final.values())
        # lay the boxes out for the widest number each will show; the script sets the real ones
        graph, ids = graph_of(root, self.rankdir, True, lambda v: widest.get(v, 0.0), scale, tooltips=False)
        svg = to_svg(graph)
        data = self._data(ids, names, scale)
        script_hash = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
        csp = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{script_hash}'"
        )
        title = html.escape(names[root])
        seed = html.escape(seed_formula(root, names))
        self._html = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Backward step by step: {title}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>Backward, step by step, from <b>{title}</b> &nbsp;<span class="formula">{seed}</span></h1>
<nav>
<button id="prev" type="button" title="previous step (left arrow)">&#9664; Prev</button>
<span id="counter">1 / {len(self.steps)}</span>
<button id="next" type="button" title="next step (right arrow)">Next &#9654;</button>
<span class="hint">or the &larr; &rarr; keys</span>
</nav>
</header>
<div id="step">
<p id="formula" class="formula"></p>
<p id="sentence"></p>
</div>
<main>
<section id="graph">
{svg}
</section>
<aside>
<h2>Gradients known so far</h2>
<table class="grads"><thead><tr><th>value</th><th>grad</th><th></th></tr></thead>
<tbody id="grads"></tbody></table>
<p class="legend"><span class="key source"></span> passes its gradient back<br>
<span class="key target"></span> receives it</p>
</aside>
</main>
<script type="application/json" id="stepper-data">{_json_for_script(data)}</script>
<script>{_JS}</script>
</body>
</html>
"""
        return self._html

    def save(self, path: Union[str, os.PathLike]) -> Union[str, os.PathLike]:
        """Write the page to ``path`` (UTF-8) and return ``path``.

        A lone surrogate in a label (text no encoding can write) is written as its escape
        ``\\udXXX``: inside the page's JSON data that is the same character again.
        """
        page = self.html()
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write(page)
        return path

    def _repr_html_(self) -> str:
        """The page in an iframe, so that its script and ids stay apart from the notebook's."""
        return (
            f'<iframe srcdoc="{html.escape(self.html(), quote=True)}" '
            'style="width: 100%; height: 620px; border: 1px solid #ddd;"></iframe>'
        )


def save_stepper(root: Value, path: Union[str, os.PathLike], rankdir: str = "LR",
                 max_nodes: Optional[int] = 500) -> Union[str, os.PathLike]:
    """Write a self-contained HTML page that steps through ``root.backward()``; returns ``path``.

    Each frame shows the graph with the current edge and its two nodes highlighted, the
    formula of the step and the gradients known so far. Open the file in any browser
    (no network needed); Prev/Next or the arrow keys move between steps.
    """
    return Stepper(root, rankdir, max_nodes).save(path)
