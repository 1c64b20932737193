/* The stepper page's frames, and practice mode.
 *
 * Each frame is one chain-rule step of the page's data (the JSON in #stepper-data): it
 * highlights the step's edge and nodes with CSS classes, writes the gradients known so far
 * into the graph's nodes and the side table, and shows the step's formula. Prev/Next and
 * the arrow keys move between frames.
 *
 * Practice mode (the "Practice" switch) lets the learner do the chain rule: each step shows
 * its question without numbers, the upstream gradient and an input box; the gradient it
 * gives stays "?" until the learner's answer (read by readAnswer, in answer.js) is checked.
 * A wrong answer is shown with the right value and the rule; a running score counts them.
 *
 * Retry clears a checked answer so the step can be tried again; Reset clears them all.
 * The graph's view (zoom, pan, fullscreen, larger text) is view.js's, printing print.js's.
 *
 * Everything is written with textContent: labels are text, never markup.
 */
var data = JSON.parse(document.getElementById("stepper-data").textContent);
var steps = data.steps, n = steps.length, k = 0;
function byId(id) { return document.getElementById(id); }
function text(id, s) { byId(id).textContent = s; }
var counter = byId("counter"), prev = byId("prev"), next = byId("next");
var toggle = byId("practice-switch"), panel = byId("practice"), box = byId("answer");
var answers = [];  // answers[i] = {text, value, right} once step i has been checked in practice mode
var variables = Object.create(null);  // the names come NFKC-normalised, as answers are read
Object.keys(data.variables).forEach(function (name) { variables[name] = number(data.variables[name]); });
var vocabulary = {variables: variables, functions: data.functions, spellings: data.spellings,
                  depth: data.depth, too_deep: data.too_deep, length: data.length, too_long: data.too_long,
                  spaces: data.spaces, quote: data.quote};

/* A number of the data: non-finite ones come as the strings "Infinity", "-Infinity", "NaN". */
function number(x) { return typeof x === "string" ? Number(x) : x; }
function practising() { return toggle.checked && n > 0; }
/* The element of the graph `root` (the page's, or a printed copy of it) with the id `id`. */
function within(root, id) { return root === viewport ? byId(id) : root.querySelector('[id="' + id + '"]'); }
function setClass(root, ids, name) {
  var old = root.querySelectorAll("." + name);
  for (var i = 0; i < old.length; i++) { old[i].classList.remove(name); }
  ids.forEach(function (id) { var e = within(root, id); if (e) { e.classList.add(name); } });
}
function paint(root, id, grad, color) {
  var g = within(root, id);
  if (!g) { return; }
  var texts = g.getElementsByTagName("text"), polygons = g.getElementsByTagName("polygon");
  if (texts.length) { texts[texts.length - 1].textContent = "grad " + grad; }
  if (polygons.length) { polygons[0].setAttribute("fill", color); }
}
function row(cells, cls) {
  var tr = document.createElement("tr");
  cells.forEach(function (c) {
    var td = document.createElement("td");
    td.textContent = c[0];
    if (c[1]) { td.className = c[1]; }
    tr.appendChild(td);
  });
  if (cls) { tr.className = cls; }
  return tr;
}

/* What frame j shows: each Value reached so far (in `order`) with its gradient, colour and status. */
function frameAt(j) {
  var known = {}, order = [data.root], i;
  known[data.root] = {grad: data.seed_grad, color: data.seed_color, done: true};
  for (i = 0; i <= j; i++) {
    var t = steps[i];
    if (!(t.input in known)) { order.push(t.input); }
    known[t.input] = practising() && !answers[i] ? {grad: "?", color: data.white, done: false, open: true}
                                                 : {grad: t.grad, color: t.color, done: t.final};
  }
  return {known: known, order: order};
}

/* The ids a step highlights: its edge, operation and result, the node passing back and its input. */
function stepIds(s) { return [s.edge, s.op, s.out, s.node, s.input]; }

/* Frame j drawn into the graph `root`: every box's gradient and colour, the step's highlights. */
function drawFrame(j, root) {
  var s = steps[j], frame = frameAt(j);
  data.values.forEach(function (id) {
    var g = frame.known[id];
    paint(root, id, g ? g.grad : data.zero, g ? g.color : data.white);
  });
  setClass(root, [s.edge, s.op, s.out], "current");
  setClass(root, [s.node], "source");
  setClass(root, [s.input], "target");
  return frame;
}

/* Bring the current step into the graph's view (view.js), if it is not in it. */
function followStep() { if (n > 0) { follow(stepIds(steps[k])); } }

