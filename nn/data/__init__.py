"""Data: the toy data sets, the real ones that ship with the package, splitting, scaling and batching.

* :mod:`~nn.data.generators`: ``make_moons``, ``make_circles``, ``make_blobs``, ``make_xor``,
  ``make_spiral`` (scikit-learn's argument names);
* :mod:`~nn.data.loaders`: ``load_iris``, ``load_wine``, ``load_breast_cancer``, ``load_digits``;
* :mod:`~nn.data.splitting`: ``train_test_split`` and ``standardize``;
* :mod:`~nn.data.batches`: ``batches``, one epoch of (mini-)batches, and how a batch is read;
* :mod:`~nn.data.samples`: reading ``X`` and ``y``, checked before anything uses them.
"""

from nn.data.batches import batches
from nn.data.generators import make_blobs, make_circles, make_moons, make_spiral, make_xor
from nn.data.loaders import NamedDataset, load_breast_cancer, load_digits, load_iris, load_wine
from nn.data.splitting import standardize, train_test_split

__all__ = [
    "make_moons", "make_circles", "make_blobs", "make_xor", "make_spiral",
    "load_iris", "load_wine", "load_breast_cancer", "load_digits", "NamedDataset",
    "train_test_split", "standardize", "batches",
]
