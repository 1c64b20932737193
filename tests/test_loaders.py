"""The real data sets nn ships: their shapes, classes, first values and names, fresh arrays on every
load, and files found through the installed package."""

import fnmatch
import gzip
import re
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import nn
from nn.data import loaders

# name: (loader, samples, features, samples per class)
DATA_SETS = {
    "iris": (nn.load_iris, 150, 4, [50, 50, 50]),
    "wine": (nn.load_wine, 178, 13, [59, 71, 48]),
    "breast_cancer": (nn.load_breast_cancer, 569, 30, [212, 357]),
    "digits": (nn.load_digits, 1797, 64, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]),
}
NAMES = list(DATA_SETS)


def load(name, **options):
    return DATA_SETS[name][0](**options)


@pytest.fixture
def fresh_cache():
    """The parsed files forgotten before and after the test, so it reads (or fails to read) afresh."""
    loaders._read.cache_clear()
    yield
    loaders._read.cache_clear()


# ---- shapes, types, classes -------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_a_loader_returns_one_row_of_features_per_sample(name):
    X, y = load(name)
    _, samples, features, _ = DATA_SETS[name]
    assert X.shape == (samples, features) and y.shape == (samples,)


@pytest.mark.parametrize("name", NAMES)
def test_samples_are_float64_and_labels_int64_like_the_generators(name):
    X, y = load(name)
    assert X.dtype == np.float64 and y.dtype == np.int64


@pytest.mark.parametrize("name", NAMES)
def test_each_class_has_its_known_number_of_samples(name):
    _, y = load(name)
    assert np.bincount(y).tolist() == DATA_SETS[name][3]


@pytest.mark.parametrize("name", NAMES)
def test_the_samples_are_finite_numbers(name):
    X, _ = load(name)
    assert np.isfinite(X).all()


def test_every_digit_has_about_180_images():
    _, y = nn.load_digits()
    assert np.all(np.abs(np.bincount(y) - 180) <= 6)


def test_digit_pixels_are_whole_numbers_from_0_to_16():
    X, _ = nn.load_digits()
    assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))


# ---- known values -----------------------------------------------------------------------------------
def test_the_first_iris_is_a_setosa_of_5_1_3_5_1_4_0_2():
    X, y = nn.load_iris()
    assert X[0].tolist() == [5.1, 3.5, 1.4, 0.2] and y[0] == 0


def test_iris_has_fishers_values_where_ucis_file_has_two_errors():
    X, _ = nn.load_iris()
    assert X[34].tolist() == [4.9, 3.1, 1.5, 0.2]
    assert X[37].tolist() == [4.9, 3.6, 1.4, 0.1]


def test_the_first_wine_has_alcohol_14_23_and_proline_1065():
    X, y = nn.load_wine()
    assert X[0, 0] == 14.23 and X[0, -1] == 1065 and y[0] == 0


def test_the_first_tumour_is_malignant_with_mean_radius_17_99():
    X, y = nn.load_breast_cancer()
    assert X[0, 0] == 17.99 and y[0] == 0


def test_the_first_digit_is_a_zero():
    X, y = nn.load_digits()
    assert y[0] == 0 and X[0, :8].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]


# ---- names --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_return_names_gives_a_named_dataset_that_unpacks_into_four(name):
    X, y, feature_names, target_names = load(name, return_names=True)
    assert isinstance(load(name, return_names=True), nn.NamedDataset)
    assert len(feature_names) == X.shape[1] and len(target_names) == len(np.unique(y))


@pytest.mark.parametrize("name", NAMES)
def test_names_are_tuples_of_distinct_strings(name):
    data = load(name, return_names=True)
    for names in (data.feature_names, data.target_names):
        assert isinstance(names, tuple) and all(isinstance(n, str) for n in names)
        assert len(set(names)) == len(names)


@pytest.mark.parametrize("name", NAMES)
def test_return_names_gives_the_same_numbers_as_the_plain_load(name):
    X, y = load(name)
    data = load(name, return_names=True)
    assert np.array_equal(data.X, X) and np.array_equal(data.y, y)


