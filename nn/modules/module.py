"""``Module``, the base of every model and layer, and ``Sequential``, a stack of modules.

Parameters and children are found, not registered: any public attribute (a name not
starting with ``_``) that holds a :class:`~autograd.Value`, a :class:`Module`, or a list,
tuple or dict of them counts. Values found that way are the parameters; the name of one is
the path of attributes and list positions leading to it, e.g. ``layers.0.neurons.3.w.1``.
Keep anything else (caches, generators, functions) in ``_private`` attributes.

A module may also name, in its class attribute ``buffers``, attributes that hold lists
of floats that are state but not parameters (BatchNorm's running statistics). They are
saved and loaded with the parameters but get no gradient.

Samples and batches
-------------------
A *sample* is one input: a list of numbers or Values, a 1-D NumPy array, or a single
number for a model with one input. A *batch* is a list of samples or a 2-D NumPy array.
``module(sample)`` calls :meth:`Module.forward`; ``module(batch)`` calls
:meth:`Module.forward_batch`, which returns one output per sample. Whatever it is called
with, ``forward_batch`` gets one kind of batch, a list of samples each a list
(:data:`nn.data.batches.Batch`), and ``forward`` a sample as a list (or the number or Value
itself): NumPy data is read out once, on the way in. Most modules treat a
batch sample by sample; :class:`~nn.BatchNorm` needs the whole batch at once in training,
so a ``Sequential`` passes a batch to each of its modules in turn (see there).
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterator, Mapping, Union

from autograd import Value
from autograd.files import atomic_write
from nn.checks import check_keys, must, plural
from nn.data.batches import Batch, as_batch, as_row, as_sample, is_batch
from nn.modules.state import check_state_number, finite_state, read_saved


class Module:
    """Base class of layers and models: parameter discovery, modes, saving and loading.

    A subclass sets its parameters and sub-modules as attributes in ``__init__`` (there
    is nothing to call on the base class) and defines :meth:`forward` for one sample.
    Calling the module runs ``forward`` on a sample and :meth:`forward_batch` on a batch.
    """

    training = True
    """True in training mode (the default), False after :meth:`eval`."""

    buffers: tuple[str, ...] = ()
    """Names of attributes holding lists of floats saved in :meth:`state_dict` (not parameters)."""

    buffer_minimums: Mapping[str, float] = {}
    """The least value some buffers may hold (a variance: 0), checked by :meth:`load_state_dict`."""

    # running -------------------------------------------------------------------
    def forward(self, x: Any) -> Any:
        """The output for one sample. Subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def forward_batch(self, batch: Batch) -> list:
        """One output per sample of ``batch`` (a list of samples, each a list); by default
        ``forward`` on each sample."""
        forward = self.forward
        return [forward(x) for x in batch]

    def __call__(self, x: Any) -> Any:
        if is_batch(x):
            return self.forward_batch(as_batch(x))
        return self.forward(as_sample(x))

    # finding parameters and children ---------------------------------------------
    def _members(self, named: bool = True,
                 kinds: tuple = (Value,)) -> Iterator[tuple[str, Union[Module, Value]]]:
        """(name, member) for each Module, and each member of ``kinds``, in a public attribute, or in a
        list, tuple or dict held in one (``blocks.0``, ``heads.query``); with ``named=False`` a member
        of a list, tuple or dict gets its attribute's name only (no name string is built:
        ``parameters()``). ``kinds=()`` gives the modules alone, without a look at each weight."""
        kinds = (Module, *kinds)
        for name, value in vars(self).items():
            if name.startswith("_"):
                continue
            if isinstance(value, kinds):
                yield name, value
            elif isinstance(value, (list, tuple, dict)):
                for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
                    if isinstance(item, kinds):
                        yield (f"{name}.{key}" if named else name), item

    def named_children(self) -> list[tuple[str, Module]]:
        """The direct sub-modules, with their attribute names."""
        return list(self._members(kinds=()))

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module (named ``prefix``) and every module below it, parents first."""
        yield prefix, self
        for name, child in self.named_children():
            yield from child.named_modules(f"{prefix}{name}.")

    def modules(self) -> list[Module]:
        """This module and every module below it."""
        return [m for _, m in self.named_modules()]

    def _walk_parameters(self, prefix: str = "") -> Iterator[tuple[str, Value]]:
        """(name, Value) for every Value below this module, a shared one under each of its names."""
        for name, member in self._members():
            if isinstance(member, Value):
                yield prefix + name, member
            else:
                yield from member._walk_parameters(f"{prefix}{name}.")

    def _parameter_values(self, found: list[Value]) -> list[Value]:
        """What :meth:`_walk_parameters` finds, in the same order, without the names: added to ``found``."""
        for _, member in self._members(named=False):
            if isinstance(member, Value):
                found.append(member)
            else:
                member._parameter_values(found)
        return found

    def _unique_parameters(self) -> Iterator[tuple[str, Value]]:
        """(name, Value) for every parameter once, under the first name it is found by."""
        seen = set()
        for name, v in self._walk_parameters():
            if v not in seen:
                seen.add(v)
                yield name, v

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter once, as ``(name, Value)``, in a stable order (attribute order)."""
        return list(self._unique_parameters())

    def label_parameters(self) -> Module:
        """Write each parameter's name into its ``label``, so that drawings and explanations of a
        graph show ``layers.0.neurons.3.w.1`` rather than an anonymous number; returns self.

        The built-in modules call it at the end of ``__init__``; a module of your own can too.
        """
        for name, v in self._unique_parameters():
            v.label = name
        return self

    def parameters(self) -> list[Value]:
        """Every parameter (leaf Value) once, in the order of :meth:`named_parameters`."""
        return list(dict.fromkeys(self._parameter_values([])))  # called every step (an L2 penalty): no names

    def num_parameters(self) -> int:
        """How many parameters the module has."""
        return len(self.parameters())

    def named_buffers(self) -> Iterator[tuple[str, list, int]]:
        """``(name, list, index)`` for every float of every module's :attr:`buffers`."""
        for prefix, module in self.named_modules():
            for attr in module.buffers:
                values = getattr(module, attr)
                for i in range(len(values)):
                    yield f"{prefix}{attr}.{i}", values, i

    def buffers_state(self) -> dict[str, float]:
        """Every buffer's number, keyed by name: the buffer part of :meth:`state_dict`."""
        return {name: values[i] for name, values, i in self.named_buffers()}

    def load_buffers_state(self, state: dict[str, float]) -> None:
        """Put back the buffers from a :meth:`buffers_state` of this module (the parameters stay as
        they are): how ``fit`` undoes a training step that failed after the forward pass had
        already moved BatchNorm's running statistics."""
        buffers = list(self.named_buffers())
        check_keys(state, [name for name, _, _ in buffers], f"buffers do not fit {type(self).__name__}")
        for name, values, i in buffers:
            values[i] = state[name]

    def draw(self, show_grad: bool = True, max_edges: int = 5000) -> Any:
        """A picture of the network: neurons in columns, weights as edges (see :func:`nn.draw_network`)."""
        from nn.modules.network_diagram import draw_network

        return draw_network(self, show_grad=show_grad, max_edges=max_edges)

    # training ------------------------------------------------------------------------
    def zero_grad(self) -> None:
        """Set the gradient of every parameter to 0 (gradients accumulate otherwise)."""
        for v in self.parameters():
            v.grad = 0.0

    def train(self, mode: bool = True) -> Module:
        """Set training mode (``mode=False``: evaluation) on this module and all below it; returns self."""
        for m in self.modules():
            m.training = bool(mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode (Dropout off, BatchNorm on running statistics) here and below; returns self."""
        return self.train(False)

    # saving and loading ------------------------------------------------------------------
    def state_dict(self) -> dict[str, float]:
        """Every parameter's and buffer's number as a plain float, keyed by name."""
        state = {name: v.data for name, v in self._unique_parameters()}
        state.update(self.buffers_state())
        return state

    def load_state_dict(self, state: Mapping[str, float]) -> Module:
        """Set every parameter and buffer from ``state`` (as made by :meth:`state_dict`); returns self.

        ``state`` must have exactly this module's keys, each holding a finite number (and a
        buffer no less than its :attr:`buffer_minimums`): a ValueError names the missing and
        unexpected keys or the bad value otherwise, and nothing is changed.
        """
        owner = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, Mapping):
            raise TypeError(must(owner, "state", "be a dict of name -> number, as state_dict() makes",
                                 type(state).__name__))
        params = dict(self._unique_parameters())
        buffers = {name: (values, i) for name, values, i in self.named_buffers()}
        check_keys(state, [*params, *buffers], f"state does not fit {type(self).__name__}",
                   "build the model with the sizes it was saved from (a saved file's \"model\")")
        minimums = {f"{prefix}{attr}.{i}": minimum for prefix, module in self.named_modules()
                    for attr, minimum in module.buffer_minimums.items()
                    for i in range(len(getattr(module, attr)))}
        floats = {key: check_state_number(x, key, owner, minimums.get(key)) for key, x in state.items()}
        for name, v in params.items():
            v.data = floats[name]
        for name, (values, i) in buffers.items():
            values[i] = floats[name]
        return self

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Write the :meth:`state_dict` to ``path`` as JSON (with the model's repr, for people).

        The file is replaced in one step (see :mod:`autograd.files`): an interrupted or failed
        save leaves the old file as it was. A parameter that is NaN or infinite (training
        diverged) is refused, naming it, since JSON has no such numbers; nothing is written then.
        """
        state = finite_state(self.state_dict(), f"{type(self).__name__}.save")
        text = json.dumps({"model": repr(self), "state_dict": state}, indent=1, allow_nan=False)
        atomic_write(path, text, encoding="utf-8")

    def load(self, path: Union[str, os.PathLike]) -> Module:
        """Load parameters saved by :meth:`save` into this (already built) model; returns self.

        As in PyTorch, the model is built first with the same architecture, then filled:
        ``model = MLP(2, [16, 16, 1]).load("model.json")``. Every error names the file.
        """
        owner, file = f"{type(self).__name__}.load", f"{path}"
        saved = read_saved(path, owner)
        state = saved.get("state_dict", saved) if isinstance(saved, dict) else saved
        if not isinstance(state, dict):
            raise ValueError(must(owner, file, "hold a state dict, as save() writes", type(state).__name__))
        try:
            return self.load_state_dict(state)
        except ValueError as error:
            raise ValueError(f"{error} (in {path})") from None

    # showing -------------------------------------------------------------------------------
    def describe(self) -> str:
        """A short description of the architecture shown by repr; subclasses fill it in."""
        return ""

    def headline(self) -> str:
        """``Name(description)``, without the parameter count."""
        return f"{type(self).__name__}({self.describe()})"

    def summary(self) -> Any:
        """A table of the model's parts and their parameters (a :class:`~nn.modules.summary.ModuleSummary`:
        printed as text, shown in Jupyter as an HTML table, which is also how a model shows itself there)."""
        from nn.modules.summary import ModuleSummary

        return ModuleSummary(self)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def __repr__(self) -> str:
        parts = [self.describe()] if self.describe() else []
        n = self.num_parameters()
        if n:
            parts.append(plural(n, "parameter"))
        return f"{type(self).__name__}({', '.join(parts)})"


