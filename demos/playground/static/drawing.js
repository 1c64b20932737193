// The playground's pictures, drawn from the numbers the server sends: the decision boundary
// (a canvas), the points, the loss curves and the network (SVG). Text goes in with
// textContent only; every attribute set here is a number or a fixed word.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const ORANGE = [245, 147, 34], BLUE = [8, 119, 189], WHITE = [255, 255, 255];

function svgElement(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.appendChild(element);
  return element;
}

// a value from -1 (orange) through 0 (white) to 1 (blue), as [r, g, b]
function colour(v) {
  const t = Math.max(-1, Math.min(1, Number(v) || 0));
  const end = t < 0 ? ORANGE : BLUE;
  return WHITE.map((w, i) => Math.round(w + (end[i] - w) * Math.abs(t)));
}

function paint(canvas, values, n, scale) {
  canvas.width = n;
  canvas.height = n;
  const context = canvas.getContext("2d");
  const image = context.createImageData(n, n);
  values.forEach((v, i) => {
    const [r, g, b] = colour(scale(v));
    image.data.set([r, g, b, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
}

// the output's probability of class 1, drawn over the plane
function drawBoundary(canvas, probabilities) {
  paint(canvas, probabilities, Math.round(Math.sqrt(probabilities.length)), (p) => 2 * p - 1);
}

function drawPoints(svg, box, points, open) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `${box[0]} ${-box[3]} ${box[1] - box[0]} ${box[3] - box[2]}`);
  const radius = (box[1] - box[0]) / 85;
  for (const split of ["train", "test"]) {
    points[split].forEach(([x, y, label], index) => {
      const dot = svgElement("circle", {cx: x, cy: -y, r: radius, class: split,
        fill: label === 1 ? "rgb(8,119,189)" : "rgb(245,147,34)",
        "data-split": split, "data-index": index}, svg);
      svgElement("title", {}, dot).textContent =
        `${split} point ${index}: x1 = ${x.toFixed(3)}, x2 = ${y.toFixed(3)}, class ${label}`;
      dot.addEventListener("click", () => open(split, index, x, y, label));
    });
  }
}

function drawCurve(svg, curve) {
  svg.replaceChildren();
  const top = Math.max(...curve.train, ...curve.test, 1e-9);
  const last = Math.max(curve.epochs[curve.epochs.length - 1], 1);
  for (const name of ["train", "test"]) {
    const points = curve[name].map((v, i) =>
      `${(300 * curve.epochs[i] / last).toFixed(2)},${(60 - 58 * Math.min(v, top) / top).toFixed(2)}`);
    svgElement("polyline", {points: points.join(" "), class: name}, svg);
  }
}

function neuronImage(values) {
  const canvas = document.createElement("canvas");
  paint(canvas, values, Math.round(Math.sqrt(values.length)), (v) => v);
  return canvas.toDataURL();
}

const TOP = 40;

// columns of neurons (inputs, hidden layers, output) as boxes of one size, which shrinks so
// that the tallest column (8 neurons) fits; each edge runs from a neuron to the next column
function layout(sizes, width, height) {
  const pitch = Math.min(50, (height - TOP - 4) / Math.max(...sizes));
  const node = Math.round(pitch * 0.76);
  const columns = sizes.map((n, l) => {
    const x = 20 + (width - 40 - node) * l / Math.max(sizes.length - 1, 1);
    const top = TOP + (height - TOP - n * pitch) / 2;
    return Array.from({length: n}, (_, j) => ({x, y: top + j * pitch}));
  });
  return {columns, node};
}

function drawEdges(svg, {columns, node}, weights, choose) {
  weights.forEach((layer, l) => layer.forEach((row, j) => row.forEach((w, i) => {
    const a = columns[l][i], b = columns[l + 1][j];
    const [r, g, bl] = colour(w > 0 ? 1 : -1);
    const x1 = a.x + node, y1 = a.y + node / 2, x2 = b.x, y2 = b.y + node / 2, mid = (x1 + x2) / 2;
    const edge = svgElement("path", {d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
      class: "edge", stroke: `rgb(${r},${g},${bl})`, "stroke-width": Math.min(0.5 + 2 * Math.abs(w), 8),
      "stroke-opacity": 0.8, "data-layer": l, "data-to": j, "data-from": i}, svg);
    svgElement("title", {}, edge).textContent = `weight ${w}`;
    edge.addEventListener("click", () => choose({kind: "edge", layer: l, to: j, from: i}));
  })));
}

function drawNeurons(svg, {columns, node}, neurons, choose) {
  columns.forEach((column, l) => column.forEach((p, j) => {
    const group = svgElement("g", {class: "neuron", "data-layer": l, "data-index": j}, svg);
    svgElement("image", {x: p.x, y: p.y, width: node, height: node, href: neuronImage(neurons[l][j]),
      preserveAspectRatio: "none"}, group);
    svgElement("rect", {x: p.x, y: p.y, width: node, height: node, class: "frame"}, group);
    if (l === 0) svgElement("text", {x: p.x - 16, y: p.y + node / 2 + 4}, svg).textContent = `x${j + 1}`;
    group.addEventListener("click", () => choose({kind: "neuron", layer: l, index: j}));
  }));
}

function sizeButton(svg, x, y, text, act) {
  const group = svgElement("g", {class: "size"}, svg);
  svgElement("rect", {x, y, width: 16, height: 16, rx: 3}, group);
  svgElement("text", {x: x + 4, y: y + 13}, group).textContent = text;
  group.addEventListener("click", act);
}

// the whole network: pictures in the neurons, edges by weight, +/- for each hidden layer's size
function drawNetwork(svg, state, choose, resize) {
  svg.replaceChildren();
  const width = svg.clientWidth || 420, height = svg.clientHeight || 330;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const sizes = state.neurons.map((column) => column.length);
  const places = layout(sizes, width, height);
  drawEdges(svg, places, state.weights, choose);
  drawNeurons(svg, places, state.neurons, choose);
  const columns = places.columns;
  columns.slice(1, -1).forEach((column, l) => {
    const x = column[0].x;
    sizeButton(svg, x, 2, "+", () => resize(l, 1));
    sizeButton(svg, x + 20, 2, "\u2212", () => resize(l, -1));
    svgElement("text", {x, y: 32}, svg).textContent = `${sizes[l + 1]} neuron${sizes[l + 1] === 1 ? "" : "s"}`;
  });
  svgElement("text", {x: columns[columns.length - 1][0].x - 4, y: 32}, svg).textContent = "output";
}

window.drawing = {drawBoundary, drawPoints, drawCurve, drawNetwork};