def test_iris_names_are_the_four_measurements_and_three_species():
    data = nn.load_iris(return_names=True)
    assert data.feature_names == ("sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                                  "petal width (cm)")
    assert data.target_names == ("setosa", "versicolor", "virginica")


def test_wine_names_run_from_alcohol_to_proline_over_three_classes():
    data = nn.load_wine(return_names=True)
    assert data.feature_names[0] == "alcohol" and data.feature_names[-1] == "proline"
    assert data.target_names == ("class_0", "class_1", "class_2")


def test_breast_cancer_names_are_means_then_errors_then_worst_values():
    data = nn.load_breast_cancer(return_names=True)
    assert data.feature_names[0] == "mean radius"
    assert data.feature_names[10] == "radius error"
    assert data.feature_names[-1] == "worst fractal dimension"
    assert data.target_names == ("malignant", "benign")


def test_digit_features_are_named_by_row_and_column():
    data = nn.load_digits(return_names=True)
    assert data.feature_names[0] == "pixel_0_0" and data.feature_names[9] == "pixel_1_1"
    assert data.target_names == tuple("0123456789")


def test_a_label_reads_as_its_class_name():
    data = nn.load_iris(return_names=True)
    assert data.target_names[data.y[-1]] == "virginica"


def test_return_names_that_is_not_a_bool_is_refused():
    with pytest.raises(TypeError, match=r"load_iris: return_names must be True or False, got 'yes'"):
        nn.load_iris(return_names="yes")


# ---- fresh copies -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_changing_a_loaded_array_does_not_change_the_next_load(name):
    X, y = load(name)
    X[0, 0], y[0] = -1.0, 99
    X_again, y_again = load(name)
    assert X_again[0, 0] != -1.0 and y_again[0] != 99


def test_changing_a_named_load_does_not_change_the_next_load():
    data = nn.load_wine(return_names=True)
    data.X[:] = 0.0
    assert nn.load_wine()[0][0, 0] == 14.23


def test_every_load_returns_arrays_of_its_own():
    first, second = nn.load_digits(), nn.load_digits()
    assert not np.shares_memory(first[0], second[0]) and not np.shares_memory(first[1], second[1])


def test_loaded_arrays_can_be_changed_in_place():
    X, y = nn.load_iris()
    X /= 2
    y += 1
    assert X[0, 0] == 2.55 and y[0] == 1


# ---- the files ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_each_data_file_is_a_resource_of_the_nn_data_package(name):
    assert resources.files("nn.data").joinpath(loaders.DATA_FOLDER, f"{name}.csv.gz").is_file()


def test_the_data_files_load_from_a_zipped_package(tmp_path):
    """Through importlib.resources, not a path beside ``__file__``: the package works from a zip."""
    package = Path(nn.__file__).parent
    archive = tmp_path / "nn.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in [*package.rglob("*.py"), *(package / "data" / loaders.DATA_FOLDER).iterdir()]:
            zipped.write(file, f"nn/{file.relative_to(package).as_posix()}")
    script = (f"import sys; sys.path.insert(0, {str(archive)!r}); import nn; "
              "assert nn.__file__.startswith(sys.path[0]), nn.__file__; "
              "print(nn.load_digits()[0].shape, nn.load_iris(return_names=True).target_names[0])")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1797, 64) setosa"


def test_the_package_data_of_pyproject_covers_every_data_file():
    tomllib = pytest.importorskip("tomllib")
    root = Path(nn.__file__).parent.parent
    settings = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = settings["package-data"]["nn.data"]
    for file in (root / "nn" / "data" / loaders.DATA_FOLDER).iterdir():
        relative = f"{loaders.DATA_FOLDER}/{file.name}"
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


def test_a_missing_data_file_is_named_with_the_fix(tmp_path, monkeypatch, fresh_cache):
    monkeypatch.setattr(loaders, "resources", SimpleNamespace(files=lambda package: tmp_path))
    expected = (r"load_wine: the data file nn/data/uci-data/wine.csv.gz must be installed with the nn "
                r"package, got no such file; reinstall")
    with pytest.raises(FileNotFoundError, match=expected):
        nn.load_wine()


def test_a_damaged_data_file_is_refused_with_the_fix(tmp_path, monkeypatch, fresh_cache):
    (tmp_path / loaders.DATA_FOLDER).mkdir()
    (tmp_path / loaders.DATA_FOLDER / "iris.csv.gz").write_bytes(b"not gzip at all")
    monkeypatch.setattr(loaders, "resources", SimpleNamespace(files=lambda package: tmp_path))
    with pytest.raises(ValueError, match=r"load_iris: nn/data/uci-data/iris.csv.gz must be a gzip-compressed "
                                         r"CSV table of numbers, got a file that cannot be read"):
        nn.load_iris()


