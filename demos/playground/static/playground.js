// The playground page: sends what the person does over the WebSocket and shows each state the
// server sends back. Nothing is computed here; messages are written with textContent only.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const socket = new WebSocket(`ws://${location.host}/socket`);
  let session = "", state = null, points = null, chosen = null;
  // what a test (or the console) may read and send: counts of the states and refusals received
  window.playground = {states: 0, refused: 0, send: (message) => send(message)};

  function send(message) {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function say(text) {
    $("message").textContent = text;
    $("message").hidden = !text;
  }

  const MAX_LAYERS = 6, MAX_NEURONS = 8;

  function changeHidden(hidden) {
    send({do: "change", settings: {hidden}});
  }

  function resize(layer, by) {
    const hidden = state.settings.hidden.slice();
    hidden[layer] = Math.max(1, Math.min(MAX_NEURONS, hidden[layer] + by));
    changeHidden(hidden);
  }

  function choose(what) {
    chosen = what;
    showDetail();
  }

  // the penalty's part of a parameter's gradient, as the formula writes it
  function penalty() {
    const {regularization, regularization_rate: rate} = state.settings;
    if (regularization === "none" || rate === 0) return "";
    return regularization === "l2" ? ` + 2 \u00b7 ${rate} \u00b7 w` : ` + ${rate} \u00b7 sign(w)`;
  }

  function edgeDetail(l, j, i) {
    const w = state.weights[l]?.[j]?.[i];
    if (w === undefined) return "";
    const source = l === 0 ? `x${i + 1}` : `a${i + 1} (neuron ${i + 1} of hidden layer ${l})`;
    return `Weight w${l + 1}_${j + 1}_${i + 1} from ${source} to neuron ${j + 1} of the next layer: w = ${w}. ` +
      `\u2202L/\u2202w = mean over the batch of \u2202L/\u2202z \u00b7 ${source.split(" ")[0]}` +
      `${penalty()} = ${state.weight_grads[l][j][i].toPrecision(4)}, ` +
      `z being that neuron's weighted sum (the last batch of epoch ${state.epoch}).`;
  }

  function neuronDetail(l, j) {
    const column = state.neurons[l];
    if (!column || j >= column.length) return "";
    if (l === 0) return `Input x${j + 1}: its picture is x${j + 1} itself over the plane.`;
    const where = l === state.neurons.length - 1 ? "the output neuron" : `neuron ${j + 1} of hidden layer ${l}`;
    return `${where[0].toUpperCase()}${where.slice(1)}: its picture is its output over the input plane; ` +
      `bias b${l}_${j + 1} = ${state.biases[l - 1][j]}. \u2202L/\u2202b = mean over the batch of \u2202L/\u2202z` +
      `${penalty().replaceAll("w", "b")} = ${state.bias_grads[l - 1][j].toPrecision(4)} ` +
      `(the last batch of epoch ${state.epoch}).`;
  }

  function showDetail() {
    if (!chosen || !state) return;
    const text = chosen.kind === "edge" ? edgeDetail(chosen.layer, chosen.to, chosen.from) :
      neuronDetail(chosen.layer, chosen.index);
    if (!text) return;
    $("detail").textContent = text;
    const selector = chosen.kind === "edge" ?
      `path.edge[data-layer="${chosen.layer}"][data-to="${chosen.to}"][data-from="${chosen.from}"]` :
      `g.neuron[data-layer="${chosen.layer}"][data-index="${chosen.index}"]`;
    for (const old of $("network").querySelectorAll(".chosen")) old.classList.remove("chosen");
    $("network").querySelector(selector)?.classList.add("chosen");
  }

  function openSteps(split, index, x, y, label) {
    const query = new URLSearchParams({session, split, index: String(index)});
    $("steps-title").textContent = `The chain rule of the loss of ${split} point ${index} ` +
      `(x1 = ${x.toFixed(3)}, x2 = ${y.toFixed(3)}, class ${label}) at epoch ${state.epoch}'s weights, ` +
      "penalty left out";
    $("steps-frame").src = `/steps?${query}`;
    $("steps").hidden = false;
    $("steps").scrollIntoView();
  }

  function showSettings(settings) {
    for (const select of document.querySelectorAll("select[data-setting]")) {
      const value = String(settings[select.dataset.setting]);
      if (![...select.options].some((o) => o.value === value)) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      }
      select.value = value;
    }
    const n = settings.hidden.length;
    $("layer-count").textContent = `${n} hidden layer${n === 1 ? "" : "s"}`;
  }

  function show(next) {
    state = next;
    if (next.points) points = next.points;
    $("epoch").textContent = String(next.epoch);
    $("train-loss").textContent = next.train_loss.toFixed(3);
    $("test-loss").textContent = next.test_loss.toFixed(3);
    $("play").disabled = next.playing;
    $("pause").disabled = !next.playing;
    if (next.problem) say(next.problem);
    showSettings(next.settings);
    drawing.drawBoundary($("boundary"), next.boundary);
    if (next.points) drawing.drawPoints($("points"), next.box, points, openSteps);
    drawing.drawCurve($("curve"), next.curve);
    drawing.drawNetwork($("network"), next, choose, resize);
    showDetail();
    window.playground.states += 1;
  }

  socket.addEventListener("open", () => { $("status").textContent = "connected"; });
  socket.addEventListener("close", () => {
    $("status").textContent = "disconnected: the playground stopped; start it again and reload";
  });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "hello") session = message.session;
    else if (message.type === "refused") {
      say(message.message);
      window.playground.refused += 1;
    } else if (message.type === "state") show(message);
  });

  for (const name of ["play", "pause", "step", "reset"]) {
    $(name).addEventListener("click", () => {
      say("");
      send({do: name});
    });
  }
  for (const select of document.querySelectorAll("select[data-setting]")) {
    select.addEventListener("change", () => {
      say("");
      const value = select.dataset.kind === "text" ? select.value : Number(select.value);
      send({do: "change", settings: {[select.dataset.setting]: value}});
    });
  }
  $("add-layer").addEventListener("click", () => {
    if (state && state.settings.hidden.length < MAX_LAYERS) changeHidden([...state.settings.hidden, 2]);
  });
  $("remove-layer").addEventListener("click", () => {
    if (state && state.settings.hidden.length > 0) changeHidden(state.settings.hidden.slice(0, -1));
  });
  $("close-steps").addEventListener("click", () => {
    $("steps").hidden = true;
    $("steps-frame").removeAttribute("src");
  });
})();
