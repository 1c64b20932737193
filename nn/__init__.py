"""A small neural-network library on the ``autograd`` engine, shaped like PyTorch's ``torch.nn``.

>>> import nn
>>> _ = nn.manual_seed(0)                 # random.seed(0): reproducible weights
>>> model = nn.MLP(2, [16, 16, 1])        # micrograd's model, with micrograd's initial weights
>>> model
MLP(2 -> [16 relu, 16 relu, 1 linear], 337 parameters)
>>> loss = nn.losses.mse(model([1.0, -0.5]), 1.0)
>>> loss.backward()
"""

from nn import activations, clip, data, datasets, inference, init, losses, optim, schedulers, train
from nn.activations import ACTIVATION_NAMES, Activation, get_activation
from nn.callbacks import EarlyStopping, Snapshots
from nn.clip import clip_grad_norm, clip_grad_value
from nn.data import (
    batches,
    make_blobs,
    make_circles,
    make_moons,
    make_spiral,
    make_xor,
    standardize,
    train_test_split,
)
from nn.draw import draw_network
from nn.history import History
from nn.layers import BatchNorm, Dropout, Layer, Neuron
from nn.loaders import NamedDataset, load_breast_cancer, load_digits, load_iris, load_wine
from nn.losses import (
    LOSSES,
    accuracy,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    get_loss,
    hinge,
    l1_penalty,
    l2_penalty,
    mse,
    predict_classes,
    softmax,
)
from nn.mlp import MLP
from nn.module import Module, Sequential
from nn.optim import SGD, Adam, RMSprop
from nn.schedulers import CosineAnnealingLR, ExponentialLR, LinearLR, ReduceLROnPlateau, StepLR
from nn.seeding import as_generator, get_generator, manual_seed
from nn.summary import ModuleSummary
from nn.train import TrainingDivergedError, evaluate, fit, gradient_norms, predict, predict_outputs

__all__ = [
    "data",
    "datasets",
    "inference",
    "optim",
    "schedulers",
    "train",
    "clip",
    "make_moons",
    "make_circles",
    "make_blobs",
    "make_xor",
    "make_spiral",
    "load_iris",
    "load_wine",
    "load_breast_cancer",
    "load_digits",
    "NamedDataset",
    "train_test_split",
    "standardize",
    "batches",
    "SGD",
    "RMSprop",
    "Adam",
    "StepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "LinearLR",
    "ReduceLROnPlateau",
    "clip_grad_norm",
    "clip_grad_value",
    "fit",
    "TrainingDivergedError",
    "predict",
    "predict_outputs",
    "evaluate",
    "gradient_norms",
    "History",
    "EarlyStopping",
    "Snapshots",
    "ModuleSummary",
    "draw_network",
    "Module",
    "Sequential",
    "Neuron",
    "Layer",
    "MLP",
    "Dropout",
    "BatchNorm",
    "Activation",
    "ACTIVATION_NAMES",
    "get_activation",
    "manual_seed",
    "get_generator",
    "as_generator",
    "mse",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "hinge",
    "softmax",
    "l1_penalty",
    "l2_penalty",
    "predict_classes",
    "accuracy",
    "LOSSES",
    "get_loss",
    "activations",
    "init",
    "losses",
]
