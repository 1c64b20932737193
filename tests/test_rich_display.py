"""Rich display: how Values, explanations, the stepper, histories, models, progress bars and
films show themselves, as text anywhere and in a real Jupyter kernel.

The kernel tests run small notebooks with nbclient (see demos/notebooks/kernel.py). They
skip when nbclient, nbformat or ipykernel are missing, and fail instead under CI=true.
"""


import pytest

import autograd
import nn
from autograd import Value
from autograd.views.explain import Explanation
from nn.training.history import History
from tests.conftest import lecture_neuron, require_dot, require_kernel, require_matplotlib

NEURON = """
import autograd, nn
from autograd import Value
x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
w1, w2, b = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.8813735870195432, label="b")
n = x1 * w1 + x2 * w2 + b; n.label = "n"
o = n.tanh(); o.label = "o"
o.backward()
"""
TRAINING = """
from demos.plots import training_animation
X, y = nn.make_moons(30, noise=0.1, random_state=0)
model = nn.MLP(2, [4, 1], random_state=0)
history = nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.3), epochs=6, record=True)
"""
CELLS = {
    "setup": NEURON,
    "value": "o",
    "explain": "autograd.explain(o)",
    "stepper": "autograd.Stepper(o)",
    "stepper in practice mode": "autograd.Stepper(o, practice=True)",
    "practice": 'answers = iter(["0.5"] * 20)\nautograd.practice(o, read=lambda prompt: next(answers))',
    "fit": TRAINING,
    "history": "history",
    "plot": "history.plot()",
    "model": "model",
    "summary": "model.summary()",
    "draw": "model.zero_grad()\nnn.get_loss('hinge')(model(X), y).backward()\nmodel.draw()",
    "film": "training_animation(model, X, y, history, resolution=12, dpi=30)",
}
WIDGET = "application/vnd.jupyter.widget-view+json"


def run_in_kernel(cells: dict) -> dict:
    """Run ``cells`` (name: code) in order in a fresh kernel; each cell's outputs by name."""
    from nbformat.v4 import new_code_cell, new_notebook

    from demos.notebooks import kernel

    notebook = new_notebook(cells=[new_code_cell(code) for code in cells.values()])
    kernel.execute(notebook)
    return {name: cell.outputs for name, cell in zip(cells, notebook.cells)}


def shown(outputs: list, mime: str) -> list:
    """The ``mime`` data of every display or result among ``outputs``."""
    return [o["data"][mime] for o in outputs if mime in o.get("data", {})]


def stream(outputs: list, name: str) -> str:
    return "".join(o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == name)


@pytest.fixture(scope="module")
def kernel_outputs():
    require_kernel()
    require_dot()
    require_matplotlib()
    return run_in_kernel(CELLS)


@pytest.fixture
def o():
    value = lecture_neuron()["o"]
    value.backward()
    return value


@pytest.fixture(scope="module")
def history():
    X, y = nn.make_moons(30, noise=0.1, random_state=0)
    model = nn.MLP(2, [4, 1], random_state=0)
    optimizer = nn.SGD(model.parameters(), lr=0.3)
    return nn.fit(model, X, y, "hinge", optimizer, epochs=20, progress=False, record=5,
                  scheduler=nn.LinearLR(optimizer, 1.0, 0.1, total_iters=20))


# as text and HTML, anywhere ------------------------------------------------------------------
def test_a_value_shows_as_a_box_with_label_op_data_and_grad(o):
    box = o._repr_html_()
    assert "<b>o</b>" in box and "(tanh)" in box and "data <b>0.7071</b>" in box and "grad <b>1.0</b>" in box


def test_a_values_label_is_text_not_markup_in_its_box():
    box = Value(1.0, label="<script>")._repr_html_()
    assert "<script>" not in box and "&lt;script&gt;" in box


def test_an_explanation_prints_as_explain_text_and_shows_as_a_table_of_steps(o):
    explanation = Explanation(o)
    assert str(explanation) == autograd.explain_text(o)
    table = explanation._repr_html_()
    assert table.count("<tr>") == 1 + 1 + 9  # header, the seed, nine steps
    assert "do/dx1 += do/d(x1*w1) · d(x1*w1)/dx1" in table


def test_explain_outside_jupyter_still_prints(o, capsys):
    autograd.explain(o)
    assert capsys.readouterr().out == autograd.explain_text(o) + "\n"


def test_a_stepper_says_in_text_what_it_is(o):
    assert repr(autograd.Stepper(o, practice=True)).startswith("Stepper(9 steps of backward, practice;")


def test_a_history_prints_as_a_table_of_its_first_and_last_epochs(history):
    lines = str(history).splitlines()
    assert lines[0] == "History of 20 epochs, 5 snapshots"
    assert lines[1].split() == ["epoch", "train_loss", "train_accuracy", "lr", "grad_norm", "time"]
    assert [line.split()[0] for line in lines[2:]] == ["1", "2", "3", "4", "5", "6", "...",
                                                         "15", "16", "17", "18", "19", "20"]


def test_a_history_shows_as_an_html_table_in_jupyter(history):
    table = history._repr_html_()
    assert table.startswith("<table>") and "<th>train_loss</th>" in table and table.count("<tr>") == 1 + 13