def _unwrap(y: Any) -> Any:
    """A one-element list's element; anything else as it is."""
    return y[0] if type(y) is list and len(y) == 1 else y


class Sequential(Module):
    """Modules applied one after another: ``Sequential(Layer(2, 16), Dropout(0.2), Layer(16, 1))``.

    The modules are kept in ``layers`` (so parameter names read ``layers.0.neurons.3.w.1``);
    ``seq[i]`` and ``len(seq)`` work too. When the last module gives a one-element list,
    the Value itself is returned: a model with one output returns one Value.

    Batches: ``seq(batch)`` hands the whole batch to each module in turn
    (``module.forward_batch``). Layers, activations and dropout then treat it sample by
    sample, while a :class:`~nn.BatchNorm` normalises each feature over the batch. So a
    model holding BatchNorm must be called on a batch while training; ``seq(sample)`` is
    fine in ``eval()`` mode, where BatchNorm uses its running statistics.
    """

    def __init__(self, *modules: Module) -> None:
        if not modules:
            raise ValueError(must("Sequential", "the modules", "be one or more Modules", "none"))
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise TypeError(must("Sequential", f"module {i}", "be a Module", type(m).__name__))
        self.layers = list(modules)
        self.nin = getattr(modules[0], "nin", None)
        self.label_parameters()

    def __getitem__(self, i: int) -> Module:
        return self.layers[i]

    def __len__(self) -> int:
        return len(self.layers)

    def _check(self, x: Any) -> Any:
        return x if self.nin is None else as_row(x, self.nin, type(self).__name__)

    def forward(self, x: Any) -> Any:
        x = self._check(x)
        for m in self.layers:
            x = m.forward(x)
        return _unwrap(x)

    def forward_batch(self, batch: list) -> list:
        batch = [self._check(x) for x in batch]
        for m in self.layers:
            batch = m.forward_batch(batch)
        return [_unwrap(y) for y in batch]

    def describe(self) -> str:
        return "[" + ", ".join(m.headline() for m in self.layers) + "]"
