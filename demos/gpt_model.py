"""A tiny GPT on scalars: every number of the model is one autograd Value.

The shape is the one learners meet in the smallest GPTs: one transformer layer, 16-number
embeddings, 4 attention heads of 4 numbers each, a context of 16 characters and a
vocabulary of 27 (the letters and one token that marks where a name starts and ends).
A step reads one name a character at a time, predicts each next character, and the loss
is the mean of ``-log p(next character)``.

The model adds up many numbers in three ways: a matrix times a vector (``linear``), a
sum of a list (softmax's denominator, the mean of the losses) and a dot product
(rmsnorm's sum of squares, attention's scores and its weighted sum of values). A
:class:`Kernels` says how each is done:

* :data:`PLAIN` writes all three with Python's ``sum`` over binary ``+`` and ``*``, as such
  code usually is. It uses nothing but arithmetic, ``.exp()``, ``.log()`` and ``.relu()``,
  so it runs on any scalar Value class (the benchmark runs it on a bare local-gradients
  class as well).
* :data:`FUSED_LINEAR` changes one line: :func:`fused_linear`, one ``autograd.dot`` node per
  output of a matrix product. Most of the model's arithmetic is there.
* :data:`FUSED` also uses ``autograd.sum`` and ``autograd.dot`` for the sums and the dot
  products. Each fused node computes the same numbers, in the same order, as the binary
  nodes it replaces, so the losses agree to rounding.
"""

from __future__ import annotations

import math
import random
from typing import Any, Callable, NamedTuple, Sequence

import autograd

VOCAB = 27
"""Token 0 marks the start and the end of a name; tokens 1 to 26 are the letters a to z."""
EMBED = 16
HEADS = 4
BLOCK = 16
"""The longest context: a name of up to 15 letters, after the start token."""
HEAD_SIZE = EMBED // HEADS

Matrix = list  # a list of rows, each a list of numbers
Linear = Callable[[list, Matrix], list]


def init_params(value: Callable[[float], Any], seed: int = 0, std: float = 0.08) -> dict[str, Matrix]:
    """The model's weights, each a Value made by ``value(number)``, drawn from N(0, std²)."""
    rng = random.Random(seed)

    def matrix(rows: int, cols: int) -> Matrix:
        return [[value(rng.gauss(0.0, std)) for _ in range(cols)] for _ in range(rows)]

    return {
        "wte": matrix(VOCAB, EMBED), "wpe": matrix(BLOCK, EMBED),
        "wq": matrix(EMBED, EMBED), "wk": matrix(EMBED, EMBED), "wv": matrix(EMBED, EMBED),
        "wo": matrix(EMBED, EMBED), "fc1": matrix(4 * EMBED, EMBED), "fc2": matrix(EMBED, 4 * EMBED),
        "head": matrix(VOCAB, EMBED),
    }


def parameters(params: dict[str, Matrix]) -> list:
    """Every weight of the model, in a fixed order."""
    return [p for name in sorted(params) for row in params[name] for p in row]


# ---- the three ways of adding up many numbers ----------------------------------------------
def linear(x: list, w: Matrix) -> list:
    """``w @ x``: one output per row of ``w``, each a sum of products."""
    return [sum(wi * xi for wi, xi in zip(row, x)) for row in w]


def fused_linear(x: list, w: Matrix) -> list:
    """The same as :func:`linear`, each output one ``autograd.dot`` node (the fast way)."""
    dot = autograd.dot
    return [dot(row, x) for row in w]


def plain_dot(a: Sequence, b: Sequence) -> Any:
    """``sum_i a_i b_i`` with binary ``*`` and ``+``: ``2n`` nodes."""
    return sum(ai * bi for ai, bi in zip(a, b))


def fused_dot(a: Sequence, b: Sequence) -> Any:
    """``sum_i a_i b_i`` as one ``autograd.dot`` node."""
    return autograd.dot(a, b)


def fused_sum(terms: Sequence) -> Any:
    """``t_1 + ... + t_n`` as one ``autograd.sum`` node."""
    return autograd.sum(terms)


class Kernels(NamedTuple):
    """How the model computes a matrix product, a sum of a list and a dot product."""

    linear: Linear
    sum: Callable[[Sequence], Any]
    dot: Callable[[Sequence, Sequence], Any]


PLAIN = Kernels(linear, sum, plain_dot)
"""Python's ``sum`` over binary operations everywhere: runs on any Value class."""
FUSED_LINEAR = Kernels(fused_linear, sum, plain_dot)
"""The one-line change: matrix products as ``autograd.dot`` nodes, the rest as in :data:`PLAIN`."""
FUSED = Kernels(fused_linear, fused_sum, fused_dot)
"""Every sum and dot product of the model as one ``autograd`` node."""