def damaged_iris(tmp_path, monkeypatch, row: int, column: int, text: str) -> None:
    """A copy of iris.csv.gz in ``tmp_path`` with the cell of data ``row`` (from 1) and ``column``
    (from 0; -1 is the class) written as ``text``, found by the loaders instead of the real one."""
    real = resources.files("nn.data").joinpath(loaders.DATA_FOLDER, "iris.csv.gz").read_bytes()
    lines = gzip.decompress(real).decode("utf-8").splitlines()
    cells = lines[row].split(",")
    cells[column] = text
    lines[row] = ",".join(cells)
    (tmp_path / loaders.DATA_FOLDER).mkdir()
    (tmp_path / loaders.DATA_FOLDER / "iris.csv.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    monkeypatch.setattr(loaders, "resources", SimpleNamespace(files=lambda package: tmp_path))


@pytest.mark.parametrize("text, shown", [("nan", "nan"), ("1e30", "1e+30"), ("1.7", "1.7"), ("-1", "-1.0"),
                                         ("3", "3.0"), ("inf", "inf")])
def test_a_class_that_is_no_class_of_the_file_is_refused_naming_file_row_and_value(
        tmp_path, monkeypatch, fresh_cache, text, shown):
    damaged_iris(tmp_path, monkeypatch, row=3, column=-1, text=text)
    message = (rf"load_iris: nn/data/uci-data/iris.csv.gz row 3, the class must be a whole number 0 \.\. 2, "
               rf"got {re.escape(shown)}; reinstall")
    with pytest.raises(ValueError, match=message):
        nn.load_iris()


@pytest.mark.parametrize("text", ["nan", "inf", "-inf"])
def test_a_feature_that_is_not_finite_is_refused_naming_file_row_and_column(
        tmp_path, monkeypatch, fresh_cache, text):
    damaged_iris(tmp_path, monkeypatch, row=5, column=2, text=text)
    message = (r"load_iris: nn/data/uci-data/iris.csv.gz row 5, column 3 \('petal.*'\) "
               rf"must be a finite number, got {text}")
    with pytest.raises(ValueError, match=message):
        nn.load_iris()


@pytest.mark.parametrize("row, column, text", [(3, 1, "1e30"), (1, 0, "5.2"), (150, -1, "1")],
                         ids=["a feature of 1e30", "5.1 become 5.2", "a class changed for another"])
def test_a_file_changed_in_a_way_no_cell_check_sees_is_refused_by_its_checksum(
        tmp_path, monkeypatch, fresh_cache, row, column, text):
    damaged_iris(tmp_path, monkeypatch, row=row, column=column, text=text)
    message = (r"load_iris: nn/data/uci-data/iris.csv.gz must hold the numbers shipped with nn \(SHA-256 "
               r"e37a27ba3195d32f\.\.\.\), got a file that differs \(SHA-256 [0-9a-f]{16}\.\.\.\); reinstall")
    with pytest.raises(ValueError, match=message):
        nn.load_iris()


def test_a_recompressed_copy_of_a_data_file_still_loads(tmp_path, monkeypatch, fresh_cache):
    """The digest is of the CSV text, so gzip's header (a time, a level) does not matter."""
    real = resources.files("nn.data").joinpath(loaders.DATA_FOLDER, "iris.csv.gz").read_bytes()
    (tmp_path / loaders.DATA_FOLDER).mkdir()
    again = gzip.compress(gzip.decompress(real), compresslevel=1, mtime=7)
    (tmp_path / loaders.DATA_FOLDER / "iris.csv.gz").write_bytes(again)
    monkeypatch.setattr(loaders, "resources", SimpleNamespace(files=lambda package: tmp_path))
    assert nn.load_iris()[0][0].tolist() == [5.1, 3.5, 1.4, 0.2]


@pytest.mark.parametrize("name", NAMES)
def test_every_data_file_has_a_checksum_that_its_load_verifies(name, monkeypatch, fresh_cache):
    monkeypatch.setitem(loaders._SHA256, name, "0" * 64)
    with pytest.raises(ValueError, match="differs"):
        load(name)
