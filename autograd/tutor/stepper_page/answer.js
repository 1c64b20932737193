/* Practice mode's reader of an answer: a number, or a small arithmetic expression.
 *
 * Why: the learner may type what they worked out (0.5) or how they worked it out
 * (1 - o**2), the graph's names standing for their exact values, as in the command
 * line's practice mode. The text is read here by a tokenizer and a recursive-descent
 * parser; nothing is ever handed to eval or Function (the page's Content-Security-Policy
 * forbids both anyway).
 *
 * The grammar, with Python's precedence:
 *   sum     = product { ("+" | "-") product }
 *   product = unary { ("*" | "/") unary }
 *   unary   = ("-" | "+") unary | power
 *   power   = atom [ "**" unary ]
 *   atom    = number | name | function "(" sum ")" | "(" sum ")"
 * where a number is decimal (0.5, .5, 5e-1) and an operator may have another spelling
 * (^ for **, and ·, × and − copied from a formula).
 *
 * What an answer may use is not written here: the page's data brings it, from the one
 * definition that practice mode in Python reads by too (autograd/tutor/practice.py), so
 * both accept the same answers. readAnswer(text, vocabulary) gives the number, or throws an
 * Error whose `answer` is true and whose message says what is wrong; the vocabulary holds
 *   variables  the names an answer may use, each with its exact number,
 *   functions  the functions it may call, each with its number of arguments (the op table's),
 *   spellings  other spellings of operators ({"^": "**", ...}),
 *   depth      the deepest nesting an answer may have, and too_deep the message for a deeper one,
 *   length     the longest it may be (in characters, its spellings written out), and too_long
 *              the message for a longer one,
 *   spaces     the characters that may stand between its pieces (line breaks too at its ends),
 *   quote      the most characters of the answer a message quotes.
 * judgeAnswer(text, value, expected, vocabulary, rule) judges it by the one rule of
 * autograd/tutor/answers.py, whose numbers (rule) come with the page's data too.
 */

/* How the page works out a function of the op table. Where JavaScript's Math has the function
 * of the same name with the same meaning (exp, tanh, abs, ...: an op's forward is Python's
 * math function of its name) the page uses it; the functions below are those Math lacks or
 * whose domain the page checks. A test evaluates every function of the table here and in
 * Python, so a new op that the page cannot work out fails it. */
var ANSWER_OWN_FUNCTIONS = {
  log: function (x) { return x > 0 ? Math.log(x) : fail("cannot work that out: log needs a number > 0"); },
  sqrt: function (x) { return x >= 0 ? Math.sqrt(x) : fail("cannot work that out: sqrt needs a number >= 0"); },
  sigmoid: function (x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); },
  relu: function (x) { return x > 0 ? x : 0; },
  softplus: function (x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
};

function implementationOf(name) {
  if (Object.prototype.hasOwnProperty.call(ANSWER_OWN_FUNCTIONS, name)) { return ANSWER_OWN_FUNCTIONS[name]; }
  return Object.prototype.hasOwnProperty.call(Math, name) && typeof Math[name] === "function" ? Math[name] : null;
}

function escapeForPattern(text) { return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"); }

function spacesClass(spaces) { return "[" + spaces.replace(/[\\\]^-]/g, "\\$&") + "]"; }

/* `text` without the spaces and line breaks at its ends (as Python's expression.spelled_out); by index,
   not by a pattern, which would backtrack through a long run of spaces inside it. */
function trimAnswer(text, spaces) {
  var ends = spaces + "\r\n", start = 0, end = text.length;
  while (start < end && ends.indexOf(text[start]) >= 0) { start++; }
  while (end > start && ends.indexOf(text[end - 1]) >= 0) { end--; }
  return text.slice(start, end);
}

/* How long `text` is, as the limit counts it: in characters, each spelling written out. */
function answerLength(text, spellings) {
  var length = 0;
  for (var c of text) { length += Object.prototype.hasOwnProperty.call(spellings, c) ? spellings[c].length : 1; }
  return length;
}

/* The pattern of one token: a number, a name, or an operator (in any of its spellings). */
function answerTokenPattern(spellings, spaces) {
  var operators = ["**"].concat(Object.keys(spellings)).sort(function (a, b) { return b.length - a.length; });
  // a spelling is never part of a name (the middle dot is a letter to Unicode): Python reads it first
  var spelled = Object.keys(spellings).map(escapeForPattern).join("|") || "(?!)";
  return new RegExp(
    spacesClass(spaces) + "*(?:((?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)|([\\p{ID_Start}_](?:(?!" + spelled +
    ")\\p{ID_Continue})*)" +
    "|(" + operators.map(escapeForPattern).join("|") + "|[-+*/()]))", "uy");
}

function fail(message) {
  var error = new Error(message);
  error.answer = true;
  throw error;
}

function notAnExpression(why) { fail("not a number or expression: " + why); }

/* `text` quoted for a message: only its first `limit` characters, and its length, when longer
   (as Python's expression.quoted), so that a message about a huge answer stays short. */
