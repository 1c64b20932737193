"""Real data sets that ship with the package: iris, wine, breast cancer and handwritten digits.

The toy generators of :mod:`nn.data.generators` draw points from a formula; these are
measurements:

* :func:`load_iris`: 150 samples, 4 flower measurements (cm), 3 species;
* :func:`load_wine`: 178 samples, 13 chemical measurements, 3 cultivars;
* :func:`load_breast_cancer`: 569 samples, 30 measurements of cell nuclei, 2 diagnoses;
* :func:`load_digits`: 1797 samples, 64 pixels of an 8x8 image (0 .. 16), 10 digits.

Each loader has scikit-learn's name and, like the ``make_*`` generators, returns ``(X, y)``:

* ``X``: a fresh float64 array of shape ``(n_samples, n_features)``, one row per sample;
* ``y``: a fresh int64 array of shape ``(n_samples,)``, the class labels ``0 .. k-1``.

``return_names=True`` returns a :class:`NamedDataset` instead, a named tuple that
unpacks into four (``X, y, feature_names, target_names = nn.load_iris(return_names=True)``)
or is read by field (``data.target_names[data.y[0]]`` is ``"setosa"``). The names are
tuples of strings, in column and label order. (scikit-learn's ``return_X_y=True`` is
the default here, and its Bunch is this tuple: the loaders stay like the generators.)

The rows come in the files' order (iris and wine sorted by class); split them with
:func:`nn.train_test_split` (``stratify=y`` keeps each class's share).

Where the numbers come from: the UCI Machine Learning Repository (Dua, D. and Graff, C.
(2019), UCI Machine Learning Repository, University of California, Irvine, School of
Information and Computer Sciences, https://archive.ics.uci.edu), which publishes these
data sets under the Creative Commons Attribution 4.0 International licence (CC BY 4.0).
Each loader names the data set's own citation; ``nn/data/uci-data/README.md`` lists them all.
The values are those scikit-learn ships (the same numbers as UCI's files, except iris,
see :func:`load_iris`), stored in ``nn/data/uci-data/`` as gzip-compressed CSV files: a
header of the feature names and ``class``, then one row per sample. They are found
through :mod:`importlib.resources`, so they load from an installed package or a zip
as well as from a source checkout.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
from importlib import resources
from typing import NamedTuple, Union

import numpy as np

from nn.checks import check_bool, must, shown

__all__ = ["NamedDataset", "load_iris", "load_wine", "load_breast_cancer", "load_digits", "DATA_FOLDER"]

DATA_FOLDER = "uci-data"
"""The folder inside the ``nn.data`` package that holds the data files."""


class NamedDataset(NamedTuple):
    """A data set with its names: what the loaders return with ``return_names=True``."""

    X: np.ndarray
    """The samples, float64, one row each."""
    y: np.ndarray
    """The class labels, int64, ``0 .. k-1``."""
    feature_names: tuple[str, ...]
    """The name of each column of ``X``."""
    target_names: tuple[str, ...]
    """The name of each class: ``target_names[label]``."""


Loaded = Union[tuple[np.ndarray, np.ndarray], NamedDataset]

# The class names, in label order (facts about the data sets; the files hold the labels).
_TARGET_NAMES = {
    "iris": ("setosa", "versicolor", "virginica"),
    "wine": ("class_0", "class_1", "class_2"),
    "breast_cancer": ("malignant", "benign"),
    "digits": tuple(str(d) for d in range(10)),
}

# (samples, features) of each file: a damaged or replaced file is an error, not odd results.
_SHAPES = {"iris": (150, 4), "wine": (178, 13), "breast_cancer": (569, 30), "digits": (1797, 64)}

# The SHA-256 of each file's CSV text (decompressed, so a re-compressed copy still loads).
_SHA256 = {
    "iris": "e37a27ba3195d32ffbbc629c711772f2c3fb4f8eab3cc7488a143346bb900542",
    "wine": "6c75822a8a38ddfff660a8cd569ad5b8311d54cdc9fd55fe2998f1dc114240d5",
    "breast_cancer": "4740e7ad2ffeba943f4319db5016c492f16c57ec0eb3448b77795eaf26445dcf",
    "digits": "bb91ac08ceeb4eb7ddca61f0af46532f91c54eea07aab185ef61474328881e05",
}

_REINSTALL = "reinstall chainrule (from a checkout: pip install -e .)"


@functools.cache
def _read(name: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """The samples, labels and feature names of ``nn/data/uci-data/<name>.csv.gz``, parsed once.

    A damaged file is an error naming it, never odd numbers. What a reader can see is named
    where it is (a file that is no gzip or no table, the wrong shape, a cell that is no finite
    number or no class); anything else, a pixel of 1e30 or a 5.1 become 5.2, is caught by the
    file's SHA-256, checked last. A digest rather than a plausible range per column: these
    files are fixed facts, so any difference is damage, and a range would let a wrong value
    that looks right through. The arrays are made read-only: they are the cache, and every
    loader hands out copies.
    """
    owner = f"load_{name}"
    file = f"{DATA_FOLDER}/{name}.csv.gz"
    try:
        packed = resources.files("nn.data").joinpath(DATA_FOLDER, f"{name}.csv.gz").read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"{owner}: the data file nn/data/{file} must be installed with the nn "
                                f"package, got no such file; {_REINSTALL}") from None
    try:
        raw = gzip.decompress(packed)
        header, _, body = raw.decode("utf-8").partition("\n")
        table = np.loadtxt(io.StringIO(body), delimiter=",", dtype=np.float64, ndmin=2)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"{owner}: nn/data/{file} must be a gzip-compressed CSV table of numbers, "
                         f"got a file that cannot be read ({error}); {_REINSTALL}") from None
    columns = tuple(header.strip().split(","))
    expected = _SHAPES[name]
    if table.shape != (expected[0], expected[1] + 1) or len(columns) != table.shape[1]:
        raise ValueError(f"{owner}: nn/data/{file} must hold {expected[0]} rows of {expected[1]} features "
                         f"and a class, got {table.shape[0]} rows of {table.shape[1]} columns under "
                         f"{len(columns)} names; {_REINSTALL}")
    _check_cells(owner, f"nn/data/{file}", table, columns, len(_TARGET_NAMES[name]))
    digest = hashlib.sha256(raw).hexdigest()
    if digest != _SHA256[name]:
        raise ValueError(must(owner, f"nn/data/{file}", "hold the numbers shipped with nn (SHA-256 "
                              f"{_SHA256[name][:16]}...)", f"a file that differs (SHA-256 {digest[:16]}...)",
                              _REINSTALL))
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y, columns[:-1]


def _check_cells(owner: str, file: str, table: np.ndarray, columns: tuple[str, ...], n_classes: int) -> None:
    """A ValueError naming the file, row and value unless every feature is finite and every class
    a whole number ``0 .. n_classes-1``: ``nan`` or ``1.7`` in the class column would otherwise
    become some int (with at most a RuntimeWarning), and a damaged file is an error."""
    features, classes = table[:, :-1], table[:, -1]
    bad = np.argwhere(~np.isfinite(features))
    if bad.size:
        row, column = bad[0]
        raise ValueError(must(owner, f"{file} row {row + 1}, column {column + 1} ({columns[column][:40]!r})",
                              "be a finite number", shown(features[row, column]), _REINSTALL))
    whole = (classes >= 0) & (classes <= n_classes - 1) & (classes == np.floor(classes))
    bad = np.flatnonzero(~whole)
    if bad.size:
        row = bad[0]
        requirement = f"be a whole number 0 .. {n_classes - 1}"
        raise ValueError(must(owner, f"{file} row {row + 1}, the class", requirement, shown(classes[row]),
                              _REINSTALL))


def _load(name: str, return_names: bool) -> Loaded:
    """Fresh copies of data set ``name``: ``(X, y)``, or a :class:`NamedDataset`."""
    check_bool(return_names, "return_names", f"load_{name}")
    X, y, feature_names = _read(name)
    if return_names:
        return NamedDataset(X.copy(), y.copy(), feature_names, _TARGET_NAMES[name])
    return X.copy(), y.copy()


def load_iris(return_names: bool = False) -> Loaded:
    """Fisher's iris flowers: 150 samples, 4 measurements, 3 species of 50 each.

    Features: sepal length, sepal width, petal length and petal width, in cm. Classes:
    0 setosa, 1 versicolor, 2 virginica. Setosa is separable from the others by a
    straight line; versicolor and virginica overlap a little. Rows are sorted by
    class; the first is ``5.1, 3.5, 1.4, 0.2`` (setosa).

    The values are Fisher's, as printed in his paper (and as in R's ``iris`` and
    scikit-learn's copy). UCI's file differs in two entries of setosa: UCI's own notes
    say its rows 35 and 38 should read ``4.9, 3.1, 1.5, 0.2`` and ``4.9, 3.6, 1.4, 0.1``,
    and here they do.

    Source: Fisher, R. A. (1936), The use of multiple measurements in taxonomic
    problems, Annals of Eugenics 7(2), 179-188; Fisher, R. A. (1988), Iris, UCI Machine
    Learning Repository, https://doi.org/10.24432/C56C76, CC BY 4.0.

    ``return_names=True`` gives a :class:`NamedDataset` (see the module docstring).
    """
    return _load("iris", return_names)


def load_wine(return_names: bool = False) -> Loaded:
    """Chemical analysis of Italian wines: 178 samples, 13 measurements, 3 cultivars.

    Features: alcohol, malic acid, ash, alcalinity of ash, magnesium, total phenols,
    flavanoids, nonflavanoid phenols, proanthocyanins, colour intensity, hue,
    OD280/OD315 of diluted wines and proline (scikit-learn's names). Classes
    ``class_0``, ``class_1``, ``class_2`` with 59, 71 and 48 samples, rows sorted by class.
    The features' scales differ by a factor of a thousand (proline is in the hundreds,
    hue near 1): standardize them (:func:`nn.standardize`) before training.

    Source: Aeberhard, S. and Forina, M. (1991), Wine, UCI Machine Learning
    Repository, https://doi.org/10.24432/C5PC7J, CC BY 4.0.

    ``return_names=True`` gives a :class:`NamedDataset` (see the module docstring).
    """
    return _load("wine", return_names)


def load_breast_cancer(return_names: bool = False) -> Loaded:
    """Breast Cancer Wisconsin (Diagnostic): 569 tumours, 30 features, malignant or benign.

    Each sample describes the cell nuclei in an image of a fine-needle aspirate of a
    breast mass: ten measurements (radius, texture, perimeter, area, smoothness,
    compactness, concavity, concave points, symmetry, fractal dimension), each as the
    mean over the nuclei, its standard error and the worst (largest) value, in that
    order: ``mean radius`` .. ``mean fractal dimension``, ``radius error`` ..,
    ``worst radius`` ... Classes as scikit-learn numbers them: 0 malignant (212
    samples), 1 benign (357). Standardize the features before training: they range
    from thousandths to thousands.

    Source: Wolberg, W. H., Street, W. N. and Mangasarian, O. L. (1995), Breast Cancer
    Wisconsin (Diagnostic), UCI Machine Learning Repository,
    https://doi.org/10.24432/C5DW2B, CC BY 4.0; the features are described in Street,
    W. N., Wolberg, W. H. and Mangasarian, O. L. (1993), Nuclear feature extraction for
    breast tumor diagnosis, IS&T/SPIE Symposium on Electronic Imaging, vol. 1905, 861-870.

    ``return_names=True`` gives a :class:`NamedDataset` (see the module docstring).
    """
    return _load("breast_cancer", return_names)


def load_digits(return_names: bool = False) -> Loaded:
    """Handwritten digits as 8x8 images: 1797 samples, 64 pixels, 10 classes (about 180 each).

    Each row is an image read row by row: ``X[i].reshape(8, 8)`` shows it, and the
    feature ``pixel_r_c`` is row ``r``, column ``c``. A pixel is the number of ink dots
    in a 4x4 block of a 32x32 scan, an integer from 0 to 16 (stored as float64, like
    every ``X``); divide by 16 or standardize before training. The class is the digit,
    and ``target_names`` are the strings ``"0"`` to ``"9"``.

    These are the 1797 images of UCI's test file, written by 13 people (UCI's training
    file, 3823 images by 30 others, is not included; scikit-learn ships the same 1797).

    Source: Alpaydin, E. and Kaynak, C. (1998), Optical Recognition of Handwritten
    Digits, UCI Machine Learning Repository, https://doi.org/10.24432/C50P49, CC BY 4.0.

    ``return_names=True`` gives a :class:`NamedDataset` (see the module docstring).
    """
    return _load("digits", return_names)
