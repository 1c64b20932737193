/* Practice mode's reader of an answer: a number, or a small arithmetic expression.
 *
 * Why: the learner may type what they worked out (0.5) or how they worked it out
 * (1 - o**2), the graph's names standing for their exact values, as in the command
 * line's practice mode. The text is read here by a tokenizer and a recursive-descent
 * parser; nothing is ever handed to eval or Function (the page's Content-Security-Policy
 * forbids both anyway).
 *
 * The grammar, with Python's precedence (^ is a second spelling of **):
 *   sum     = product { ("+" | "-") product }
 *   product = unary { ("*" | "/") unary }
 *   unary   = ("-" | "+") unary | power
 *   power   = atom [ ("**" | "^") unary ]
 *   atom    = number | name | function "(" sum ")" | "(" sum ")"
 * and ·, × and − (copied from a formula) read as *, * and -.
 *
 * readAnswer(text, variables) gives the number, or throws an Error whose `answer` is true
 * and whose message says what is wrong; isRight(given, expected) checks it.
 */
var ANSWER_FUNCTIONS = {
  exp: function (x) { return Math.exp(x); },
  log: function (x) { return x > 0 ? Math.log(x) : fail("cannot work that out: log needs a number > 0"); },
  tanh: function (x) { return Math.tanh(x); },
  sigmoid: function (x) { return 1 / (1 + Math.exp(-x)); },
  relu: function (x) { return x > 0 ? x : 0; },
  sqrt: function (x) { return x >= 0 ? Math.sqrt(x) : fail("cannot work that out: sqrt needs a number >= 0"); },
  abs: function (x) { return Math.abs(x); }
};
var ANSWER_SPELLINGS = {"\u00b7": "*", "\u00d7": "*", "\u2212": "-", "^": "**"};
var ANSWER_TOKEN = new RegExp(
  "\\s*(?:((?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)|([\\p{ID_Start}_]\\p{ID_Continue}*)" +
  "|(\\*\\*|[-+*/^()\\u00b7\\u00d7\\u2212]))", "uy");
var RELATIVE_TOLERANCE = 1e-6, ABSOLUTE_TOLERANCE = 1e-12;

function fail(message) {
  var error = new Error(message);
  error.answer = true;
  throw error;
}

function notAnExpression(why) { fail("not a number or expression: " + why); }

/* The tokens of `text`: {kind: "number" | "name" | "op" | "end", text, at (1-based column)}. */
function answerTokens(text) {
  var tokens = [], at = 0, match;
  while (true) {
    ANSWER_TOKEN.lastIndex = at;
    match = ANSWER_TOKEN.exec(text);
    if (!match) {
      if (text.slice(at).trim() === "") { break; }
      var rest = text.slice(at).replace(/^\s+/, "");
      notAnExpression("\u201c" + Array.from(rest)[0] + "\u201d is not allowed (use numbers, names, " +
                      "+ - * / ** and parentheses)");
    }
    var start = at + match[0].length - (match[1] || match[2] || match[3]).length + 1;
    if (match[1] !== undefined) { tokens.push({kind: "number", text: match[1], at: start}); }
    else if (match[2] !== undefined) { tokens.push({kind: "name", text: match[2].normalize("NFKC"), at: start}); }
    else { tokens.push({kind: "op", text: ANSWER_SPELLINGS[match[3]] || match[3], at: start}); }
    at = ANSWER_TOKEN.lastIndex;
  }
  tokens.push({kind: "end", text: "", at: text.length + 1});
  return tokens;
}

function finite(x, why) { return isFinite(x) ? x : fail("cannot work that out: " + why); }

/* The value of `text`, with `variables` (NFKC-normalised name -> number) for its names. */
function readAnswer(text, variables) {
  if (!text.trim()) { fail("type a number or an expression first"); }
  var tokens = answerTokens(text), i = 0;
  function peek() { return tokens[i]; }
  function isOp(symbol) { return tokens[i].kind === "op" && tokens[i].text === symbol; }
  function describe(token) {
    return token.kind === "end" ? "the end" : "\u201c" + token.text + "\u201d at character " + token.at;
  }
  function sum() {
    var x = product();
    while (isOp("+") || isOp("-")) {
      var plus = tokens[i++].text === "+", y = product();
      x = finite(plus ? x + y : x - y, "the result is too large");
    }
    return x;
  }
  function product() {
    var x = unary();
    while (isOp("*") || isOp("/")) {
      var times = tokens[i++].text === "*", y = unary();
      if (!times && y === 0) { fail("cannot work that out: division by zero"); }
      x = finite(times ? x * y : x / y, "the result is too large");
    }
    return x;
  }
  function unary() {
    if (isOp("-")) { i++; return -unary(); }
    if (isOp("+")) { i++; return unary(); }
    return power();
  }
  function power() {
    var x = atom();
    if (!isOp("**")) { return x; }
    i++;
    var y = unary();
    if (x === 0 && y < 0) { fail("cannot work that out: 0 to a negative power"); }
    if (x < 0 && y !== Math.round(y)) { fail("cannot work that out: a negative number to a fractional power"); }
    return finite(Math.pow(x, y), "the result is too large");
  }
  function atom() {
    var token = tokens[i++];
    if (token.kind === "number") {
      return finite(Number(token.text), "\u201c" + token.text + "\u201d is not a finite number");
    }
    if (token.kind === "op" && token.text === "(") {
      var inside = sum();
      if (!isOp(")")) { notAnExpression("a \u201c)\u201d is missing before " + describe(peek())); }
      i++;
      return inside;
    }
    if (token.kind === "name") {
      if (Object.prototype.hasOwnProperty.call(ANSWER_FUNCTIONS, token.text)) {
        if (!isOp("(")) { notAnExpression(token.text + " is a function: call it as " + token.text + "(...)"); }
        i++;
        var argument = sum();
        if (!isOp(")")) { notAnExpression(token.text + "(...) takes one argument and a \u201c)\u201d"); }
        i++;
        return finite(ANSWER_FUNCTIONS[token.text](argument), token.text + " of that is too large");
      }
      if (Object.prototype.hasOwnProperty.call(variables, token.text)) { return variables[token.text]; }
      var known = Object.keys(variables);
      notAnExpression("unknown name \u201c" + token.text + "\u201d (" +
                      (known.length ? "the names you can use are " + known.join(", ") : "this graph has no names " +
                       "you can use") + ")");
    }
    notAnExpression(token.kind === "end" ? "it ends too early" : "unexpected " + describe(token));
  }
  var value = sum();
  if (peek().kind !== "end") {
    var before = tokens[i - 1], after = peek();
    if (after.kind !== "op" || after.text === "(") {
      notAnExpression("an operator is missing between \u201c" + before.text + "\u201d and \u201c" + after.text +
                      "\u201d (write * to multiply)");
    }
    notAnExpression("unexpected " + describe(after));
  }
  return value;
}

/* Whether `given` is within RELATIVE_TOLERANCE of `expected` (ABSOLUTE_TOLERANCE near 0),
   as Python's math.isclose checks it in the command line's practice mode. */
function isRight(given, expected) {
  if (given === expected) { return true; }
  var tolerance = Math.max(RELATIVE_TOLERANCE * Math.max(Math.abs(given), Math.abs(expected)), ABSOLUTE_TOLERANCE);
  return Math.abs(given - expected) <= tolerance;
}
