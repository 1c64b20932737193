"""GPT: a tiny character-level transformer learns to make up names, every number a Value.

The model is the one of :mod:`demos.gpt_model`: one transformer layer, 16-number
embeddings, 4 attention heads, 4,192 weights, each an ``autograd.Value``. It reads a
name one letter at a time and learns to predict the next letter (or the end of the
name). Before training it guesses uniformly among 27 tokens, a loss of ln 27 = 3.30; a
model that has learned something about names does clearly better.

Training: Adam (``nn.Adam``), one name per step in a shuffled order, the learning rate
falling in a straight line to a tenth of its start (``nn.LinearLR``). The layers are the
fused ones (``autograd.dot`` and ``autograd.sum`` nodes), about ten times faster than
the same model written with Python's ``sum``. Some names are held out, and the loss on
them is measured at the end, with ``no_grad``.

The names (``demos/gpt-data/names.txt.gz``, 32,033 lower-case names) are the list Andrej
Karpathy ships with makemore (MIT licence), taken from the US Social Security
Administration's public-domain baby names.

It prints the loss as it trains, then some names it makes up, and writes
``gpt_loss.png`` (the loss curve against the uniform guess), ``gpt_attention.png`` (what
each head looks at while reading a name), and one attention score's graph:
``gpt_score_graph.png`` (needs Graphviz) and ``gpt_score_steps.html``, which steps
through its backward pass.
"""

from __future__ import annotations

import gzip
import math
import random
import time
from importlib import resources
from typing import Optional, Sequence

import autograd
import nn
from autograd import Value
from autograd.files import atomic_write
from demos import gpt_model as gpt
from demos.cli import Run, parse_options

STEPS = 3000
QUICK_STEPS = 200
"""With ``--quick``: enough steps for the loss to fall well below ln 27."""
LEARNING_RATE = 0.01
HELD_OUT = 300
"""Names kept out of training, to measure the loss on names the model never saw."""
QUICK_HELD_OUT = 100
"""With ``--quick``, the loss is measured on fewer of them: a forward pass costs a third of a step."""
SAMPLES = 12
TEMPERATURE = 0.5
"""Sampling divides the logits by this: below 1 the likely letters get likelier."""
ATTENTION_NAME = "isabella"
"""The name whose attention weights are drawn."""
UNIFORM_LOSS = math.log(gpt.VOCAB)
"""The loss of guessing every one of the 27 tokens with probability 1/27."""


def load_names() -> list[str]:
    """The names shipped with the demo, one per line of the file, in its order."""
    packed = (resources.files("demos") / "gpt-data" / "names.txt.gz").read_bytes()
    return gzip.decompress(packed).decode("ascii").split()


