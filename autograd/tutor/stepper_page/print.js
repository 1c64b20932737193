/* The stepper page on paper: a handout without buttons (the print rules of stepper.css).
 *
 * Ctrl+P, or Print with "this step", prints the page as it is: the current step, its graph and
 * the gradients known so far, on one page. "every step, one a page" prints each step the way its
 * frame shows it, one to a page; "the graph and the table of steps" prints the graph with every
 * gradient and then every step's formula in one table. In practice mode the handout asks: the
 * steps show their questions, and the gradients not yet answered are "?".
 * The pages for a handout are made in #handout just before printing and removed after.
 */
var handout = byId("handout");

function clearHandout() {
  while (handout.firstChild) { handout.removeChild(handout.firstChild); }
  delete document.body.dataset.print;
}

function element(tag, text, className) {
  var e = document.createElement(tag);
  if (text !== undefined) { e.textContent = text; }
  if (className) { e.className = className; }
  return e;
}

/* A copy of the graph with frame j drawn into it (without its highlights when `plain`). */
function graphAt(j, plain) {
  var copy = picture.cloneNode(true);
  copy.removeAttribute("style");
  drawFrame(j, copy);
  if (plain) { ["current", "source", "target"].forEach(function (name) { setClass(copy, [], name); }); }
  return copy;
}

function stepText(j) { return stepAsked(j) ? steps[j].question : steps[j].formula; }

function everyStep() {
  steps.forEach(function (s, j) {
    var page = element("section", undefined, "page");
    page.appendChild(element("h2", "step " + (j + 1) + " of " + n + ": " + byId("title").textContent));
    page.appendChild(element("p", stepText(j), "formula"));
    page.appendChild(element("p", s.sentence));
    page.appendChild(graphAt(j, false));
    handout.appendChild(page);
  });
}

function tableOfSteps() {
  var page = element("section", undefined, "page"), table = element("table", undefined, "steps"), i;
  page.appendChild(element("h2", "backward, step by step, from " + byId("title").textContent));
  page.appendChild(graphAt(n - 1, true));
  for (i = 0; i < n; i++) {
    var tr = element("tr");
    tr.appendChild(element("td", String(i + 1)));
    tr.appendChild(element("td", stepText(i), "formula"));
    table.appendChild(tr);
  }
  page.appendChild(table);
  handout.appendChild(page);
}

/* Print what the select asks for. */
function printAs(what) {
  clearHandout();
  if (what === "steps" && n > 0) { everyStep(); }
  if (what === "table" && n > 0) { tableOfSteps(); }
  if (handout.firstChild) { document.body.dataset.print = what; }
  window.print();
}

byId("print").addEventListener("click", function () { printAs(byId("print-what").value); });
window.addEventListener("afterprint", clearHandout);
