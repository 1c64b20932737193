"""``MLP``: a multi-layer perceptron, optionally with batch normalisation."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from nn.checks import check_size, must, quoted
from nn.modules.activations import Activation, get_activation
from nn.modules.init import Init, get_initializer, resolve_init
from nn.modules.layers import BatchNorm, Layer, check_parameters_fit
from nn.modules.module import Sequential
from nn.seeding import RandomState, as_generator


def _layer_sizes(nouts: Any) -> list[int]:
    """``nouts`` as a list of ints, or a ValueError saying it must be a list of layer sizes."""
    if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Iterable):
        raise ValueError(must("MLP", "nouts", "be a list of layer sizes like [16, 16, 1]", quoted(nouts)))
    sizes = list(nouts)
    if not sizes:
        raise ValueError("MLP: nouts must be a list of at least one layer size like [16, 16, 1], got []")
    return [check_size(n, f"nouts[{i}]", "MLP") for i, n in enumerate(sizes)]


class MLP(Sequential):
    """Fully connected layers of sizes ``nouts`` on ``nin`` inputs.

    ``MLP(2, [16, 16, 1])`` is micrograd's model: two hidden layers of 16 ReLU neurons
    and one linear output, 337 parameters. Hidden layers use ``activation``, the last
    layer ``output_activation``. One output gives one Value, several a list.

    With ``batch_norm=True`` every hidden layer becomes ``Layer`` (no activation) ->
    ``BatchNorm`` -> ``Activation``: the pre-activations are normalised over the batch
    before the non-linearity, as in Ioffe and Szegedy (2015). Such a model must be
    called on a batch while training (see :class:`~nn.Sequential`).

    ``init`` and ``random_state`` are as for :class:`~nn.Neuron`; the whole model draws
    from one generator, so the same integer ``random_state`` gives the same parameters.
    By default that is micrograd's: after ``random.seed(1337)``, ``MLP(2, [16, 16, 1])``
    holds exactly the weights micrograd's ``MLP(2, [16, 16, 1])`` gets after the same seed
    (U(-1, 1), drawn layer by layer, neuron by neuron). ``init="he"`` suits ReLU layers
    and ``init="xavier"`` tanh or sigmoid ones better, especially in deeper nets;
    ``init="auto"`` gives every layer the one that suits its activation.

    Sizes may be Python or NumPy integers (``MLP(X.shape[1], [16, n_classes])``).
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        init: Init = None,
        random_state: RandomState = None,
        batch_norm: bool = False,
    ) -> None:
        nin = check_size(nin, "nin", "MLP")
        nouts = _layer_sizes(nouts)
        get_activation(activation, "MLP", "activation")
        get_activation(output_activation, "MLP", "output_activation")
        get_initializer(init, activation, "MLP")
        rng = as_generator(random_state, "MLP")
        sizes = [nin, *nouts]
        hidden = sum(nouts[:-1]) if batch_norm else 0  # a BatchNorm's gamma and beta per hidden neuron
        check_parameters_fit(sum((a + 1) * b for a, b in zip(sizes, sizes[1:])) + 2 * hidden, "MLP")
        modules = []
        for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
            if i == len(nouts) - 1:
                modules.append(Layer(fan_in, fan_out, output_activation, init, rng))
            elif batch_norm:  # "auto" suits the activation after the BatchNorm, not "linear"
                modules += [Layer(fan_in, fan_out, "linear", resolve_init(init, activation), rng),
                            BatchNorm(fan_out), Activation(activation)]
            else:
                modules.append(Layer(fan_in, fan_out, activation, init, rng))
        self.nouts = nouts
        self.activation = activation
        self.output_activation = output_activation
        self.batch_norm = bool(batch_norm)
        super().__init__(*modules)

    def describe(self) -> str:
        hidden = f"{self.activation}+bn" if self.batch_norm else self.activation
        names = [hidden] * (len(self.nouts) - 1) + [self.output_activation]
        layers = ", ".join(f"{n} {name}" for n, name in zip(self.nouts, names))
        return f"{self.nin} -> [{layers}]"
