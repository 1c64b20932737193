/* The stepper page's view of its graph, for a screen or a projector: zoom, pan, fit,
 * fullscreen and larger text.
 *
 * The graph (Graphviz's SVG) sits in a window of its own (#graph) at its natural size, moved
 * and scaled by one CSS transform. The first view shows the whole graph if its text reads at
 * that size, and otherwise shows it at a readable size (READABLE times natural: 13 px text) around the
 * current step; after that the view changes only when asked (the buttons, the keys + - 0 and
 * Shift+arrows, dragging, the wheel) or when a frame's step lies outside it (follow): the
 * graph keeps its place from frame to frame. F toggles fullscreen, T larger text.
 */
var viewport = byId("graph"), picture = viewport.querySelector("svg");
var ZOOM = 1.25, PAN = 120, MOST = 4, LEAST = 0.05, READABLE = 0.9, LARGER = 1.3, MARGIN = 16;
var view = {scale: 1, x: 0, y: 0};
var natural = {width: 1, height: 1};

if (picture) {
  // Graphviz sizes the picture in points; the view works in CSS pixels (4/3 of a point)
  var box = picture.viewBox.baseVal;
  natural = {width: box.width * 4 / 3, height: box.height * 4 / 3};
  picture.setAttribute("width", String(natural.width));
  picture.setAttribute("height", String(natural.height));
}

function place() {
  if (picture) { picture.style.transform = "translate(" + view.x + "px, " + view.y + "px) scale(" + view.scale + ")"; }
}

/* The scale at which a box of `width` × `height` (the whole graph's by default) fits the window. */
function fitScale(width, height) {
  return Math.min((viewport.clientWidth - 2 * MARGIN) / (width || natural.width),
                  (viewport.clientHeight - 2 * MARGIN) / (height || natural.height));
}

/* Scale the view to `scale`, keeping the window's point (x, y) (its centre by default) where it is. */
function zoomTo(scale, x, y) {
  scale = Math.max(LEAST, Math.min(MOST, scale));
  x = x === undefined ? viewport.clientWidth / 2 : x;
  y = y === undefined ? viewport.clientHeight / 2 : y;
  view.x = x - (x - view.x) * scale / view.scale;
  view.y = y - (y - view.y) * scale / view.scale;
  view.scale = scale;
  place();
}

function panBy(dx, dy) { view.x += dx; view.y += dy; place(); }

/* The graph at `scale`, centred in the window. */
function centreAt(scale) {
  view.scale = Math.max(LEAST, Math.min(MOST, scale));
  view.x = (viewport.clientWidth - natural.width * view.scale) / 2;
  view.y = (viewport.clientHeight - natural.height * view.scale) / 2;
  place();
}

function fit() { centreAt(fitScale()); }

/* The first view (and the one after the window changes size): the whole graph where it reads,
   else a readable part of it around the current step. */
function startView() {
  var readable = READABLE * (document.body.classList.contains("large") ? LARGER : 1);
  centreAt(Math.max(fitScale(), readable));
  followStep();
}

/* Move the view so that the elements `ids` (a step's) are in it, if any of them is outside; zoom
   out as well if they are too far apart for the window at this scale. */
function follow(ids) {
  var frame = viewport.getBoundingClientRect(), left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  ids.forEach(function (id) {
    var e = byId(id);
    if (!e) { return; }
    var r = e.getBoundingClientRect();
    left = Math.min(left, r.left); top = Math.min(top, r.top);
    right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
  });
  if (left === Infinity) { return; }
  var inside = left >= frame.left + MARGIN / 2 && right <= frame.right - MARGIN / 2 &&
               top >= frame.top + MARGIN / 2 && bottom <= frame.bottom - MARGIN / 2;
  if (inside) { return; }
  panBy(frame.left + frame.width / 2 - (left + right) / 2, frame.top + frame.height / 2 - (top + bottom) / 2);
  var shrink = fitScale(right - left, bottom - top);
  if (shrink < 1) { zoomTo(view.scale * shrink); }
}

/* Fullscreen, where the browser allows it (an iframe needs allowfullscreen; the button hides otherwise). */
function toggleFullscreen() {
  if (!document.fullscreenEnabled) { return; }
  var asked = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
  if (asked && asked.catch) { asked.catch(function () {}); }  // refused (no user gesture): nothing changes
}

function toggleLargerText() {
  var on = document.body.classList.toggle("large");
  byId("larger-text").setAttribute("aria-pressed", on ? "true" : "false");
  startView();
}

var VIEW_BUTTONS = {
  "zoom-in": function () { zoomTo(view.scale * ZOOM); },
  "zoom-out": function () { zoomTo(view.scale / ZOOM); },
  "fit": fit,
  "pan-left": function () { panBy(PAN, 0); },
  "pan-right": function () { panBy(-PAN, 0); },
  "pan-up": function () { panBy(0, PAN); },
  "pan-down": function () { panBy(0, -PAN); },
  "fullscreen": toggleFullscreen,
  "larger-text": toggleLargerText
};
Object.keys(VIEW_BUTTONS).forEach(function (id) { byId(id).addEventListener("click", VIEW_BUTTONS[id]); });

var VIEW_KEYS = {"+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "_": "zoom-out", "0": "fit",
                 "f": "fullscreen", "F": "fullscreen", "t": "larger-text", "T": "larger-text"};
var PAN_KEYS = {ArrowLeft: "pan-left", ArrowRight: "pan-right", ArrowUp: "pan-up", ArrowDown: "pan-down"};
document.addEventListener("keydown", function (e) {
  var tag = e.target && e.target.tagName;
  if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) { return; }
  var action = e.shiftKey && PAN_KEYS[e.key] ? PAN_KEYS[e.key] : VIEW_KEYS[e.key];
  if (action) { e.preventDefault(); VIEW_BUTTONS[action](); }
});

/* Dragging pans; the wheel zooms around the pointer. */
var drag = null;
viewport.addEventListener("pointerdown", function (e) {
  if (e.button !== 0 || e.target.closest("button")) { return; }
  drag = {x: e.clientX, y: e.clientY};
  viewport.setPointerCapture(e.pointerId);
  viewport.classList.add("dragging");
});
viewport.addEventListener("pointermove", function (e) {
  if (!drag) { return; }
  panBy(e.clientX - drag.x, e.clientY - drag.y);
  drag = {x: e.clientX, y: e.clientY};
});
function endDrag() { drag = null; viewport.classList.remove("dragging"); }
viewport.addEventListener("pointerup", endDrag);
viewport.addEventListener("pointercancel", endDrag);
viewport.addEventListener("wheel", function (e) {
  e.preventDefault();
  var frame = viewport.getBoundingClientRect();
  zoomTo(view.scale * (e.deltaY < 0 ? ZOOM : 1 / ZOOM), e.clientX - frame.left, e.clientY - frame.top);
}, {passive: false});

document.addEventListener("fullscreenchange", function () {
  byId("fullscreen").textContent = document.fullscreenElement ? "Leave fullscreen" : "Fullscreen";
  startView();
});
window.addEventListener("resize", startView);
byId("fullscreen").hidden = !document.fullscreenEnabled;