/* Show frame j; in practice mode `focus` puts the keyboard in the answer box. */
function show(j, focus) {
  if (n === 0) { return; }
  k = Math.max(0, Math.min(n - 1, j));
  var s = steps[k], hidden = practising() && !answers[k], frame = drawFrame(k, viewport), known = frame.known;
  counter.textContent = (k + 1) + " / " + n;
  prev.disabled = k === 0;
  next.disabled = k === n - 1;
  text("formula", hidden ? s.question : s.formula);
  text("sentence", s.sentence);
  var body = byId("grads");
  while (body.firstChild) { body.removeChild(body.firstChild); }
  frame.order.forEach(function (id) {
    var g = known[id], status = g.open ? "" : g.done ? "final" : "so far";
    body.appendChild(row([[data.names[id]], [g.grad], [status, g.done ? "done" : ""]],
                         id === s.input ? "now" : ""));
  });
  if (practising()) { ask(s, focus); }
  follow(stepIds(s));
}

/* A number as the page writes it (4 digits), and all its digits too where the 4 are too far off
   to type in an answer (more than 1e-9 relative, well inside the 1e-6 an answer may be off). */
function exactly(shown, exact) {
  var off = Math.abs(Number(shown) - exact) > 1e-9 * Math.abs(exact);
  return shown + (off ? " (more exactly " + String(exact) + ")" : "");
}

/* The practice panel for the current step: what to work out, the answer box, the verdict. */
function ask(s, focus) {
  var a = answers[k];
  text("upstream", s.upstream_name + " = " + exactly(s.upstream, number(s.upstream_exact)));
  box.value = a ? a.text : "";
  box.readOnly = !!a;
  byId("retry").hidden = !a;
  box.className = a ? (a.right ? "right" : "wrong") : "";
  byId("verdict").className = a ? box.className : "";
  text("verdict", a ? (a.right ? "right" : "wrong") : "");
  text("feedback", a && !a.right ? "you gave " + String(a.value) + "; the right value is " +
                                   exactly(s.answer_text, number(s.answer)) + ", by the rule:" : "");
  text("rule", a && !a.right ? s.working : "");
  text("message", "");
  text("next-hint", !a ? "Enter checks your answer" : k < n - 1 ? "Enter: next step" : "that was the last step");
  text("score", score());
  if (focus) { box.focus(); }
}

function score() {
  var right = 0, answered = 0;
  answers.forEach(function (a) { answered += 1; right += a.right ? 1 : 0; });
  if (answered === n) { return "final score: " + right + " / " + n; }
  if (k === n - 1 && answers[k]) {
    return "final score: " + right + " / " + answered + " (" + (n - answered) + " of " + n + " steps not answered)";
  }
  return "score: " + right + " / " + answered;
}

/* Check the answer in the box against the current step; an unreadable one is explained, not counted. */
function check() {
  var s = steps[k], value;
  try {
    value = readAnswer(box.value, vocabulary);
  } catch (error) {
    if (!error.answer) { throw error; }
    text("message", error.message + " \u2014 try again (this does not count)");
    return;
  }
  answers[k] = {text: box.value, value: value, right: isRight(value, number(s.answer), data.tolerance)};
  show(k, true);
}

/* Try the current step again: its answer is cleared and no longer counted. */
function retry() {
  delete answers[k];
  show(k, true);
}

/* Start practice over: every answer cleared, back to the first step. */
function reset() {
  answers = [];
  show(0, true);
}

function setPractice(on, focus) {
  panel.hidden = !on;
  document.body.classList.toggle("practising", on);
  show(k, focus);
}

function names() {
  var all = Object.keys(data.variables), shown = all.slice(0, 12).join(", ");
  if (!all.length) { return "Type a number or an expression such as 0.5*(1 - 0.25)."; }
  return "Names stand for their exact values: " + shown + (all.length > 12 ? ", \u2026" : "") +
         ". Use + - * / ** ( ) and " + Object.keys(data.functions).join(", ") + ".";
}

prev.addEventListener("click", function () { show(k - 1, true); });
next.addEventListener("click", function () { show(k + 1, true); });
toggle.addEventListener("change", function () { setPractice(toggle.checked, toggle.checked); });
byId("retry").addEventListener("click", retry);
byId("reset").addEventListener("click", reset);
box.addEventListener("keydown", function (e) {
  if (e.key === "Enter" && !e.isComposing) {
    e.preventDefault();
    if (!answers[k]) { check(); } else if (k < n - 1) { show(k + 1, true); }
  } else if (e.key === "Escape") {
    box.blur();  // so that the arrow keys move between steps again
  }
});
document.addEventListener("keydown", function (e) {
  if (e.target === box) { return; }  // typing: the arrow keys move the caret, not the steps
  if (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) { return; }  // Shift+arrows pan (view.js)
  var to = {ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: n - 1}[e.key];
  if (to !== undefined) { e.preventDefault(); show(to, false); }
});
text("names", names());
if (n === 0) {
  counter.textContent = "0 / 0";
  prev.disabled = next.disabled = toggle.disabled = true;
  text("sentence", data.empty);
}
startView();
setPractice(practising(), true);
