"""Fuzzing the public entry points with bad input: every refusal is clear, and a refusal changes nothing.

Hypothesis drives ``fit`` (bad X/y shapes, NaN and inf, wrong types, bad loss names, bad
hyper-parameters), ``Module.load_state_dict``, the optimizers' and schedulers'
``load_state_dict`` (the command line is ``test_fuzz_cli.py``). Every case is built
knowing whether its input is bad. The contract checked:

* a bad input is refused with a clear exception (see :mod:`fuzzing`: never
  AttributeError, IndexError, KeyError, nor Python's or NumPy's own wording), and the
  model, optimizer or scheduler is as it was; ``fit`` may also stop with
  ``TrainingDivergedError`` (a FloatingPointError), parameters finite;
* a good input is accepted, and what it leaves is finite;
* a bad input that is accepted is a *silent acceptance*, and fails the test.

Examples are derandomized (the same inputs every run, so CI is repeatable) and bounded
to run in about 10 s in all. The counts are printed at the end of the module's run.
"""

import math
from collections import Counter

import numpy as np
import pytest
from fuzzing import CLEAR, FUZZ, check_clear, report
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Value
from nn.optim import SGD, Adam, RMSprop
from nn.optim.schedulers import CosineAnnealingLR, ExponentialLR, LinearLR, ReduceLROnPlateau, StepLR
from nn.training.fit_loop import TrainingDivergedError, fit

COUNTS: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_counts(request):
    """Print what was tried and what came of it, once the module's tests have run."""
    yield
    report(COUNTS, request)


# fit ---------------------------------------------------------------------------------------------
N = 6
GOOD_X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0], [0.5, -0.5], [-1.0, 0.25]])
GOOD_Y = {"mse": [0.0, 1.0, 1.0, 0.0, 0.5, -1.0], "hinge": [1, -1, 1, -1, 1, -1],
          "bce_with_logits": [0, 1, 1, 0, 1, 0], "cross_entropy": [0, 1, 2, 0, 1, 2]}
JUNK = [None, "a", [1, 2], {"a": 1}, float("nan"), float("inf"), -1, 1.5, True, object()]


def bad_x(kind: str, draw) -> object:
    """A bad version of GOOD_X."""
    if kind == "non-finite":
        X = GOOD_X.copy()
        row, column = draw(st.integers(0, N - 1)), draw(st.integers(0, 1))
        X[row, column] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
        return X
    if kind == "ragged":
        rows = GOOD_X.tolist()
        rows[draw(st.integers(1, N - 1))].append(2.0)
        return rows
    if kind == "junk entry":
        rows = GOOD_X.tolist()
        rows[draw(st.integers(0, N - 1))][draw(st.integers(0, 1))] = draw(st.sampled_from(JUNK[:4]))
        return rows
    return draw(st.sampled_from([None, 5, "X", [], np.zeros((N, 2, 2)), np.zeros((N, 3)), GOOD_X[:, 0]]))


@st.composite
def fit_cases(draw):
    """(loss name, fit's arguments, whether any is bad)."""
    loss = draw(st.sampled_from(sorted(GOOD_Y)))
    kwargs = {"X": GOOD_X, "y": np.array(GOOD_Y[loss]), "loss": loss, "epochs": draw(st.integers(0, 3)),
              "lr": draw(st.sampled_from([0.1, 1.0, 1e3, 1e150, 1e300])),
              "activation": draw(st.sampled_from(["tanh", "relu"]))}
    bad = False
    for name in draw(st.lists(st.sampled_from(
            ["X", "y", "loss", "lr", "epochs", "batch_size", "l1", "clip", "validation_data", "scheduler",
             "callbacks", "random_state", "optimizer"]), max_size=2, unique=True)):
        bad = True
        if name == "X":
            kwargs["X"] = bad_x(draw(st.sampled_from(["non-finite", "ragged", "junk entry", "shape"])), draw)
        elif name == "y":
            y = np.array(GOOD_Y[loss], dtype=float)
            choice = draw(st.sampled_from(["nan", "short", "junk", "label"]))
            if choice == "nan":
                y[draw(st.integers(0, N - 1))] = draw(st.sampled_from([np.nan, np.inf]))
            elif choice == "label":
                label = draw(st.sampled_from([-2.0, 7.0, 0.5]))
                y[draw(st.integers(0, N - 1))] = label
                # mse takes any finite target, the binary cross-entropies a soft label in [0, 1]
                bad = loss != "mse" and not (loss == "bce_with_logits" and label == 0.5)
            kwargs["y"] = {"nan": y, "short": y[:-1], "label": y}.get(choice, ["a"] * N)
        elif name == "loss":
            kwargs["loss"] = draw(st.sampled_from(["l2", "", None, 3, "MSE", "cross entropy"]))
        else:
            kwargs[name] = draw(st.sampled_from({
                "lr": [0.0, -0.1, float("nan"), float("inf"), "0.1"],
                "epochs": [-1, 1.5, "2", None, True],
                "batch_size": [0, -1, 2.5, "2"],
                "l1": [-0.1, float("nan"), float("inf"), "0.1"],
                "clip": [0.0, -1.0, float("nan"), float("inf")],
                "validation_data": [GOOD_X, (GOOD_X,), (GOOD_X, GOOD_Y["mse"][:3]), 5],
                "scheduler": ["cosine", 1, "other optimizer"],
                "callbacks": [5, "abc", [1]],
                "random_state": ["seed", 1.5, [1]],
                "optimizer": ["sgd", None, "other model"],
            }[name]))
    return loss, kwargs, bad


