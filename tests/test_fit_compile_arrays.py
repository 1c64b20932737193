"""fit(..., compile=True) holds the parameters and the optimizer's state in arrays during an epoch:
every optimizer, scheduler, penalty and clipping trains as compile=False does, and callbacks,
Ctrl-C and the end of the run find the model's Values as after the last whole step."""

import gc
import os
import signal

import numpy as np
import pytest
from test_fit_compile import assert_same_runs, lecture_mlp, moons, train_both

import nn
from autograd import Value
from nn.modules.module import Module

OPTIMIZERS = {
    "SGD": lambda p: nn.SGD(p, lr=0.1),
    "SGD momentum, weight decay": lambda p: nn.SGD(p, lr=0.05, momentum=0.9, weight_decay=1e-3),
    "SGD Nesterov": lambda p: nn.SGD(p, lr=0.05, momentum=0.8, nesterov=True),
    "RMSprop": lambda p: nn.RMSprop(p, lr=0.01, alpha=0.9, weight_decay=1e-3),
    "Adam": lambda p: nn.Adam(p, lr=0.02, betas=(0.8, 0.99), weight_decay=1e-3),
}


@pytest.mark.parametrize("make_optimizer", OPTIMIZERS.values(), ids=OPTIMIZERS.keys())
def test_every_optimizer_gives_the_same_history_parameters_and_state(make_optimizer):
    X, y = moons()
    runs, states = [], []
    for compile in (False, True):
        model = nn.MLP(2, [8, 8, 1], random_state=3)
        optimizer = make_optimizer(model.parameters())
        history = nn.fit(model, X, y, "hinge", optimizer, epochs=6, batch_size=32, l1=1e-4, l2=1e-3,
                         clip=0.5, progress=False, random_state=1, compile=compile)
        runs.append((history, [p.data for p in model.parameters()]))
        states.append(optimizer.state_dict())
    assert_same_runs(runs)
    assert states[1]["steps"] == states[0]["steps"] == 6 * 4
    for key, values in states[0]["state"].items():
        assert states[1]["state"][key] == pytest.approx(values, rel=1e-9, abs=1e-12), key


SCHEDULERS = {
    "StepLR": lambda o: nn.optim.StepLR(o, step_size=2, gamma=0.5),
    "ReduceLROnPlateau": lambda o: nn.optim.ReduceLROnPlateau(o, patience=0, factor=0.5),
}


@pytest.mark.parametrize("make_scheduler", SCHEDULERS.values(), ids=SCHEDULERS.keys())
def test_a_scheduler_changes_the_learning_rate_of_the_array_steps_as_of_the_engines(make_scheduler):
    X, y = moons()
    runs = []
    for compile in (False, True):
        model = nn.MLP(2, [8, 1], random_state=2)
        optimizer = nn.SGD(model.parameters(), lr=0.5, momentum=0.9)
        history = nn.fit(model, X, y, "hinge", optimizer, epochs=8, scheduler=make_scheduler(optimizer),
                         progress=False, compile=compile)
        runs.append((history, [p.data for p in model.parameters()]))
    assert_same_runs(runs)
    assert runs[1][0].lr[-1] < runs[1][0].lr[0]  # the scheduler did lower it


def test_callbacks_see_the_parameters_and_gradients_of_each_epochs_last_step():
    X, y = moons()
    seen = {}
    for compile in (False, True):
        model = lecture_mlp()
        seen[compile] = []

        def watch(epoch, history, model=model, found=seen[compile]):
            found.append(([p.data for p in model.parameters()], [p.grad for p in model.parameters()]))

        nn.fit(model, X, y, "hinge", nn.Adam(model.parameters(), lr=0.01), epochs=4, batch_size=30,
               callbacks=[watch], progress=False, random_state=0, compile=compile)
    for (numbers, grads), (replayed_numbers, replayed_grads) in zip(seen[False], seen[True]):
        assert replayed_numbers == pytest.approx(numbers, rel=1e-9, abs=1e-12)
        assert replayed_grads == pytest.approx(grads, rel=1e-9, abs=1e-12)
    assert len(seen[True]) == 4


def test_a_parameter_a_callback_changes_is_trained_from_its_new_number():
    X, y = moons()

    def halve_the_weights(epoch, history):
        if epoch == 2:
            for p in model.parameters():
                p.data /= 2

    runs = []
    for compile in (False, True):
        model = lecture_mlp()
        history = nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1, momentum=0.5), epochs=5,
                         callbacks=[halve_the_weights], progress=False, compile=compile)
        runs.append((history, [p.data for p in model.parameters()]))
    assert_same_runs(runs)


