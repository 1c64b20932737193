"""The playground without a browser: its settings, a tab's session (training, changes, the
example whose chain rule a click opens), its pictures, and the real server on loopback (the
hosts and origins it serves, its WebSocket, its command line and the notebook's view).

Every server a test starts listens on 127.0.0.1 on a free port and is stopped by the test.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import nn
from demos.playground import notebook
from demos.playground import session as session_module
from demos.playground.pictures import GRID, extent, grid_points, layer_outputs, pictures
from demos.playground.server import Running, main
from demos.playground.session import Session
from demos.playground.settings import MAX_LAYERS, Settings, changed

ROOT = Path(__file__).resolve().parent.parent
BAD_CHANGES = [  # and what the refusal says after "playground: "
    ({"data": "mnist"}, "data must be 'moons', 'circles', 'xor', 'spiral' or 'blobs', got 'mnist'"),
    ({"hidden": [10000]}, "hidden[0] must be a whole number from 1 to 8, got 10000"),
    ({"hidden": [2] * (MAX_LAYERS + 1)}, "hidden must have at most 6 layers, got 7"),
    ({"hidden": "4,2"}, "hidden must be a list of layer sizes like [4, 2], got '4,2'"),
    ({"learning_rate": -0.1}, "learning_rate must be in (0, 10], got -0.1"),
    ({"learning_rate": float("nan")}, "learning_rate must be finite, got nan"),
    ({"regularization_rate": -1}, "regularization_rate must be in [0, 10], got -1"),
    ({"batch_size": True}, "batch_size must be a whole number from 1 to 30, got True"),
    ({"activation": "<b>"}, "activation must be 'tanh', 'relu', 'sigmoid' or 'linear', got '<b>'"),
    ({"colour": "red"}, "a setting must be one of data, noise, train_ratio, batch_size, hidden, activation, "
                        "learning_rate, optimizer, regularization, regularization_rate, got 'colour'"),
    ("noise", "a change of settings must be an object like {\"noise\": 0.2}, got 'noise'"),
]


def weights(session):
    return [p.data for p in session.model.network.parameters()]


# --- settings -------------------------------------------------------------------------------

def test_the_default_settings_are_tensorflow_playgrounds():
    s = Settings()
    assert (s.hidden, s.activation, s.learning_rate) == ((4, 2), "tanh", 0.03)
    assert (s.batch_size, s.train_ratio, s.regularization) == (10, 0.5, "none")


def test_a_change_replaces_only_the_settings_it_names():
    s = changed(Settings(), {"hidden": [3, 3, 3], "noise": 0.2})
    assert s == Settings(hidden=(3, 3, 3), noise=0.2)


@pytest.mark.parametrize("change, message", BAD_CHANGES)
def test_a_bad_change_is_refused_naming_the_setting_and_the_value(change, message):
    with pytest.raises(ValueError) as refused:
        changed(Settings(), change)
    assert str(refused.value) == f"playground: {message}"


# --- a session --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def trained():
    """A session after three Steps (read only)."""
    s = Session()
    for _ in range(3):
        s.step()
    return s


def test_a_new_session_is_at_epoch_zero_with_both_losses_measured():
    s = Session()
    assert s.epoch == 0 and not s.playing
    model = s.model
    loss = session_module.LOSS
    assert model.curves.train == [nn.evaluate(model.network, model.X_train, model.y_train, loss)[0]]
    assert model.curves.test == [nn.evaluate(model.network, model.X_test, model.y_test, loss)[0]]


def test_step_trains_exactly_one_epoch():
    s = Session()
    before = weights(s)
    s.step()
    assert s.epoch == 1 and s.model.curves.epochs == [0, 1]
    assert weights(s) != before


def test_training_for_a_while_does_nothing_while_paused_and_trains_while_playing():
    s = Session()
    s.train_for(0.01)
    assert s.epoch == 0
    s.play(True)
    s.train_for(0.01)
    assert s.epoch >= 1


def test_a_change_of_the_learning_rate_alone_keeps_the_model_and_its_epoch(trained):
    s = Session()
    s.step()
    model = s.model
    s.change({"learning_rate": 0.3})
    assert s.model is model and s.epoch == 1 and model.optimizer.lr == 0.3
    assert s.settings.learning_rate == 0.3


def test_any_other_change_starts_a_new_model_at_epoch_zero():
    s = Session()
    s.step()
    s.change({"data": "spiral", "hidden": [3]})
    assert s.epoch == 0 and len(s.model.network.layers) == 2 and s.model.network.layers[0].nout == 3
    assert len(s.model.y_train) + len(s.model.y_test) == session_module.SAMPLES


@pytest.mark.parametrize("change, message", BAD_CHANGES[:5])
def test_a_bad_change_leaves_the_session_as_it_was(change, message):
    s = Session()
    s.step()
    model, settings, before = s.model, s.settings, weights(s)
    with pytest.raises(ValueError, match="^playground: "):
        s.change(change)
    assert s.model is model and s.settings == settings and s.epoch == 1 and weights(s) == before


def test_reset_draws_new_weights_on_the_same_data_at_epoch_zero():
    s = Session()
    s.step()
    X, before = s.model.X_train, weights(s)
    s.reset()
    assert s.epoch == 0 and np.array_equal(s.model.X_train, X) and weights(s) != before


@pytest.fixture
def diverged():
    """A session whose weights blew up: relu, six layers of eight, learning rate 10, L2 at 10."""
    s = Session()
    s.change({"learning_rate": 10, "activation": "relu", "regularization": "l2", "regularization_rate": 10,
              "hidden": [8] * 6, "data": "blobs", "batch_size": 1, "noise": 0.5})
    s.step()
    assert s.problem.startswith("Training diverged")
    return s


def test_the_state_after_a_divergence_is_strict_json_with_every_finite_weight_as_it_is(diverged):
    with np.errstate(all="raise"):
        state = diverged.state()
    json.dumps(state, allow_nan=False)
    drawn = [w for layer in state["weights"] for row in layer for w in row]
    held = [w for layer in diverged.model.network.layers for n in layer.neurons for w in n.w]
    assert [w for w in drawn if abs(w) > 1e12] == [w.data for w in held if 1e12 < abs(w.data) < float("inf")]


def test_the_steps_of_a_point_at_weights_that_overflow_say_why_and_what_to_do(diverged):
    said = (r"^playground: the chain rule of train point 0 cannot be computed at these weights "
            r"\(dot: the result .*\); lower the learning rate and press Reset$")
    with pytest.raises(ValueError, match=said):
        diverged.steps_page("train", 0)


@pytest.mark.parametrize("data", ["moons", "circles", "xor", "spiral", "blobs"])
def test_every_data_set_has_two_classes_and_trains(data):
    s = Session(Settings(data=data))
    assert set(s.model.y_train) == {0, 1}
    s.step()
    assert np.isfinite(s.model.curves.last[1])


def test_a_run_that_diverges_pauses_with_a_message_saying_what_to_do(monkeypatch):
    s = Session()

    def overflowing(step, part):
        raise OverflowError("math range error")

    monkeypatch.setattr(type(s.model.run.step), "__call__", overflowing)
    s.play(True)
    s.train_for(1.0)
    assert not s.playing and s.epoch == 0
    assert s.problem == ("Training diverged at epoch 1: math range error. Lower the learning rate and "
                         "press Reset.")
    s.play(True)
    assert not s.playing
    s.reset()
    assert s.problem == ""


def test_a_step_through_is_made_while_no_training_step_moves_the_weights(monkeypatch):
    s = Session()
    s.play(True)
    still = []

    class Watching(session_module.Stepper):
        def html(self):
            before = weights(s)
            time.sleep(0.02)
            still.append(weights(s) == before)
            return ""

    monkeypatch.setattr(session_module, "Stepper", Watching)
    trainer = threading.Thread(target=lambda: [s.train_for(0.01) for _ in range(30)])
    trainer.start()
    for _ in range(5):
        s.steps_page("train", 0)
    trainer.join(60)
    assert still == [True] * 5 and s.epoch > 0


def test_an_examples_loss_is_binary_cross_entropy_of_the_networks_logit(trained):
    model = trained.model
    x, y = model.X_test[5], model.y_test[5]
    z = layer_outputs(model.network, x[None, :])[-1][0, 0]
    loss = trained.example_loss("test", 5)
    assert loss.data == pytest.approx(np.log1p(np.exp(z)) - z * y, rel=1e-12)
    model.network.zero_grad()  # the last training step's gradients
    loss.backward()
    w = model.network.layers[-1].neurons[0].b  # d loss / d b of the output neuron is sigmoid(z) - y
    assert w.grad == pytest.approx(1 / (1 + np.exp(-z)) - y, rel=1e-9)


def test_an_examples_loss_is_a_fresh_graph_that_leaves_the_weights_alone(trained):
    before = weights(trained)
    trained.example_loss("train", 0).backward()
    assert weights(trained) == before
    assert trained.example_loss("train", 0).grad == 0.0


@pytest.mark.parametrize("split, index, message", [
    ("validation", 0, "playground: the points must be 'train' or 'test', got 'validation'"),
    ("train", 100, "playground: a point's index must be a whole number from 0 to 99, got 100"),
    ("train", "<script>", "playground: a point's index must be a whole number from 0 to 99, got '<script>'"),
])
def test_an_example_that_does_not_exist_is_refused(trained, split, index, message):
    with pytest.raises(ValueError) as refused:
        trained.example_loss(split, index)
    assert str(refused.value) == message


def test_the_state_holds_the_losses_the_pictures_and_the_points_when_asked(trained):
    state = trained.state()
    assert state["epoch"] == 3 and state["test_loss"] == trained.model.curves.test[-1]
    assert len(state["boundary"]) == GRID * GRID
    assert [len(column) for column in state["neurons"]] == [2, 4, 2, 1]
    assert len(state["points"]["train"]) == 100 and "points" not in trained.state(with_points=False)
    json.dumps(state, allow_nan=False)  # the page's JSON has no NaN or infinity


def test_the_loss_curves_sent_are_thinned_to_a_bounded_length(monkeypatch):
    monkeypatch.setattr(session_module, "CURVE_POINTS", 4)
    s = Session()
    every_loss = [s.model.curves.last[1]]
    for _ in range(9):
        s.step()
        every_loss.append(s.model.curves.last[1])
    curve = s.state()["curve"]
    assert curve["epochs"] == [0, 4, 8, 9] and curve["test"] == [every_loss[e] for e in curve["epochs"]]


def test_a_tab_that_plays_for_ever_keeps_a_bounded_memory_of_its_losses(monkeypatch):
    monkeypatch.setattr(session_module, "CURVE_POINTS", 4)
    s = Session()
    run = s.model.run
    monkeypatch.setattr(run, "epoch", lambda epoch: {"train_loss": float(epoch), "val_loss": -float(epoch)})
    for _ in range(1000):
        s.model.train_one_epoch()
    curves = s.model.curves
    assert s.epoch == 1000 and len(curves.epochs) <= 8 and len(run.history) == 0
    assert curves.epochs[0] == 0 and curves.train[1:] == [float(e - 1) for e in curves.epochs[1:]]
    assert s.state()["curve"]["epochs"][-1] == 1000 and len(s.state()["curve"]["epochs"]) <= 5


# --- pictures ---------------------------------------------------------------------------------

def test_the_boundary_is_the_probability_predict_gives_on_the_grid(trained):
    box = trained.model.box
    logits = nn.predict_outputs(trained.model.network, grid_points(box, GRID))
    drawn = np.array(pictures(trained.model.network, box)["boundary"])
    assert np.allclose(drawn, 1 / (1 + np.exp(-logits.ravel())), atol=5e-4)


def test_the_pictures_cover_every_point():
    X = np.array([[-3.0, 1.0], [2.0, 5.0]])
    x0, x1, y0, y1 = extent(X)
    assert x0 < -3 and x1 > 2 and y0 < 1 and y1 > 5 and x1 - x0 == pytest.approx(y1 - y0)


# --- the server, on loopback ------------------------------------------------------------------

@pytest.fixture(scope="module")
def running():
    with Running() as served:
        yield served


def get(running, path, host=None, origin=None):
    """``GET path`` from the running server, with the Host header ``host`` (the server's own by default)."""
    port = int(running.url.rsplit(":", 1)[1].strip("/"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def test_the_page_is_served_with_a_policy_that_allows_only_its_own_scripts(running):
    status, headers, text = get(running, "/")
    assert status == 200 and "<title>chainrule playground</title>" in text
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "base-uri 'none'" in headers["content-security-policy"]  # no default-src fallback for these
    assert "form-action 'none'" in headers["content-security-policy"]
    assert "https://" not in text and "http://" not in text  # nothing from elsewhere


@pytest.mark.parametrize("name", ["playground.js", "drawing.js", "playground.css"])
def test_the_pages_scripts_and_style_are_served_from_the_package(running, name):
    status, _, text = get(running, f"/static/{name}")
    assert status == 200 and text == (ROOT / "demos" / "playground" / "static" / name).read_text()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "192.168.1.5", ""])
def test_the_server_refuses_other_hosts(running, host):
    status, _, text = get(running, "/", host=host or " ")
    assert status == 400 and "Invalid host header" in text


def test_localhost_is_served_too(running):
    port = running.url.rsplit(":", 1)[1].strip("/")
    assert get(running, "/", host=f"localhost:{port}")[0] == 200


def socket_url(running):
    return running.url.replace("http://", "ws://") + "socket"


def test_a_tab_gets_its_session_then_its_state(running):
    from websockets.sync.client import connect

    with connect(socket_url(running), open_timeout=10) as tab:
        hello = json.loads(tab.recv(timeout=10))
        state = json.loads(tab.recv(timeout=10))
        assert hello["type"] == "hello" and hello["session"] in running.app.state.sessions
        assert state["type"] == "state" and state["epoch"] == 0 and "points" in state
        tab.send(json.dumps({"do": "step"}))
        assert json.loads(tab.recv(timeout=10))["epoch"] == 1
    deadline = time.monotonic() + 10
    while hello["session"] in running.app.state.sessions and time.monotonic() < deadline:
        time.sleep(0.01)
    assert hello["session"] not in running.app.state.sessions  # a closed tab's model is let go


@pytest.mark.parametrize("message, said", [
    ("{not json", "playground: a message must be JSON like {\"do\": \"play\"}, got '{not json'"),
    ('{"do": "<b>"}', "playground: an action must be play, pause, step, reset, change, got '<b>'"),
    ("x" * 20_000, "playground: a message must be at most 10000 characters, got 20000 characters"),
    ("[" * 4000 + "]" * 4000,
     "playground: a message must be JSON nested a few levels deep, like {\"do\": \"play\"}, "
     "got one nested too deeply to read"),
])
def test_a_bad_message_is_refused_and_changes_nothing(running, message, said):
    from websockets.sync.client import connect

    with connect(socket_url(running), open_timeout=10) as tab:
        tab.recv(timeout=10), tab.recv(timeout=10)
        tab.send(message)
        refused = json.loads(tab.recv(timeout=10))
        assert refused == {"type": "refused", "message": said}
        assert json.loads(tab.recv(timeout=10))["epoch"] == 0


def test_a_frame_far_longer_than_any_message_is_refused_before_it_is_read_whole(running):
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    with connect(socket_url(running), open_timeout=10) as tab:
        tab.recv(timeout=10), tab.recv(timeout=10)
        tab.send("x" * 2_000_000)
        with pytest.raises(ConnectionClosed) as closed:
            tab.recv(timeout=10)
    assert closed.value.rcvd.code == 1009  # message too big


def test_a_websocket_from_another_origin_is_refused(running):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with pytest.raises(InvalidStatus):
        with connect(socket_url(running), origin="http://evil.example", open_timeout=10):
            pass


def test_the_steps_of_a_closed_tab_say_to_reload(running):
    status, headers, text = get(running, "/steps?session=gone&split=train&index=0")
    assert status == 400 and "reload the page" in text
    assert headers["content-security-policy"] == "default-src 'none'"


@pytest.mark.parametrize("index, shown", [
    ("%C2%B2", "&#x27;²&#x27;"), ("%D9%A3", "&#x27;٣&#x27;"), ("9" * 5000, "&#x27;99999999999999999999"),
    ("-1", "&#x27;-1&#x27;")])
def test_a_points_index_is_read_in_ascii_digits_only_and_refused_in_the_pages_words(running, index, shown):
    from websockets.sync.client import connect

    with connect(socket_url(running), open_timeout=10) as tab:
        key = json.loads(tab.recv(timeout=10))["session"]
        status, _, text = get(running, f"/steps?session={key}&split=train&index={index}")
    assert status == 400 and "a point&#x27;s index must be a whole number from 0 to 99, got " + shown in text


def test_the_steps_of_a_bad_point_say_why_as_text(running):
    from websockets.sync.client import connect

    with connect(socket_url(running), open_timeout=10) as tab:
        key = json.loads(tab.recv(timeout=10))["session"]
        status, _, text = get(running, f"/steps?session={key}&split=train&index=%3Cb%3Ex")
    assert status == 400 and "got &#x27;&lt;b&gt;x&#x27;" in text and "<b>" not in text


# --- the command line and the notebook --------------------------------------------------------

def test_the_command_prints_its_address_serves_and_stops_cleanly_on_ctrl_c_while_a_tab_plays():
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    process = subprocess.Popen([sys.executable, "-m", "demos.playground", "--no-browser", "--port", "0"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = process.stdout.readline()
        assert line.startswith("chainrule playground: http://127.0.0.1:") and "(Ctrl-C stops it)" in line
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        connection.close()
        with connect(f"ws://127.0.0.1:{port}/socket", open_timeout=10) as tab:
            tab.recv(timeout=10), tab.recv(timeout=10)
            tab.send(json.dumps({"do": "play"}))
            assert json.loads(tab.recv(timeout=10))["playing"]
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=20)
            with pytest.raises(ConnectionClosed):  # the tab was told
                while True:
                    tab.recv(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0 and "Traceback" not in err
    assert out.strip().endswith("chainrule playground: stopped")


@pytest.mark.parametrize("port", ["-1", "70000", "http", "\u0668\u0660\u0662\u0662", "\uff18\uff10"])
def test_a_bad_port_is_refused(capsys, port):
    with pytest.raises(SystemExit) as exited:
        main(["--no-browser", "--port", port])
    assert exited.value.code == 2
    assert f"argument --port: must be a whole number from 0 to 65535, got '{port}'" in capsys.readouterr().err


def test_a_port_of_thousands_of_digits_is_quoted_short(capsys):
    with pytest.raises(SystemExit):
        main(["--no-browser", "--port", "9" * 5000])
    said = capsys.readouterr().err
    assert "must be a whole number from 0 to 65535, got '99999" in said and len(said) < 400


def test_a_port_in_use_is_refused_saying_what_to_do(capsys, running):
    port = running.url.rsplit(":", 1)[1].strip("/")
    with pytest.raises(SystemExit) as exited:
        main(["--no-browser", "--port", port])
    assert exited.value.code == 1
    assert f"playground: cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.fixture
def kernel_server():
    yield
    served = notebook.SERVED.pop("server", None)
    if served is not None:
        served.stop()


def test_in_a_notebook_show_puts_the_page_in_an_iframe_from_one_server(kernel_server):
    first, second = notebook.show(), notebook.show(height=500)
    assert first.url == second.url and first.url.startswith("http://127.0.0.1:")
    assert f'<iframe src="{first.url}"' in first._repr_html_() and "height: 500px" in second._repr_html_()
    status, _, _ = get(notebook.SERVED["server"], "/")
    assert status == 200


@pytest.mark.parametrize("kwargs, says", [
    ({"height": float("nan")}, "playground.show: height must be an int >= 1, got nan"),
    ({"height": 0}, "playground.show: height must be an int >= 1, got 0"),
    ({"port": -1}, "playground.show: port must be a whole number from 0 to 65535, got -1"),
    ({"port": "8022"}, "playground.show: port must be a whole number from 0 to 65535, got '8022'"),
])
def test_in_a_notebook_a_bad_height_or_port_is_refused_before_a_server_starts(kernel_server, kwargs, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        notebook.show(**kwargs)
    assert "server" not in notebook.SERVED


def test_the_package_imports_without_the_server_libraries_and_the_server_says_what_to_install():
    code = ("import sys; sys.modules.update(starlette=None, uvicorn=None); import demos.playground\n"
            "try:\n    import demos.playground.server\nexcept ImportError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert "pip install 'chainrule[playground]'" in out.stdout


def test_the_parameters_have_the_short_names_the_page_and_the_step_through_use():
    labels = [p.label for p in Session().model.network.parameters()]
    assert labels[:3] == ["w1_1_1", "w1_1_2", "b1_1"] and labels[-1] == "b3_1"
    assert len(set(labels)) == len(labels)


def test_an_examples_loss_is_one_term_not_a_mean_of_one(trained):
    loss = trained.example_loss("train", 1)
    assert loss.label == "loss" and loss.op == "-"


def test_the_benchmark_times_the_compiled_epoch_against_the_engines_step():
    sys.path.insert(0, str(ROOT))  # benchmarks/ is a folder, not installed
    from benchmarks import playground as benchmark

    names = [name for name, seconds in benchmark.rows(rounds=1, epochs=1) if seconds > 0]
    assert names == ["one epoch, the engine's step (baseline)", "one epoch, compiled (the playground)",
                     "one picture of the page (state)", "one point's step-through page"]