def run_fit(loss, kwargs):
    outputs = 3 if loss == "cross_entropy" else 1
    kwargs = dict(kwargs)
    model = nn.MLP(2, [3, outputs], activation=kwargs.pop("activation"), random_state=0)
    lr = kwargs.pop("lr")
    if kwargs.get("optimizer") == "other model":
        kwargs["optimizer"] = SGD(nn.MLP(2, [1]), lr=0.1)
    elif "optimizer" not in kwargs:
        kwargs["optimizer"] = SGD(model, lr=lr)
    if kwargs.get("scheduler") == "other optimizer":
        kwargs["scheduler"] = StepLR(SGD(nn.MLP(2, [1]), lr=0.1), step_size=1)
    X, y = kwargs.pop("X"), kwargs.pop("y")
    return model, (lambda: fit(model, X, y, progress=False, **kwargs))


@settings(FUZZ, max_examples=1500)
@given(fit_cases())
def test_fit_refuses_bad_input_clearly_and_changes_nothing(case):
    loss, kwargs, bad = case
    try:
        model, call = run_fit(loss, kwargs)
    except CLEAR as error:  # an optimizer refusing its lr: the constructor's check
        check_clear(error, "SGD")
        COUNTS["fit: inputs tried"] += 1
        COUNTS["fit: clear errors"] += 1
        return
    before = model.state_dict()
    COUNTS["fit: inputs tried"] += 1
    try:
        history = call()
    except TrainingDivergedError as error:
        COUNTS["fit: stopped, diverged (clear)"] += 1
        assert all(math.isfinite(x) for x in model.state_dict().values()), error
        return
    except Exception as error:  # noqa: BLE001 - the point is to see every kind
        check_clear(error, f"fit({kwargs})")
        assert model.state_dict() == before, f"a refused fit changed the model: {error}"
        COUNTS["fit: clear errors"] += 1
        return
    assert not bad, f"silent acceptance: fit({kwargs}) ran {len(history)} epochs"
    assert all(math.isfinite(x) for x in model.state_dict().values())
    assert all(math.isfinite(v) for v in history.train_loss)
    COUNTS["fit: good inputs accepted"] += 1


# loading state -----------------------------------------------------------------------------------
JUNK_NUMBERS = [float("nan"), float("inf"), -float("inf"), 10**400, "1", None, [1.0], {"x": 1}, True, 1j,
                -1.0, 0.0, 2.5, 1e308]


