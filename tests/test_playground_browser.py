"""The playground in real headless Chromium (Playwright): its page, Play, Step, the network's
picture, a point's chain rule and bad requests. The server runs on loopback in this process
and is stopped when the module's tests end.

These tests need Chromium, the playwright package and Graphviz's dot (the step-through page
holds a rendered graph): they skip where one is missing, and fail instead under CI=true.
"""

import json
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest

import nn
from autograd import Value
from autograd.views.steps import backward_steps
from demos.playground.server import Running

HOSTILE = '<img src=x onerror="window.__pwned=1">'
WAIT_MS = 15_000  # the most any test waits for the page: Play needs only a few seconds


@pytest.fixture(scope="module")
def running(browser):
    with Running() as served:
        yield served


class Tab:
    """One open tab of the playground, with the console errors and requests it made."""

    def __init__(self, browser, running):
        self.running = running
        self.errors, self.requests = [], []
        self.page = browser.new_page(viewport={"width": 1024, "height": 768})
        self.page.set_default_timeout(WAIT_MS)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(running.url)
        self.page.wait_for_function("() => window.playground && window.playground.states > 0")

    def epoch(self) -> int:
        return int(self.page.inner_text("#epoch"))

    def test_loss(self) -> float:
        return float(self.page.inner_text("#test-loss"))

    def states(self) -> int:
        return self.page.evaluate("window.playground.states")

    def after(self, act, counter="states"):
        """Do ``act`` and wait until the page has shown the server's answer to it."""
        before = self.page.evaluate(f"() => window.playground.{counter}")
        act()
        self.page.wait_for_function(f"() => window.playground.{counter} > {before}")

    def send(self, message):
        self.after(lambda: self.page.evaluate("m => window.playground.send(m)", message), "refused")

    def send_change(self, settings):
        self.page.evaluate("m => window.playground.send(m)", {"do": "change", "settings": settings})

    def session(self):
        """This tab's session on the server (the only one open, as each test closes its tab)."""
        sessions = list(self.running.app.state.sessions.values())
        assert len(sessions) == 1
        return sessions[0]


@pytest.fixture
def tab(browser, running):
    opened = Tab(browser, running)
    yield opened
    close(running, opened)


def close(running, *tabs):
    """Close the tabs and wait until the server has let their sessions go."""
    for tab in tabs:
        tab.page.close()
    deadline = time.monotonic() + WAIT_MS / 1000
    while running.app.state.sessions and time.monotonic() < deadline:
        time.sleep(0.01)


def test_the_page_loads_with_no_console_error_and_asks_only_its_own_server(tab):
    assert tab.epoch() == 0
    assert tab.page.is_visible("#boundary") and tab.page.locator("#points circle").count() == 200
    assert tab.errors == []
    assert [url for url in tab.requests if not url.startswith(tab.running.url)] == []


def test_every_control_has_a_visible_label(tab):
    for name in ["Which data set?", "Noise", "Ratio of training to test data", "Batch size", "Activation",
                 "Learning rate", "Optimizer", "Regularization", "Regularization rate"]:
        assert tab.page.get_by_label(name, exact=True).is_visible()


def test_play_lowers_the_test_loss_on_moons_within_seconds_and_the_epoch_counter_moves(tab):
    start = tab.test_loss()
    tab.page.click("#play")
    tab.page.wait_for_function("() => Number(document.getElementById('epoch').textContent) >= 100",
                              timeout=10_000)
    tab.after(lambda: tab.page.click("#pause"))
    assert tab.epoch() >= 100
    assert tab.test_loss() < start / 2
    assert tab.errors == []


def test_step_advances_exactly_one_epoch(tab):
    tab.after(lambda: tab.page.click("#step"))
    assert tab.epoch() == 1 and tab.session().epoch == 1
    tab.after(lambda: tab.page.click("#step"))
    assert tab.epoch() == 2 and tab.session().epoch == 2


def test_adding_a_layer_rebuilds_the_network_picture(tab):
    assert tab.page.locator("#network .neuron").count() == 2 + 4 + 2 + 1
    tab.after(lambda: tab.page.click("#add-layer"))
    assert tab.page.locator("#network .neuron").count() == 2 + 4 + 2 + 2 + 1
    assert tab.page.inner_text("#layer-count") == "3 hidden layers"
    assert tab.session().settings.hidden == (4, 2, 2)


def test_a_neuron_grows_from_its_plus_button(tab):
    tab.after(lambda: tab.page.locator("#network g.size").nth(2).click())  # the second layer's +
    assert tab.session().settings.hidden == (4, 3)
    assert tab.page.locator("#network .neuron").count() == 2 + 4 + 3 + 1


def _a_point_on_top(tab) -> str:
    """The selector of a training point no other point covers (so a click reaches it)."""
    index = tab.page.evaluate("""() => [...document.querySelectorAll('#points circle.train')].findIndex(c => {
        const r = c.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === c; })""")
    assert index >= 0
    return f"#points circle.train[data-index='{index}']"