# ---- the model -------------------------------------------------------------------------------
def softmax(logits: list, kernels: Kernels = PLAIN) -> list:
    """exp(z_i - max z) / sum_j exp(z_j - max z): subtracting the max keeps exp from overflowing."""
    top = max(z.data for z in logits)
    exps = [(z - top).exp() for z in logits]
    total = kernels.sum(exps)
    return [e / total for e in exps]


def rmsnorm(x: list, kernels: Kernels = PLAIN) -> list:
    """x / sqrt(mean(x²) + 1e-5): every vector scaled to about unit size."""
    mean_square = kernels.dot(x, x) / len(x)
    scale = (mean_square + 1e-5) ** -0.5
    return [xi * scale for xi in x]


def attention(q: list, keys: list, values: list, kernels: Kernels = PLAIN) -> tuple[list, list]:
    """Causal attention of one position over itself and the ones before it, head by head.

    Head ``h`` reads numbers ``4h`` to ``4h + 3`` of the query, of every key and of every
    value. Its score for position ``t`` is ``q·k_t / sqrt(4)``; the softmax of the scores
    weighs the values. Returns the mixed values (``EMBED`` numbers) and each head's
    attention weights (one per position so far).
    """
    out, weights = [], []
    scale = math.sqrt(HEAD_SIZE)
    for h in range(HEADS):
        part = slice(h * HEAD_SIZE, (h + 1) * HEAD_SIZE)
        qh = q[part]
        scores = [kernels.dot(qh, k[part]) / scale for k in keys]
        w = softmax(scores, kernels)
        weights.append(w)
        out += [kernels.dot(w, [v[h * HEAD_SIZE + i] for v in values]) for i in range(HEAD_SIZE)]
    return out, weights


def embed(params: dict[str, Matrix], token: int, position: int) -> list:
    """The token's embedding plus the position's: the vector the layer starts from."""
    return [a + b for a, b in zip(params["wte"][token], params["wpe"][position])]


def forward(params: dict[str, Matrix], tokens: Sequence[int],
            kernels: Kernels = PLAIN) -> tuple[list, list]:
    """The logits after each token of ``tokens`` and the attention weights at each position.

    ``attended[t][h]`` holds head ``h``'s weights at position ``t`` over positions ``0..t``.
    """
    if len(tokens) > BLOCK:
        raise ValueError(f"the model reads at most {BLOCK} tokens at a time, got {len(tokens)}")
    layer = kernels.linear
    keys, values, logits, attended = [], [], [], []
    for t, token in enumerate(tokens):
        x = embed(params, token, t)
        h = rmsnorm(x, kernels)
        q, k, v = layer(h, params["wq"]), layer(h, params["wk"]), layer(h, params["wv"])
        keys.append(k)
        values.append(v)
        mixed, weights = attention(q, keys, values, kernels)
        attended.append(weights)
        x = [a + b for a, b in zip(x, layer(mixed, params["wo"]))]
        hidden = [u.relu() for u in layer(rmsnorm(x, kernels), params["fc1"])]
        x = [a + b for a, b in zip(x, layer(hidden, params["fc2"]))]
        logits.append(layer(rmsnorm(x, kernels), params["head"]))
    return logits, attended


def frame(name_tokens: Sequence[int]) -> list[int]:
    """A name's tokens between start/end tokens 0, cut to what one forward pass can read."""
    return [0, *name_tokens, 0][: BLOCK + 1]


def loss(params: dict[str, Matrix], name_tokens: Sequence[int], kernels: Kernels = PLAIN) -> Any:
    """Mean of -log p(next token) over a name framed by the start/end token 0."""
    tokens = frame(name_tokens)
    logits, _ = forward(params, tokens[:-1], kernels)
    losses = [-softmax(z, kernels)[target].log() for z, target in zip(logits, tokens[1:])]
    return kernels.sum(losses) / len(losses)


def batch_loss(params: dict[str, Matrix], names: Sequence[str], kernels: Kernels = PLAIN) -> Any:
    """The mean of :func:`loss` over a few names: what one training step minimises."""
    return kernels.sum([loss(params, encode(name), kernels) for name in names]) / len(names)


def encode(name: str) -> list[int]:
    """A lower-case name as tokens 1 to 26; anything else is refused with the name and the character."""
    bad = [c for c in name if not "a" <= c <= "z"]
    if bad:
        raise ValueError(f"names are lower-case letters a to z; {name!r} has {bad[0]!r}")
    return [ord(c) - ord("a") + 1 for c in name]


def decode(tokens: Sequence[int]) -> str:
    """Tokens 1 to 26 as letters; token 0 (start/end) as ``.``."""
    return "".join("." if t == 0 else chr(ord("a") + t - 1) for t in tokens)