def test_a_history_of_no_epochs_prints_its_heading_only():
    assert str(History(["train_loss"])).splitlines()[0] == "History of 0 epochs"


def test_history_plot_returns_a_figure_with_loss_accuracy_and_learning_rate(history, requires_matplotlib):
    from matplotlib.figure import Figure

    figure = history.plot()
    assert isinstance(figure, Figure)
    assert [ax.get_title() for ax in figure.axes] == ["loss", "accuracy", "learning rate"]


def test_history_plot_leaves_out_the_learning_rate_when_it_never_changed(requires_matplotlib):
    X, y = nn.make_moons(20, random_state=0)
    model = nn.MLP(2, [3, 1], random_state=0)
    flat = nn.fit(model, X, y, "mse", nn.SGD(model.parameters(), lr=0.1), epochs=3, progress=False)
    assert [ax.get_title() for ax in flat.plot().axes] == ["loss"]


def test_a_model_summary_lists_its_parts_and_their_parameters():
    text = str(nn.MLP(2, [16, 16, 1]).summary()).splitlines()
    assert text[0] == "MLP(2 -> [16 relu, 16 relu, 1 linear], 337 parameters), training mode"
    assert text[3].split() == ["layers.0", "Layer(2", "->", "16", "relu)", "16", "48"]
    assert text[-1].split() == ["total", "337"]


def test_a_model_shows_as_its_summary_table_in_jupyter():
    table = nn.MLP(2, [4, 1])._repr_html_()
    assert "<td>layers.1</td>" in table and "<th>17</th>" in table and "2 -&gt; [4 relu, 1 linear]" in table


def test_a_model_with_batch_norm_and_dropout_summarises_each_part():
    model = nn.Sequential(nn.Layer(2, 4), nn.BatchNorm(4), nn.Dropout(0.5), nn.Layer(4, 1))
    rows = [line.split()[:1] + line.split()[-2:] for line in str(model.summary()).splitlines()[3:7]]
    assert rows == [["layers.0", "4", "12"], ["layers.1", "same", "8"], ["layers.2", "same", "0"],
                    ["layers.3", "1", "5"]]


# in a real Jupyter kernel -------------------------------------------------------------------
def test_in_jupyter_a_value_shows_as_its_box(kernel_outputs):
    assert "<b>o</b>" in shown(kernel_outputs["value"], "text/html")[0]


def test_in_jupyter_explain_shows_a_table_whose_text_is_the_printed_explanation(kernel_outputs, o):
    outputs = kernel_outputs["explain"]
    assert shown(outputs, "text/html")[0].startswith("<table>")
    assert shown(outputs, "text/plain") == [autograd.explain_text(o)]
    assert stream(outputs, "stdout") == ""


def test_in_jupyter_the_stepper_shows_inline_in_a_frame(kernel_outputs):
    page = shown(kernel_outputs["stepper"], "text/html")[0]
    assert page.startswith("<iframe srcdoc=") and "Backward, step by step" in page


def test_in_jupyter_the_stepper_shows_inline_in_practice_mode(kernel_outputs):
    page = shown(kernel_outputs["stepper in practice mode"], "text/html")[0]
    assert 'id=&quot;practice-switch&quot; autocomplete=&quot;off&quot; checked' in page


def test_in_jupyter_practice_mode_reads_answers_and_keeps_score(kernel_outputs):
    printed = stream(kernel_outputs["practice"], "stdout")
    assert "step 1/9: o passes its gradient back to n" in printed
    assert "\nscore: 6/9\ngradients of o:\n" in printed


def test_in_jupyter_the_progress_bar_is_a_widget_whose_text_is_the_final_count(kernel_outputs):
    outputs = kernel_outputs["fit"]
    assert shown(outputs, WIDGET)
    assert "100%" in shown(outputs, "text/plain")[0] and "6/6" in shown(outputs, "text/plain")[0]


def test_in_jupyter_a_history_shows_as_its_table(kernel_outputs):
    assert "<th>train_loss</th>" in shown(kernel_outputs["history"], "text/html")[0]


def test_in_jupyter_history_plot_shows_its_figure_once(kernel_outputs):
    assert len(shown(kernel_outputs["plot"], "image/png")) == 1


def test_in_jupyter_a_model_and_its_summary_show_as_tables(kernel_outputs):
    for name in ("model", "summary"):
        assert "<td>layers.0</td>" in shown(kernel_outputs[name], "text/html")[0]


def test_in_jupyter_model_draw_shows_the_network_as_svg(kernel_outputs):
    assert "<svg" in shown(kernel_outputs["draw"], "image/svg+xml")[0]


def test_in_jupyter_a_film_of_training_shows_as_a_gif(kernel_outputs):
    import base64

    assert base64.b64decode(shown(kernel_outputs["film"], "image/gif")[0]).startswith(b"GIF89a")


def test_in_jupyter_without_ipywidgets_the_progress_bar_is_text():
    require_kernel()
    outputs = run_in_kernel({
        "hide ipywidgets": "import sys\nsys.modules['ipywidgets'] = None  # as if it were not installed",
        "fit": TRAINING.replace("from demos.plots import training_animation\n", "import nn\n"),
    })["fit"]
    assert not shown(outputs, WIDGET)
    assert "fit: 100%" in stream(outputs, "stderr") and "6/6" in stream(outputs, "stderr")