def test_snapshots_record_the_parameters_of_each_epoch_as_without_compile():
    X, y = moons()
    snapshots = []
    for compile in (False, True):
        model = nn.MLP(2, [4, 1], random_state=0)
        history = nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=3, record=True,
                         progress=False, compile=compile)
        snapshots.append(history.snapshots)
    assert sorted(snapshots[1]) == sorted(snapshots[0]) == [0, 1, 2, 3]
    for epoch, state in snapshots[0].items():
        for name, number in state.items():
            assert snapshots[1][epoch][name] == pytest.approx(number, rel=1e-9, abs=1e-12), (epoch, name)


class InterruptedSGD(nn.SGD):
    """SGD, with a Ctrl-C (SIGINT) sent to the process during its ``at``-th step."""

    def __init__(self, params, at, **settings):
        super().__init__(params, **settings)
        self.at = at

    def update(self, x, g, t):
        if t == self.at:
            os.kill(os.getpid(), signal.SIGINT)
        return super().update(x, g, t)


def test_ctrl_c_in_a_compiled_epoch_ends_it_after_the_step_underway_with_consistent_parameters(capsys):
    X, y = moons()
    model = lecture_mlp()
    optimizer = InterruptedSGD(model.parameters(), at=7, lr=0.1, momentum=0.9)
    history = nn.fit(model, X, y, "hinge", optimizer, epochs=5, batch_size=25, progress=False,
                     random_state=0, compile=True)
    assert history.stop_reason == "interrupted" and len(history) == 1  # in epoch 2, its third step
    assert "interrupted (Ctrl-C) after 1 of 5 epochs" in capsys.readouterr().err
    # the Values hold the numbers of those 7 steps, and the optimizer their state
    again = lecture_mlp()
    uninterrupted = nn.SGD(again.parameters(), lr=0.1, momentum=0.9)
    parts = nn.training.step.epoch_parts(len(X), 25, random_state=0)
    steps = [part for _ in range(2) for part in parts()][:7]
    for part in steps:
        uninterrupted.zero_grad()
        loss = nn.hinge(again(X[part]), y[part])
        loss.backward()
        uninterrupted.step()
    assert optimizer.steps == 7
    assert [p.data for p in model.parameters()] == pytest.approx([p.data for p in again.parameters()],
                                                                 rel=1e-9, abs=1e-12)
    assert optimizer.state["momentum_buffer"] == pytest.approx(uninterrupted.state["momentum_buffer"],
                                                               rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("stop", [None, "diverge"])
def test_a_compiled_fit_gives_ctrl_c_back_to_its_handler_however_it_ends(stop):
    X, y = moons()
    model = lecture_mlp()
    before = signal.getsignal(signal.SIGINT)
    lr = 1e200 if stop == "diverge" else 0.1
    try:
        nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=lr), epochs=5, progress=False,
               compile=True)
    except nn.TrainingDivergedError:
        assert stop == "diverge"
    assert signal.getsignal(signal.SIGINT) is before


def test_ctrl_c_while_compiled_epochs_are_held_one_after_another_stops_after_the_step_underway(capsys):
    X, y = moons()
    model = lecture_mlp()
    optimizer = InterruptedSGD(model.parameters(), at=3, lr=0.1)  # full batch: a step is an epoch
    history = nn.fit(model, X, y, "hinge", optimizer, epochs=6, progress=False, compile=True)
    assert history.stop_reason == "interrupted" and len(history) == 2
    assert optimizer.steps == 3  # the third epoch's step was written, and training stopped there
    assert "interrupted (Ctrl-C) after 2 of 6 epochs" in capsys.readouterr().err


class OwnSGD:
    """An optimizer of one's own: plain SGD on the Values, with nn's duck-typed interface."""

    def __init__(self, params, lr):
        self.params, self.lr = list(params), lr

    def zero_grad(self):
        for p in self.params:
            p.grad = 0.0

    def step(self):
        for p in self.params:
            p.data -= self.lr * p.grad


def test_an_optimizer_of_ones_own_steps_the_values_and_trains_as_without_compile():
    X, y = moons()
    runs = train_both(lecture_mlp, X, y, "hinge", lambda p: OwnSGD(p, lr=0.1), epochs=5, batch_size=40,
                      random_state=0)
    assert_same_runs(runs)


class Frozen(Module):
    """A model with a weight the optimizer is not given: it must stay, and still count."""

    def __init__(self):
        self.inner = nn.MLP(2, [6, 1], random_state=5)
        self.scale = Value(2.0, label="scale")

    def forward(self, x):
        return self.inner(x) * self.scale


def test_parameters_the_optimizer_does_not_hold_are_read_not_trained():
    X, y = moons()
    runs = train_both(Frozen, X, y, "hinge", lambda p: nn.SGD(p[:-1], lr=0.1), epochs=4)
    assert_same_runs(runs)
    assert runs[1][1][-1] == 2.0