def test_clicking_a_point_opens_steps_whose_numbers_equal_backward_steps(tab):
    tab.after(lambda: tab.page.click("#step"))
    point = _a_point_on_top(tab)
    tab.page.click(point)
    frame = tab.page.frame_locator("#steps-frame")
    frame.locator("#counter").wait_for()
    data = json.loads(frame.locator("#stepper-data").text_content())
    index = int(tab.page.get_attribute(point, "data-index"))
    src = tab.page.get_attribute("#steps-frame", "src")
    assert parse_qs(urlparse(src).query)["index"] == [str(index)]
    model = tab.session().model
    x1, x2 = (Value(float(v), label=f"x{i + 1}") for i, v in enumerate(model.X_train[index]))
    logit, target = model.network([x1, x2]), Value(float(model.y_train[index]), label="y")
    loss = nn.binary_cross_entropy_with_logits(logit, target, reduction="none")[0]
    expected = backward_steps(loss)
    assert [s["answer"] for s in data["steps"]] == [s.contribution for s in expected]
    assert frame.locator("#counter").inner_text() == f"1 / {len(expected)}"
    assert frame.locator("#practice-switch").is_visible()
    title = tab.page.inner_text("#steps-title")
    assert f"train point {index} " in title and "epoch 1's weights" in title
    assert tab.errors == []


def _unchanged(tab, act):
    """Do ``act`` after one Step; the page shows a message and nothing changed; the message."""
    tab.after(lambda: tab.page.click("#step"))
    session = tab.session()
    settings, weights = session.settings, [p.data for p in session.model.network.parameters()]
    act()
    assert tab.epoch() == 1 and session.epoch == 1
    assert session.settings == settings
    assert [p.data for p in session.model.network.parameters()] == weights
    assert tab.page.is_visible("#message")
    return tab.page.inner_text("#message")


def test_a_hostile_label_shows_as_text_and_changes_nothing(tab):
    def choose_hostile():
        tab.page.evaluate("""label => { const s = document.getElementById('data');
            const o = document.createElement('option'); o.value = label; o.textContent = label;
            s.appendChild(o); s.value = label; s.dispatchEvent(new Event('change')); }""", HOSTILE)
        tab.page.wait_for_function("() => window.playground.refused > 0")

    message = _unchanged(tab, choose_hostile)
    assert HOSTILE in message and "data must be 'moons'" in message
    assert tab.page.evaluate("() => window.__pwned") is None
    assert tab.page.locator("#message img").count() == 0
    assert tab.errors == []


@pytest.mark.parametrize("change, said", [
    ({"data": "mnist"}, "data must be 'moons', 'circles', 'xor', 'spiral' or 'blobs', got 'mnist'"),
    ({"hidden": [10000]}, "hidden[0] must be a whole number from 1 to 8, got 10000"),
    ({"learning_rate": -0.1}, "learning_rate must be in (0, 10], got -0.1"),
])
def test_a_bad_setting_shows_a_message_and_changes_nothing(tab, change, said):
    message = _unchanged(tab, lambda: tab.send({"do": "change", "settings": change}))
    assert message == f"playground: {said}"


def test_clicking_an_edge_shows_its_gradient_over_the_last_batch_and_its_formula(tab):
    tab.after(lambda: tab.page.click("#step"))
    tab.page.locator("#network path.edge[data-layer='1'][data-to='1'][data-from='2']").dispatch_event("click")
    text = tab.page.inner_text("#detail")
    assert tab.page.get_attribute("#network .chosen", "data-from") == "2"  # the edge is marked
    grad = tab.session().model.network.layers[1].neurons[1].w[2].grad
    assert "∂L/∂w = mean over the batch of ∂L/∂z · a3" in text and "epoch 1" in text
    shown = float(re.search(r"= (\S+), z being", text).group(1))
    assert shown == pytest.approx(grad, rel=1e-3) and grad != 0


def test_clicking_a_neuron_shows_its_bias_gradient_with_the_penalty_in_its_formula(tab):
    tab.after(lambda: tab.send_change({"regularization": "l2", "regularization_rate": 0.01}))
    tab.after(lambda: tab.page.click("#step"))
    tab.page.locator("#network g.neuron[data-layer='3']").click()
    text = tab.page.inner_text("#detail")
    grad = tab.session().model.network.layers[2].neurons[0].b.grad
    assert text.startswith("The output neuron") and "∂L/∂z + 2 · 0.01 · b = " in text
    shown = float(re.search(r"· b = (\S+) \(", text).group(1))
    assert shown == pytest.approx(grad, rel=1e-3)


def test_each_tab_trains_a_model_of_its_own(browser, running):
    first, second = Tab(browser, running), Tab(browser, running)
    try:
        first.after(lambda: first.page.click("#step"))
        second.page.wait_for_timeout(200)
        assert first.epoch() == 1 and second.epoch() == 0
        assert "a model of its own" in second.page.inner_text(".note")
    finally:
        close(running, first, second)