function quote(text, limit) {
  var chars = Array.from(text);
  if (chars.length <= limit) { return "\u201c" + text + "\u201d"; }
  return "\u201c" + chars.slice(0, limit).join("") + "\u2026\u201d (" + chars.length + " characters)";
}

/* How deeply the tokens nest: the most parentheses, prefix signs and ** exponents open at one
   point, each until what it encloses ends, counted as Python's expression.nesting_depth counts
   them. The parser below recurses once per level, so a deeper answer is refused before it runs. */
function nestingDepth(tokens) {
  // openHere: per parenthesis open, the signs and exponents open inside it; signs keeps their
  // sum, so the count is linear in the tokens however deep they nest
  var openHere = [0], signs = 0, deepest = 0;
  function isOp(token, symbols) { return token.kind === "op" && symbols.indexOf(token.text) >= 0; }
  for (var i = 0; i < tokens.length && tokens[i].kind !== "end"; i++) {
    var t = tokens[i], before = i ? tokens[i - 1] : {kind: "op", text: "("}, after = tokens[i + 1];
    if (isOp(t, ["("])) {
      openHere.push(0);
    } else if (isOp(t, ["**"]) || (isOp(t, ["+", "-"]) && isOp(before, ["+", "-", "*", "/", "**", "("]))) {
      openHere[openHere.length - 1] += 1;
      signs += 1;
    } else {
      if (isOp(t, [")"]) && openHere.length > 1) { signs -= openHere.pop(); }
      if (!isOp(t, ["+", "-", "*", "/"]) && !isOp(after, ["**", "("])) {
        signs -= openHere[openHere.length - 1];
        openHere[openHere.length - 1] = 0;
      }
    }
    deepest = Math.max(deepest, openHere.length - 1 + signs);
  }
  return deepest;
}

/* The tokens of `text`: {kind: "number" | "name" | "op" | "end", text, at (1-based column)};
   an operator's text is its usual spelling. */
function answerTokens(text, spellings, spaces) {
  var tokens = [], at = 0, match, pattern = answerTokenPattern(spellings, spaces);
  while (true) {
    pattern.lastIndex = at;
    match = pattern.exec(text);
    if (!match) {
      var rest = trimAnswer(text.slice(at), spaces);
      if (rest === "") { break; }
      notAnExpression(quote(Array.from(rest)[0], 1) + " is not allowed (use numbers, names, " +
                      "+ - * / ** and parentheses)");
    }
    var start = at + match[0].length - (match[1] || match[2] || match[3]).length + 1;
    if (match[1] !== undefined) { tokens.push({kind: "number", text: match[1], at: start}); }
    else if (match[2] !== undefined) { tokens.push({kind: "name", text: match[2].normalize("NFKC"), at: start}); }
    else {
      var spelled = Object.prototype.hasOwnProperty.call(spellings, match[3]) ? spellings[match[3]] : match[3];
      if (/^\*\*\d+$/.test(spelled)) {  // a square as printed, o²: the power and its exponent
        tokens.push({kind: "op", text: "**", at: start}, {kind: "number", text: spelled.slice(2), at: start});
      } else {
        tokens.push({kind: "op", text: spelled, at: start});
      }
    }
    at = pattern.lastIndex;
  }
  tokens.push({kind: "end", text: "", at: text.length + 1});
  return tokens;
}

function finite(x, why) { return isFinite(x) ? x : fail("cannot work that out: " + why); }

