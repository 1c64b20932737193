"""The building blocks: ``Neuron``, ``Layer`` (fully connected), ``Dropout`` and ``BatchNorm``.

A neuron's forward is ONE fused :func:`autograd.dot` node that computes
``activation(w . x + b)`` itself (its op reads ``"relu(dot)"``, ``"tanh(dot)"``, or
``"dot"`` for ``linear``), whatever the number of inputs: that is what keeps training
on scalar Values fast, and the drawn graph small.

``Neuron`` and ``Layer`` take micrograd's arguments too: ``Neuron(nin, nonlin=True)``
(``nonlin=False`` for a linear neuron, also by position: ``Neuron(2, False)``) and
``Layer(nin, nout, nonlin=...)``, with micrograd's weights (U(-1, 1) from Python's
global ``random``, see :mod:`nn.modules.init`), and a one-neuron layer returns its Value itself.

A model whose parameters would not fit in memory (about :data:`PARAMETER_BYTES` each) is
refused with a MemoryError saying how big it would be, before anything is allocated.
"""

from __future__ import annotations

from typing import Any, Optional, Union

import autograd
from autograd import Value, dot
from autograd.fused import Dense
from autograd.value import as_value
from nn.checks import check_memory, check_number, check_size, must
from nn.data.batches import as_list, as_row
from nn.modules.activations import resolve_activation
from nn.modules.init import Init, get_initializer, initial_weights
from nn.modules.module import Module
from nn.seeding import RandomState, as_generator

PARAMETER_BYTES = 200
"""About the bytes a parameter takes while its model is built: a Value, its float, its label
and its place in the lists (tracemalloc: 155-250 bytes held after, 200-315 at the peak)."""


def check_parameters_fit(count: int, owner: str) -> None:
    """A MemoryError, before anything is allocated, if ``count`` parameters would not fit in memory."""
    check_memory(count, PARAMETER_BYTES, "parameters", owner, "every parameter is a Python object of "
                 "its own (a Value), so build a smaller model: fewer or narrower layers")


_NEURON_EDITS = [0]
"""How many times an attribute of a neuron (its weights, bias or activation) was set, all neurons
counted: a layer's rows, read from its neurons, stand while this count stays the same."""