def test_a_parameter_the_optimizer_does_not_hold_gathers_its_gradients_as_without_compile():
    X, y = moons()
    grads = []
    for compile in (False, True):
        model = Frozen()
        nn.fit(model, X, y, "hinge", nn.SGD(model.parameters()[:-1], lr=0.1), epochs=3, progress=False,
               compile=compile)
        grads.append(model.scale.grad)  # zero_grad never clears it: the sum of the 3 steps' gradients
    assert grads[1] == pytest.approx(grads[0], rel=1e-9) and grads[0] != 0.0


def test_an_optimizer_parameter_the_graph_never_reads_is_stepped_by_its_weight_decay_alone():
    X, y = moons()
    unused = []
    for compile in (False, True):
        model = nn.MLP(2, [4, 1], random_state=0)
        extra = Value(1.0, label="unused")
        optimizer = nn.SGD(model.parameters() + [extra], lr=0.1, weight_decay=0.5)
        nn.fit(model, X, y, "hinge", optimizer, epochs=3, progress=False, compile=compile)
        unused.append((extra.data, extra.grad))
    assert unused[1] == pytest.approx(unused[0]) and unused[0][0] == pytest.approx(0.95 ** 3)


def test_the_accuracy_counted_on_the_replays_numbers_is_the_engines_for_each_classifying_loss():
    X, y = nn.make_blobs(90, centers=3, random_state=4)
    runs = train_both(lambda: nn.MLP(2, [6, 3], random_state=1), X, y, "cross_entropy",
                      lambda p: nn.SGD(p, lr=0.2), epochs=4, batch_size=20, random_state=0)
    assert_same_runs(runs)
    X, y = moons()
    runs = train_both(lambda: nn.MLP(2, [6, 1], random_state=1), X, np.asarray(y, dtype=bool),
                      "bce_with_logits", lambda p: nn.SGD(p, lr=0.2), epochs=4)
    assert_same_runs(runs)
    assert 0.5 < runs[1][0].train_accuracy[-1] < 1.0  # some right and some wrong: the count is looked at


class NotingTheCollector(Module):
    """An MLP that notes whether Python's cyclic garbage collector is on while it records a graph."""

    def __init__(self):
        self.mlp = nn.MLP(2, [4, 1], random_state=0)
        self._seen = []

    def forward(self, x):
        self._seen.append(gc.isenabled())
        return self.mlp(x)


def test_recording_a_graph_holds_the_garbage_collector_off_and_gives_it_back():
    X, y = moons()
    model = NotingTheCollector()
    assert gc.isenabled()
    nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=2, progress=False, compile=True)
    assert model._seen and not any(model._seen) and gc.isenabled()


def test_a_collector_turned_off_by_the_user_stays_off_and_an_error_turns_it_back_on():
    from autograd.collector import collector_paused

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("while recording")
    assert gc.isenabled()


class FailingScheduler:
    """A scheduler whose ``fails``-th step raises: an error between epochs, outside any step."""

    def __init__(self, fails):
        self.calls, self.fails = 0, fails

    def step(self):
        self.calls += 1
        if self.calls == self.fails:
            raise RuntimeError("scheduler failed")


def test_an_error_between_unwatched_epochs_leaves_the_values_as_after_the_last_step():
    X, y = moons()
    found = []
    for compile in (False, True):  # no callback, no validation: the array is written back only at the end
        model = lecture_mlp()
        with pytest.raises(RuntimeError, match="scheduler failed"):
            nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1, momentum=0.9), epochs=6,
                   scheduler=FailingScheduler(3), progress=False, compile=compile)
        found.append([p.data for p in model.parameters()] + [p.grad for p in model.parameters()])
    assert found[1] == pytest.approx(found[0], rel=1e-9, abs=1e-12)
    assert found[1][:337] != [p.data for p in lecture_mlp().parameters()]  # it did train


def test_a_parameter_the_optimizer_does_not_hold_set_by_a_callback_counts_from_the_next_epoch():
    X, y = moons()
    runs = []
    for compile in (False, True):
        model = Frozen()

        def rescale(epoch, history, model=model):
            if epoch == 1:
                model.scale.data = 0.5

        history = nn.fit(model, X, y, "hinge", nn.SGD(model.parameters()[:-1], lr=0.1), epochs=4,
                         batch_size=30,
                         callbacks=[rescale], progress=False, random_state=0, compile=compile)
        runs.append((history, [p.data for p in model.parameters()]))
    assert_same_runs(runs)
    assert runs[1][0].train_loss[2] != pytest.approx(runs[1][0].train_loss[1], rel=1e-3)


def test_a_compiled_fit_trains_on_x_as_given_even_when_a_callback_changes_the_array():
    X, y = moons()
    runs = []
    for compile in (False, True):
        data = X.copy()

        def spoil(epoch, history, data=data):
            data *= 10.0  # in place: the training must not see it

        model = lecture_mlp()
        history = nn.fit(model, data, y, "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=3,
                         callbacks=[spoil], progress=False, compile=compile)
        runs.append((history, [p.data for p in model.parameters()]))
    assert_same_runs(runs)