def train(params: dict, names: Sequence[str], steps: int, rng: random.Random) -> list[float]:
    """Train on ``steps`` names drawn in shuffled order; returns the loss of every step."""
    optimizer = nn.Adam(gpt.parameters(params), lr=LEARNING_RATE)
    schedule = nn.LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=steps)
    order: list[str] = []
    losses = []
    every = max(steps // 10, 1)
    for step in range(1, steps + 1):
        if not order:
            order = list(names)
            rng.shuffle(order)
        name = order.pop()
        optimizer.zero_grad()
        loss = gpt.loss(params, gpt.encode(name), gpt.FUSED)
        loss.backward()
        optimizer.step()
        schedule.step()
        losses.append(loss.data)
        if step % every == 0 or step == 1:
            recent = losses[-every:]
            print(f"step {step:>5}/{steps}  loss {loss.data:.3f}  "
                  f"(mean of the last {len(recent)}: {sum(recent) / len(recent):.3f})", flush=True)
    return losses


def mean_loss(params: dict, names: Sequence[str]) -> float:
    """The mean loss over ``names`` without recording a graph: a measurement, not a step."""
    with autograd.no_grad():
        return sum(gpt.loss(params, gpt.encode(name), gpt.FUSED).data for name in names) / len(names)


def sample(params: dict, rng: random.Random, temperature: float = TEMPERATURE) -> str:
    """A made-up name: start from token 0 and draw letters until the model draws token 0."""
    tokens = [0]
    with autograd.no_grad():
        while len(tokens) < gpt.BLOCK:
            logits, _ = gpt.forward(params, tokens, gpt.FUSED)
            scaled = [z.data / temperature for z in logits[-1]]
            top = max(scaled)
            weights = [math.exp(z - top) for z in scaled]
            token = rng.choices(range(gpt.VOCAB), weights)[0]
            if token == 0:
                break
            tokens.append(token)
    return gpt.decode(tokens[1:])


def attention_weights(params: dict, name: str) -> tuple[list[int], list[list[list[float]]]]:
    """The tokens the model reads for ``name`` and ``weights[h][t][s]``: how much head ``h``,
    at position ``t``, attends to position ``s`` (0 for ``s > t``, where it cannot look)."""
    tokens = gpt.frame(gpt.encode(name))[:-1]
    with autograd.no_grad():
        _, attended = gpt.forward(params, tokens, gpt.FUSED)
    n = len(tokens)
    return tokens, [[[attended[t][h][s].data if s <= t else 0.0 for s in range(n)] for t in range(n)]
                    for h in range(gpt.HEADS)]


def head_vectors(params: dict, tokens: Sequence[int], position: int, head: int) -> tuple[list, list]:
    """Head ``head``'s query and key at ``position``, as numbers.

    In a one-layer model both come from the embeddings alone: ``W_q`` and ``W_k`` times
    the rmsnorm of token embedding plus position embedding."""
    with autograd.no_grad():
        h = gpt.rmsnorm(gpt.embed(params, tokens[position], position), gpt.FUSED)
        part = slice(head * gpt.HEAD_SIZE, (head + 1) * gpt.HEAD_SIZE)
        q = gpt.fused_linear(h, params["wq"][part])
        k = gpt.fused_linear(h, params["wk"][part])
    return [v.data for v in q], [v.data for v in k]


def head_score(params: dict, tokens: Sequence[int], head: int, query: int, key: int) -> Value:
    """The attention score of head ``head`` at position ``query`` for position ``key``, as a
    small graph of its own: ``(q1 k1 + q2 k2 + q3 k3 + q4 k4) / sqrt(4)``.

    The query and key numbers become fresh leaves (labelled ``q1``... and ``k1``...), so
    the graph stops there instead of reaching back through 4,192 weights: small enough
    to draw and to step through, and the same number the model computes.
    """
    q, _ = head_vectors(params, tokens, query, head)
    _, k = head_vectors(params, tokens, key, head)
    qs = [Value(x, label=f"q{i + 1}") for i, x in enumerate(q)]
    ks = [Value(x, label=f"k{i + 1}") for i, x in enumerate(k)]
    total = qs[0] * ks[0]
    for a, b in zip(qs[1:], ks[1:]):
        total = total + a * b
    total.label = "q·k"
    score = total / Value(math.sqrt(gpt.HEAD_SIZE), label=f"√{gpt.HEAD_SIZE}")
    score.label = "score"
    return score


def plot_loss(run: Run, losses: Sequence[float], held_out: float) -> None:
    """The loss of every step (faint), its running mean and the uniform guess's ln 27."""
    figure = run.figure(figsize=(7, 4))
    if figure is None:
        return
    ax = figure.add_subplot(1, 1, 1)
    window = max(len(losses) // 30, 10)
    running = [sum(losses[max(0, i - window + 1):i + 1]) / (i + 1 - max(0, i - window + 1))
               for i in range(len(losses))]
    steps = range(1, len(losses) + 1)
    ax.plot(steps, losses, color="#1f77b4", alpha=0.2, linewidth=0.6, label="loss of each step (one name)")
    ax.plot(steps, running, color="#1f77b4", label=f"mean of the last {window} steps")
    ax.axhline(UNIFORM_LOSS, color="#d62728", linestyle="--",
               label=f"uniform guess: ln 27 = {UNIFORM_LOSS:.2f}")
    ax.plot([len(losses)], [held_out], "o", color="#2ca02c", label=f"held-out names: {held_out:.2f}")
    ax.set_ylim(1.0, 4.5)
    ax.set_xlabel("training step")
    ax.set_ylabel("loss: mean of -ln p(next letter)")
    ax.set_title("a 4,192-weight GPT on scalars learns names")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    run.save(figure, "gpt_loss")


def plot_attention(run: Run, tokens: Sequence[int], weights: list) -> None:
    """One heatmap per head: row ``t`` is where the head looks while reading token ``t``."""
    figure = run.figure(figsize=(8, 7.4))
    if figure is None:
        return
    letters = list(gpt.decode(tokens))
    n = len(tokens)
    for h, grid in enumerate(weights):
        ax = figure.add_subplot(2, 2, h + 1)
        shown = [[w if s <= t else float("nan") for s, w in enumerate(row)] for t, row in enumerate(grid)]
        image = ax.imshow(shown, cmap="Blues", vmin=0.0, vmax=1.0)
        ax.set_xticks(range(n), letters)
        ax.set_yticks(range(n), letters)
        ax.set_xlabel("looks at")
        ax.set_ylabel("reading")
        ax.set_title(f"head {h + 1}")
    figure.colorbar(image, ax=figure.axes, shrink=0.6, label="attention weight")
    figure.suptitle(f"where each head looks while reading {''.join(letters)!r} ('.' starts a name)")
    run.save(figure, "gpt_attention")


def write_score_graph(run: Run, score: Value) -> None:
    """The stepper page of ``score``'s backward pass, and its picture when pictures are on."""
    page = run.out / "gpt_score_steps.html"
    try:
        with run.writing(page):
            autograd.save_stepper(score, page)
        run.written.append(page)
        print(f"wrote {page}: one attention score's backward pass, step by step")
        if run.plots:
            png = autograd.draw_dot(score).pipe(format="png")
            with run.writing(run.out / "gpt_score_graph.png"):
                picture = atomic_write(run.out / "gpt_score_graph.png", png)
            run.written.append(picture)
            print(f"wrote {picture}")
    except (autograd.GraphvizNotFoundError, ImportError) as error:
        print(f"no graph pictures: {error}")


def strongest_key(weights: list, head: int, query: int) -> int:
    """The position head ``head`` attends to most at position ``query``."""
    row = weights[head][query][: query + 1]
    return max(range(len(row)), key=row.__getitem__)


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train, print the losses and some made-up names, write the pictures; returns the results."""
    run = parse_options(__doc__.splitlines()[0], argv, module="demos.gpt", writes_pages=True)
    rng = random.Random(run.seed)
    names = load_names()
    rng.shuffle(names)
    held_out, training = names[:HELD_OUT], names[HELD_OUT:]
    steps = QUICK_STEPS if run.quick else STEPS
    if run.quick:
        held_out = held_out[:QUICK_HELD_OUT]
    params = gpt.init_params(Value, seed=run.seed)
    print(f"{len(training):,} names to learn from, {HELD_OUT} held out; "
          f"{len(gpt.parameters(params)):,} weights; {steps:,} steps of one name each")
    print(f"before training: loss on 50 held-out names {mean_loss(params, held_out[:50]):.3f} "
          f"(uniform guess: ln 27 = {UNIFORM_LOSS:.3f})")

    start = time.perf_counter()
    losses = train(params, training, steps, rng)
    seconds = time.perf_counter() - start
    final = sum(losses[-100:]) / len(losses[-100:])
    held_out_loss = mean_loss(params, held_out)
    print(f"\ntrained in {seconds:.1f} s ({1e3 * seconds / steps:.1f} ms a step)")
    print(f"mean loss of the last {len(losses[-100:])} steps: {final:.3f}; on the {len(held_out)} "
          f"held-out names: {held_out_loss:.3f}; uniform guess: {UNIFORM_LOSS:.3f}")

    made_up = [sample(params, rng) for _ in range(SAMPLES)]
    print(f"\nnames it makes up (temperature {TEMPERATURE}):")
    print("  " + "  ".join(made_up))
    known = set(names)
    new = [n for n in made_up if n and n not in known]
    print(f"{len(new)} of {len(made_up)} are not in the list\n")

    tokens, weights = attention_weights(params, ATTENTION_NAME)
    query = len(tokens) - 1
    key = strongest_key(weights, 0, query)
    score = head_score(params, tokens, 0, query, key)
    score.backward()
    print(f"head 1 reading {gpt.decode(tokens[query:query + 1])!r} (position {query}) looks hardest at "
          f"{gpt.decode(tokens[key:key + 1])!r} (position {key}): score {score.data:.3f}")
    plot_loss(run, losses, held_out_loss)
    plot_attention(run, tokens, weights)
    write_score_graph(run, score)
    return {"losses": losses, "final_loss": final, "held_out_loss": held_out_loss, "samples": made_up,
            "tokens": tokens, "attention": weights, "score": score, "params": params,
            "seconds": seconds, "written": run.written}


if __name__ == "__main__":
    main()