class Neuron(Module):
    """One unit: ``activation(w . x + b)`` with weights ``w`` (a list of Values) and bias ``b``.

    ``activation`` is a name (default ``"relu"``); micrograd's ``nonlin=True`` (ReLU) or
    ``nonlin=False`` (linear) says the same, by keyword or in ``activation``'s place
    (``Neuron(2, False)``), and contradicting an ``activation`` is a ValueError.
    ``init`` (``"uniform"``, the default, ``"he"``, ``"xavier"``, ``"auto"`` or a
    function; see :mod:`nn.modules.init`) draws ``w`` from ``random_state`` (see
    :mod:`nn.seeding`); ``b`` starts at 0. ``fan_out`` is the size of the layer the
    neuron belongs to (Xavier uses it).
    """

    def __init__(
        self,
        nin: int,
        activation: Union[str, bool, None] = None,
        init: Init = None,
        random_state: RandomState = None,
        fan_out: int = 1,
        *,
        nonlin: Union[bool, None] = None,
    ) -> None:
        self.nin = nin = check_size(nin, "nin", "Neuron")
        fan_out = check_size(fan_out, "fan_out", "Neuron")
        check_parameters_fit(nin + 1, "Neuron")
        self.activation = resolve_activation(activation, nonlin, "Neuron")
        rng = as_generator(random_state, "Neuron")
        self.w = [Value(x) for x in initial_weights(init, self.activation, nin, fan_out, rng)]
        self.b = Value(0.0)
        self.label_parameters()

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        _NEURON_EDITS[0] += 1

    @property
    def nonlin(self) -> bool:
        """micrograd's flag: whether the neuron applies a non-linearity (any activation but linear)."""
        return self.activation != "linear"

    def fire(self, x: list) -> Value:
        """The output for ``x``, a list already known to hold ``nin`` entries."""
        return dot(self.w, x, self.b, self.activation)

    def forward(self, x) -> Value:
        return self.fire(as_row(x, self.nin, "Neuron"))

    def describe(self) -> str:
        return f"{self.nin} -> {self.activation}"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs.

    Returns a list of ``nout`` Values, or for ``nout == 1`` the Value itself, as
    micrograd's Layer does (a ``Sequential`` or ``BatchNorm`` after it reads a Value as
    a one-element sample). Every neuron gets the same activation (or micrograd's
    ``nonlin``, as for :class:`Neuron`) and init; ``random_state`` (see
    :mod:`nn.seeding`) gives the whole layer one generator, drawn neuron by neuron.
    """

    _rows: Optional[tuple] = None
    """What :meth:`_read_rows` read, kept while the neurons stay as they are: a layer is called once
    per sample, and reading its neurons' weights, biases and activations each time cost more than
    making one of its nodes."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: Union[str, bool, None] = None,
        init: Init = None,
        random_state: RandomState = None,
        *,
        nonlin: Union[bool, None] = None,
    ) -> None:
        self.nin = nin = check_size(nin, "nin", "Layer")
        self.nout = nout = check_size(nout, "nout", "Layer")
        check_parameters_fit((nin + 1) * nout, "Layer")
        self.activation = resolve_activation(activation, nonlin, "Layer")
        get_initializer(init, self.activation, "Layer")  # a bad init is the Layer's, not a Neuron's
        rng = as_generator(random_state, "Layer")
        self.neurons = [Neuron(nin, self.activation, init, rng, fan_out=nout) for _ in range(nout)]
        self.label_parameters()

    def forward(self, x) -> Union[Value, list[Value]]:
        x = as_row(x, self.nin, "Layer")
        if type(x[0]) is not Value:
            x = [as_value(v) for v in x]  # numbers (a first layer's inputs) become leaves once
        rows = self._rows
        if rows is None or rows[0] != _NEURON_EDITS[0] or rows[1] != self.neurons:
            rows = self._rows = self._read_rows()
        out = [n.fire(x) for n in self.neurons] if rows[2] is None else rows[2](x)
        return out[0] if len(out) == 1 else out

    def __getstate__(self) -> dict:
        """The layer's attributes for pickle and ``copy`` without its rows, read again at the first
        call: they hold the activation's table entry, whose functions pickle cannot write."""
        state = dict(vars(self))
        state.pop("_rows", None)
        return state

    def _read_rows(self) -> tuple:
        """(the count of neuron edits, the neurons, their :class:`~autograd.fused.Dense`: the nodes of
        one dot per neuron, with the inputs read once for all of them); None in its place when
        a neuron was given another activation after construction (each then fires on its own)."""
        neurons = list(self.neurons)
        activation = neurons[0].activation
        same = all(n.activation == activation for n in neurons)
        dense = Dense([n.w for n in neurons], [n.b for n in neurons], activation) if same else None
        return (_NEURON_EDITS[0], neurons, dense)

    def describe(self) -> str:
        return f"{self.nin} -> {self.nout} {self.activation}"


class Dropout(Module):
    """Inverted dropout: in training, each input is zeroed with probability ``p``.

    A kept input is scaled by ``1 / (1 - p)`` so that its expected value is unchanged;
    so nothing needs rescaling at evaluation, where (after ``eval()``) the module is
    the identity and returns its input as it is. Masks are drawn per sample from
    ``random_state`` (see :mod:`nn.seeding`).
    """

    def __init__(self, p: float = 0.5, random_state: RandomState = None) -> None:
        self.p = check_number(p, "p", "Dropout", at_least=0, below=1)
        self._rng = as_generator(random_state, "Dropout")

    def forward(self, x):
        if not self.training or self.p == 0.0:
            return x
        keep = 1.0 - self.p
        scale = 1.0 / keep
        draw = self._rng.random
        return [v * (scale if draw() < keep else 0.0) for v in as_list(x)]

    def describe(self) -> str:
        return f"p={self.p:g}"