@st.composite
def mutated(draw, state):
    """``state`` (a dict, possibly nested) with one entry deleted, replaced by junk, or a junk key added;
    or something that is not a state at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([None, [], "state", 5, ()]))
    state = _copy(state)
    holder = state
    while True:  # walk down to a dict or list holding the entry to change
        keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if isinstance(holder[key], (dict, list)) and holder[key] and draw(st.booleans()):
            holder = holder[key]
            continue
        action = draw(st.sampled_from(["delete", "junk", "add"]))
        if action == "delete" and isinstance(holder, dict):
            del holder[key]
        elif action == "add" and isinstance(holder, dict):
            holder[draw(st.sampled_from(["junk", "", "0", "layers.9.w.0", "momentum"]))] = 1.0
        else:
            holder[key] = draw(st.sampled_from(JUNK_NUMBERS))
        break
    return state


def _copy(x):
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_copy(v) for v in x]
    return x


def _finite_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


def try_load(target, state, where: str, valid) -> None:
    """Load ``state`` into ``target``: refused clearly with nothing changed, or accepted and ``valid``."""
    before = _copy(target.state_dict())
    COUNTS[f"{where}: inputs tried"] += 1
    try:
        target.load_state_dict(state)
    except Exception as error:  # noqa: BLE001 - the point is to see every kind
        check_clear(error, f"{where}.load_state_dict({state!r})")
        assert target.state_dict() == before, f"{where}: a refused load changed something: {error}"
        COUNTS[f"{where}: clear errors"] += 1
        return
    assert valid(target), f"silent acceptance: {where}.load_state_dict({state!r}) left {target.state_dict()}"
    COUNTS[f"{where}: good states accepted"] += 1


MODEL = nn.MLP(2, [2, 1], random_state=0)


@settings(FUZZ, max_examples=300)
@given(mutated(MODEL.state_dict()))
def test_module_load_state_dict_refuses_bad_state_clearly_and_changes_nothing(state):
    model = nn.MLP(2, [2, 1], random_state=1)
    keys = set(MODEL.state_dict())
    try_load(model, state, "Module", lambda m: set(m.state_dict()) == keys
             and all(_finite_number(x) for x in m.state_dict().values()))


def stepped(optimizer_class, **settings_):
    params = [Value(1.0), Value(-2.0)]
    opt = optimizer_class(params, **settings_)
    for p in params:
        p.grad = 0.5
    opt.step()
    return opt


OPTIMIZERS = {"SGD": lambda: stepped(SGD, lr=0.1, momentum=0.9), "RMSprop": lambda: stepped(RMSprop, lr=0.1),
              "Adam": lambda: stepped(Adam, lr=0.1)}


def optimizer_is_valid(opt) -> bool:
    """What the constructor and a step would accept: the hyper-parameters make a new optimizer,
    and every number of the state is finite (never negative for averages of squares)."""
    state = opt.state_dict()
    type(opt)(opt.params, lr=max(state["lr"], 1e-3), **{k: v for k, v in state["hyperparameters"].items()})
    numbers_ok = all(_finite_number(x) and (x >= 0 or key not in opt.nonnegative_state)
                     for key, values in state["state"].items() for x in values)
    return numbers_ok and _finite_number(state["lr"]) and state["lr"] >= 0 and isinstance(state["steps"], int)


@settings(FUZZ, max_examples=300)
@given(st.sampled_from(sorted(OPTIMIZERS)).flatmap(
    lambda name: st.tuples(st.just(name), mutated(OPTIMIZERS[name]().state_dict()))))
def test_optimizer_load_state_dict_refuses_bad_state_clearly_and_changes_nothing(case):
    name, state = case
    try_load(OPTIMIZERS[name](), state, "optimizers", optimizer_is_valid)


SCHEDULERS = {
    "StepLR": lambda o: StepLR(o, step_size=2), "ExponentialLR": lambda o: ExponentialLR(o, gamma=0.5),
    "CosineAnnealingLR": lambda o: CosineAnnealingLR(o, T_max=5), "LinearLR": lambda o: LinearLR(o),
    "ReduceLROnPlateau": lambda o: ReduceLROnPlateau(o, patience=1),
}


def scheduler_is_valid(scheduler) -> bool:
    """The loaded settings make a new scheduler, and its counters are whole numbers >= 0."""
    state = scheduler.state_dict()
    type(scheduler)(SGD([Value(1.0)], lr=0.1), **{k: state[k] for k in scheduler.settings})
    counters_ok = all(isinstance(state[k], int) and state[k] >= 0
                      for k in ("last_epoch", "bad_epochs", "cooldown_counter") if k in state)
    return counters_ok and _finite_number(state["base_lr"]) and not math.isnan(state.get("best", 0.0))


def scheduler(name):
    made = SCHEDULERS[name](SGD([Value(1.0)], lr=0.5))
    made.step(1.0) if getattr(made, "takes_metric", False) else made.step()
    return made


@settings(FUZZ, max_examples=300)
@given(st.sampled_from(sorted(SCHEDULERS)).flatmap(
    lambda name: st.tuples(st.just(name), mutated(scheduler(name).state_dict()))))
def test_scheduler_load_state_dict_refuses_bad_state_clearly_and_changes_nothing(case):
    name, state = case
    try_load(scheduler(name), state, "schedulers", scheduler_is_valid)
