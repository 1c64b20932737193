"""Modules: the models and the layers they are built from.

* :mod:`~nn.modules.module`: ``Module``, the base of every model and layer, and ``Sequential``;
* :mod:`~nn.modules.layers`: ``Neuron``, ``Layer``, ``Dropout``, ``BatchNorm``;
* :mod:`~nn.modules.mlp`: ``MLP``;
* :mod:`~nn.modules.activations`: activations by name and the ``Activation`` module;
* :mod:`~nn.modules.init`: how a neuron's first weights are drawn;
* :mod:`~nn.modules.state`: checking the state dicts models save and load;
* :mod:`~nn.modules.summary` and :mod:`~nn.modules.network_diagram`: a model as a table and as a diagram.
"""

from nn.modules.activations import ACTIVATION_NAMES, Activation, get_activation
from nn.modules.layers import BatchNorm, Dropout, Layer, Neuron
from nn.modules.mlp import MLP
from nn.modules.module import Module, Sequential
from nn.modules.network_diagram import draw_network
from nn.modules.summary import ModuleSummary

__all__ = [
    "Module", "Sequential", "Neuron", "Layer", "Dropout", "BatchNorm", "MLP",
    "Activation", "ACTIVATION_NAMES", "get_activation", "draw_network", "ModuleSummary",
]
