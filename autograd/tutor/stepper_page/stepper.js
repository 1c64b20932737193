/* The stepper page's frames, and practice mode.
 *
 * Each frame is one chain-rule step of the page's data (the JSON in #stepper-data): it
 * highlights the step's edge and nodes with CSS classes, writes the gradients known so far
 * into the graph's nodes and the side table, and shows the step's formula. Prev/Next and
 * the arrow keys move between frames.
 *
 * Practice mode (the "Practice" switch) lets the learner do the chain rule. Its selector
 * chooses what is asked: each step (the frames themselves: each shows its question without
 * numbers, the upstream gradient and an input box), the total gradient of each reused Value,
 * or each leaf's final gradient (each shown on the frame of the last step its Value
 * receives). What is asked stays "?" until the learner's answer (read by readAnswer and
 * judged by judgeAnswer, in answer.js, by the rule the command line uses) is checked. A wrong
 * answer is shown with the right value and the rule, and the classic mistake it equals, if
 * any, is named; a running score counts them. Retry clears a checked answer so it can be
 * tried again; Reset clears them all, of every kind.
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
var kind = "steps", q = 0;  // what practice asks, and the question shown
var answered = {};  // answered[kind][i] = {text, value, right, mistake} once question i of kind is checked
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
/* Write `shown` as the number in Value `id`'s box (its text before the gradient's), or put its own back. */
function paintData(id, shown) {
  var g = byId(id), texts = g ? g.getElementsByTagName("text") : [];
  if (texts.length < 2) { return; }
  var t = texts[texts.length - 2];
  if (t.dataset.own === undefined) { t.dataset.own = t.textContent; }
  t.textContent = shown === null ? t.dataset.own : "data " + shown;
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

/* The questions of a kind: for "steps" the frames themselves. */
function questionsOf(which) {
  if (which !== "steps") { return data.questions[which]; }
  return steps.map(function (s, i) {
    return {frame: i, value: s.input, question: s.question, answer: s.answer, answer_text: s.answer_text,
            working: s.working, mistakes: s.mistakes, context: []};
  });
}
var asked = {};
Object.keys(data.kinds).forEach(function (which) { asked[which] = questionsOf(which); answered[which] = []; });
function questionCount() { return asked[kind].length; }
function asking() { return practising() && questionCount() > 0; }

/* Whether practice asks step j and it is not answered yet (its frame then shows its question). */
function stepAsked(j) { return asking() && kind === "steps" && !answered.steps[j]; }

/* What frame j shows: each Value reached so far (in `order`) with its gradient, colour and status;
   "?" where practice asks it and it is not answered yet. */
function frameAt(j) {
  var known = {}, order = [data.root], open = {}, i;
  if (asking() && kind !== "steps") {
    asked[kind].forEach(function (question, m) { if (!answered[kind][m]) { open[question.value] = true; } });
  }
  known[data.root] = {grad: data.seed_grad, color: data.seed_color, done: true};
  for (i = 0; i <= j; i++) {
    var t = steps[i];
    if (!(t.input in known)) { order.push(t.input); }
    known[t.input] = stepAsked(i) || open[t.input] ? {grad: "?", color: data.white, done: false, open: true}
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

/* The forward pass asked: the graph before backward (every gradient 0), the numbers of the nodes
   not yet answered hidden, the node asked and its inputs marked. */
function showForward(focus) {
  var question = asked.forward[q], open = {}, count = questionCount();
  asked.forward.forEach(function (f, j) { open[f.value] = !answered.forward[j]; });
  data.values.forEach(function (id) { paint(viewport, id, data.zero, data.white); paintData(id, open[id] ? "?" : null); });
  setClass(viewport, [], "current");
  setClass(viewport, question.inputs, "source");
  setClass(viewport, [question.value], "target");
  counter.textContent = (q + 1) + " / " + count;
  prev.disabled = q === 0;
  next.disabled = q === count - 1;
  text("formula", answered.forward[q] ? question.working : question.question);
  text("sentence", "");
  var body = byId("grads");
  while (body.firstChild) { body.removeChild(body.firstChild); }
  ask(steps[0], question, focus);
  follow([question.value].concat(question.inputs));
}

/* Show frame j, or in practice mode question j (on its frame); `focus` puts the keyboard in the answer box. */
function show(j, focus) {
  if (n === 0) { return; }
  var count = asking() ? questionCount() : n;
  j = Math.max(0, Math.min(count - 1, j));
  if (asking()) { q = j; k = asked[kind][q].frame; } else { k = j; }
  if (asking() && kind === "forward") { showForward(focus); return; }
  data.values.forEach(function (id) { paintData(id, null); });
  var s = steps[k], grads = drawFrame(k, viewport), known = grads.known, question = asking() ? asked[kind][q] : null;
  var hidden = question && !answered[kind][q];
  counter.textContent = (j + 1) + " / " + count;
  prev.disabled = j === 0;
  next.disabled = j === count - 1;
  text("formula", hidden ? question.question : s.formula);
  text("sentence", hidden && kind !== "steps" ? "" : s.sentence);
  var body = byId("grads");
  while (body.firstChild) { body.removeChild(body.firstChild); }
  grads.order.forEach(function (id) {
    var g = known[id], status = g.open ? "" : g.done ? "final" : "so far";
    body.appendChild(row([[data.names[id]], [g.grad], [status, g.done ? "done" : ""]],
                         id === (question ? question.value : s.input) ? "now" : ""));
  });
  if (practising()) { ask(s, question, focus); }
  follow(stepIds(s));
}

/* A number as the page writes it (4 digits), and all its digits too where the 4 are too far off
   to type in an answer (more than 1e-9 relative, the rule's own closeness for an exact value). */
function exactly(shown, exact) {
  var off = Math.abs(Number(shown) - exact) > 1e-9 * Math.abs(exact);
  return shown + (off ? " (more exactly " + String(exact) + ")" : "");
}

/* The practice panel for the current question: what to work out, the answer box, the verdict. */
function ask(s, question, focus) {
  text("nothing", question ? "" : "nothing to ask of this kind here: the frames show the steps");
  byId("upstream-line").hidden = !question || kind !== "steps";
  text("upstream", s.upstream_name + " = " + exactly(s.upstream, number(s.upstream_exact)));
  text("context", question && kind !== "steps" ? question.context.join("; ") : "");
  text("answer-label", "your answer (" + data.kinds[kind] + "):");
  var a = question ? answered[kind][q] : null, last = q === questionCount() - 1;
  box.hidden = !question;
  box.value = a ? a.text : "";
  box.readOnly = !!a;
  byId("retry").hidden = !a;
  box.className = a ? (a.right ? "right" : "wrong") : "";
  byId("verdict").className = a ? box.className : "";
  text("verdict", a ? (a.right ? "right" : "wrong") : "");
  var shown = a && !a.right ? distinctNumbers(a.value, number(question.answer)) : null;
  text("feedback", shown ? "you gave " + shown[0] + "; the right value is " + shown[1] + ", by the rule:" : "");
  text("rule", shown ? question.working : "");
  text("mistake", shown ? a.mistake : "");
  text("message", "");
  text("next-hint", !question ? "" : !a ? "Enter checks your answer" : !last ? "Enter: next question" :
                    "that was the last question");
  text("score", question ? score() : "");
  if (focus && question) { box.focus(); }
}

function score() {
  var right = 0, count = 0, total = questionCount(), noun = kind === "steps" ? " steps" : " questions";
  answered[kind].forEach(function (a) { count += 1; right += a.right ? 1 : 0; });
  if (count === total) { return "final score: " + right + " / " + total; }
  if (q === total - 1 && answered[kind][q]) {
    return "final score: " + right + " / " + count + " (" + (total - count) + " of " + total + noun + " not answered)";
  }
  return "score: " + right + " / " + count;
}

/* Check the answer in the box against the current question; an unreadable one, or one with too
   few digits, is explained, not counted. */
function check() {
  var question = asked[kind][q], expected = number(question.answer), value;
  try {
    value = readAnswer(box.value, kind === "forward" ? forwardVocabulary() : vocabulary);
  } catch (error) {
    if (!error.answer) { throw error; }
    text("message", error.message + " \u2014 try again (this does not count)");
    return;
  }
  var verdict = judgeAnswer(box.value, value, expected, vocabulary, data.rule);
  if (!verdict.counted) {
    text("message", verdict.message + " \u2014 try again (this does not count)");
    return;
  }
  var mistake = question.mistakes.filter(function (m) {
    return judgeAnswer(box.value, value, number(m[0]), vocabulary, data.rule).right;
  })[0];
  answered[kind][q] = {text: box.value, value: value, right: verdict.right, mistake: mistake ? mistake[1] : ""};
  show(q, true);
}

/* The vocabulary of a forward answer: a node's name stands for its number once it is answered. */
function forwardVocabulary() {
  var known = Object.create(null);
  Object.keys(variables).forEach(function (name) { known[name] = variables[name]; });
  asked.forward.forEach(function (f, j) { if (!answered.forward[j]) { delete known[f.name]; } });
  return Object.assign({}, vocabulary, {variables: known});
}

/* Try the current question again: its answer is cleared and no longer counted. */
function retry() {
  delete answered[kind][q];
  show(q, true);
}

/* Start practice over: every answer of every kind cleared, back to the first question. */
function reset() {
  Object.keys(answered).forEach(function (which) { answered[which] = []; });
  show(0, true);
}

function setPractice(on, focus) {
  panel.hidden = !on;
  document.body.classList.toggle("practising", on);
  show(on && asking() ? q : k, focus);
}

function names() {
  var all = Object.keys(data.variables), shown = all.slice(0, 12).join(", ");
  if (!all.length) { return "Type a number or an expression such as 0.5*(1 - 0.25)."; }
  return "Names stand for their exact values: " + shown + (all.length > 12 ? ", \u2026" : "") +
         ". Use + - * / ** ( ) and " + Object.keys(data.functions).join(", ") + ".";
}

function current() { return asking() ? q : k; }
prev.addEventListener("click", function () { show(current() - 1, true); });
next.addEventListener("click", function () { show(current() + 1, true); });
toggle.addEventListener("change", function () { setPractice(toggle.checked, toggle.checked); });
var chooser = byId("ask");
Object.keys(data.kinds).forEach(function (which) {
  var option = document.createElement("option");
  option.value = which;
  option.textContent = which + ": " + data.kinds[which];
  chooser.appendChild(option);
});
chooser.addEventListener("change", function () { kind = chooser.value; q = 0; show(0, true); });
byId("retry").addEventListener("click", retry);
byId("reset").addEventListener("click", reset);
box.addEventListener("keydown", function (e) {
  if (e.key === "Enter" && !e.isComposing) {
    e.preventDefault();
    if (!answered[kind][q]) { check(); } else if (q < questionCount() - 1) { show(q + 1, true); }
  } else if (e.key === "Escape") {
    box.blur();  // so that the arrow keys move between steps again
  }
});
document.addEventListener("keydown", function (e) {
  if (e.target === box || e.target === chooser) { return; }  // typing: the arrow keys move the caret
  if (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) { return; }  // Shift+arrows pan (view.js)
  var last = (asking() ? questionCount() : n) - 1;
  var to = {ArrowRight: current() + 1, ArrowLeft: current() - 1, Home: 0, End: last}[e.key];
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