/* The value of `text`, read with `vocabulary` (see the top of this file). */
function readAnswer(text, vocabulary) {
  text = trimAnswer(text, vocabulary.spaces);
  if (!text) { fail("type a number or an expression first"); }
  if (answerLength(text, vocabulary.spellings) > vocabulary.length) { fail(vocabulary.too_long); }
  var variables = vocabulary.variables, functions = vocabulary.functions;
  var tokens = answerTokens(text, vocabulary.spellings, vocabulary.spaces), i = 0, limit = vocabulary.quote;
  if (nestingDepth(tokens) > vocabulary.depth) { fail(vocabulary.too_deep); }
  function peek() { return tokens[i]; }
  function isOp(symbol) { return tokens[i].kind === "op" && tokens[i].text === symbol; }
  function describe(token) {
    return token.kind === "end" ? "the end" : quote(token.text, limit) + " at character " + token.at;
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
      if (/^0+[1-9]\d*$/.test(token.text)) {  // as Python: 007 is no number (but 007.0 and 00 are)
        notAnExpression("leading zeros in " + quote(token.text, limit) + " are not allowed");
      }
      return finite(Number(token.text), quote(token.text, limit) + " is not a finite number");
    }
    if (token.kind === "op" && token.text === "(") {
      var inside = sum();
      if (!isOp(")")) { notAnExpression("a \u201c)\u201d is missing before " + describe(peek())); }
      i++;
      return inside;
    }
    if (token.kind === "name") {
      if (Object.prototype.hasOwnProperty.call(functions, token.text)) { return call(token.text); }
      if (Object.prototype.hasOwnProperty.call(variables, token.text)) { return variables[token.text]; }
      var known = Object.keys(variables);
      notAnExpression("unknown name " + quote(token.text, limit) + " (" +
                      (known.length ? "the names you can use are " + known.join(", ") : "this graph has no names " +
                       "you can use") + ")");
    }
    notAnExpression(token.kind === "end" ? "it ends too early" : "unexpected " + describe(token));
  }
  function call(name) {
    var f = implementationOf(name);
    if (!isOp("(")) { notAnExpression(name + " is a function: call it as " + name + "(...)"); }
    if (functions[name] !== 1 || !f) { fail("cannot work that out: this page cannot compute " + name + "()"); }
    i++;
    var argument = sum();
    if (!isOp(")")) { notAnExpression(name + "(...) takes one argument and a \u201c)\u201d"); }
    i++;
    var result = f(argument);
    return isNaN(result) ? fail("cannot work that out: " + name + " is not defined there")
                         : finite(result, name + " of that is too large");
  }
  var value = sum();
  if (peek().kind !== "end") {
    var before = tokens[i - 1], after = peek();
    if (after.kind !== "op" || after.text === "(") {
      notAnExpression("an operator is missing between " + quote(before.text, limit) + " and " +
                      quote(after.text, limit) + " (write * to multiply)");
    }
    notAnExpression("unexpected " + describe(after));
  }
  return value;
}

/* Whether `value` is the exact `expected` but for rounding (as Python's math.isclose with the rule's
   relative and absolute tolerances); never for an infinity or NaN. */
function isExact(value, expected, rule) {
  if (!isFinite(value) || !isFinite(expected)) { return false; }
  var within = Math.max(rule.relative * Math.max(Math.abs(value), Math.abs(expected)), rule.absolute);
  return Math.abs(value - expected) <= within;
}

/* For an answer that is a plain decimal number: [its significant digits, the power of ten of its
   last digit]; null otherwise (as Python's answers.digits_typed). */
function digitsTyped(text, vocabulary) {
  var spelled = "";
  for (var c of text) { spelled += Object.prototype.hasOwnProperty.call(vocabulary.spellings, c) ? vocabulary.spellings[c] : c; }
  var space = spacesClass(vocabulary.spaces);
  var match = new RegExp("^[+-]?" + space + "*(?=\\d|\\.\\d)(\\d*)\\.?(\\d*)(?:[eE]([+-]?\\d+))?$")
    .exec(trimAnswer(spelled, vocabulary.spaces));
  if (!match) { return null; }
  var digits = (match[1] + match[2]).replace(/^0+/, "");
  return [digits.length, Number(match[3] || 0) - match[2].length];
}

/* The verdict on an answer by the one rule (autograd/tutor/answers.py): {right, counted, message}.
   `text` as typed, `value` what it reads as, `expected` the exact value, `rule` the rule's numbers
   {digits, relative, absolute, close}. A number is right when it agrees with the exact value to
   the digits typed, with at least rule.digits of them where the exact value has more; an
   expression is exact. An answer neither right nor wrong (too few digits, an expression close
   but not exact) is not counted but asked again, with a message. */
function judgeAnswer(text, value, expected, vocabulary, rule) {
  if (!isFinite(value) || !isFinite(expected)) { return {right: false, counted: true, message: ""}; }
  if (isExact(value, expected, rule)) { return {right: true, counted: true, message: ""}; }
  var typed = digitsTyped(text, vocabulary);
  if (typed === null) {
    if (Math.abs(value - expected) <= rule.close * Math.max(Math.abs(value), Math.abs(expected))) {
      return {right: false, counted: false, message: "close, but an expression must be exact: write the " +
              "graph's names for their exact values, or type the number"};
    }
    return {right: false, counted: true, message: ""};
  }
  var half = 0.5 * Math.pow(10, typed[1]);
  if (Math.abs(value - expected) > half * (1 + 1e-9) + 1e-15 * Math.abs(expected)) {
    return {right: false, counted: true, message: ""};
  }
  if (typed[0] >= rule.digits) { return {right: true, counted: true, message: ""}; }
  return {right: false, counted: false,
          message: "right to " + typed[0] + (typed[0] === 1 ? " digit" : " digits") + ": give " + rule.digits};
}

/* `given` and `expected` written with 4 significant digits, or more until they differ (as Python's
   answers.distinct): a wrong answer is never shown as the same number as the right one. */
function distinctNumbers(given, expected) {
  function written(x, digits) {
    var text = x === 0 ? "0" : String(Number(x.toPrecision(digits)));
    return /^-?\d+$/.test(text) ? text + ".0" : text;
  }
  for (var digits = 4; digits < 18; digits++) {
    var a = written(given, digits), b = written(expected, digits);
    if (a !== b) { return [a, b]; }
  }
  return [String(given), String(expected)];
}