class BatchNorm(Module):
    """Batch normalisation of ``num_features`` features over a mini-batch of samples.

    Training, on a batch of ``m >= 2`` samples, feature ``j`` becomes::

        x_hat = (x - mean) / sqrt(var + eps)       mean, var: the batch's, var with 1/m
        y     = gamma_j * x_hat + beta_j           gamma = 1, beta = 0 at first (parameters)

    and the running statistics move toward the batch's:
    ``running = (1 - momentum) * running + momentum * batch`` (the running variance takes
    the unbiased batch variance, with 1/(m - 1)). Gradients flow through the batch mean
    and variance too. In ``eval()`` mode the running statistics replace the batch's, so a
    single sample (``bn(sample)``) can be normalised as well; in training a single sample
    raises ValueError, since one sample has no spread to normalise by. ``momentum`` is in
    [0, 1]; ``eps`` must be > 0, as it keeps a feature of zero variance from dividing by 0.
    """

    buffers = ("running_mean", "running_var")
    buffer_minimums = {"running_var": 0.0}  # a variance; a negative one would make sqrt complex

    def __init__(self, num_features: int, momentum: float = 0.1, eps: float = 1e-5) -> None:
        self.nin = num_features = check_size(num_features, "num_features", "BatchNorm")
        check_parameters_fit(2 * num_features, "BatchNorm")
        self.momentum = check_number(momentum, "momentum", "BatchNorm", at_least=0, at_most=1)
        self.eps = check_number(eps, "eps", "BatchNorm", above=0)
        self.gamma = [Value(1.0) for _ in range(num_features)]
        self.beta = [Value(0.0) for _ in range(num_features)]
        self.running_mean = [0.0] * num_features
        self.running_var = [1.0] * num_features
        self.label_parameters()

    def forward(self, x) -> list[Value]:
        if self.training:
            raise ValueError(must("BatchNorm", "the input in training mode", "be a batch (a list of samples)",
                                  "one sample", "call it on a batch, or call eval() to use the running "
                                  "statistics"))
        return self._normalise_with_running_stats([as_row(x, self.nin, "BatchNorm")])[0]

    def forward_batch(self, batch: list) -> list[list[Value]]:
        rows = [as_row(x, self.nin, "BatchNorm") for x in batch]
        if not self.training:
            return self._normalise_with_running_stats(rows)
        m = len(rows)
        if m < 2:
            raise ValueError(must("BatchNorm", "a training batch", "have at least 2 samples", f"{m}",
                                  "one sample has no spread to normalise by"))
        columns = []
        mom = self.momentum
        for j, column in enumerate(zip(*rows)):
            mean = autograd.sum(column) / m
            centred = [x - mean for x in column]
            var = dot(centred, centred) / m  # sum of squares in one node
            scale = self.gamma[j] * (var + self.eps) ** -0.5
            beta = self.beta[j]
            columns.append([dot((c,), (scale,), beta) for c in centred])  # c * scale + beta
            self.running_mean[j] = (1 - mom) * self.running_mean[j] + mom * mean.data
            self.running_var[j] = (1 - mom) * self.running_var[j] + mom * var.data * m / (m - 1)
        return [list(row) for row in zip(*columns)]

    def _normalise_with_running_stats(self, rows: list[list]) -> list[list[Value]]:
        # y = x * scale + shift with scale = gamma / sqrt(rv + eps), shift = beta - rm * scale
        scales = [g * (rv + self.eps) ** -0.5 for g, rv in zip(self.gamma, self.running_var)]
        shifts = [b - rm * s for b, rm, s in zip(self.beta, self.running_mean, scales)]
        return [[dot((x,), (s,), t) for x, s, t in zip(row, scales, shifts)] for row in rows]

    def describe(self) -> str:
        return f"{self.nin}, momentum={self.momentum:g}, eps={self.eps:g}"
