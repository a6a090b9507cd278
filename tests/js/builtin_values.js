// What Alexa's NLU does to built-in slot values and virtual-alexa 0.7.8 does not.
//
// virtual-alexa sends the words it matched ("two minutes", "five") as the slot value.
// A real device resolves AMAZON.DURATION to ISO 8601 ("PT2M") and AMAZON.NUMBER to
// digits ("5"). The dialog runner applies these conversions to the slots virtual-alexa
// matched, and reports both the words heard and the value sent, so the tests see the
// same request a device would send for the phrases our model uses.
"use strict";

const UNITS = {
  zero: 0, one: 1, a: 1, an: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

// "five", "twenty five", "a hundred", "one hundred and twenty", "90" -> number, or null.
function wordsToNumber(text) {
  const words = String(text).toLowerCase().replace(/-/g, " ").split(/\s+/).filter((w) => w && w !== "and");
  if (!words.length) return null;
  if (words.length === 1 && /^\d+(\.\d+)?$/.test(words[0])) return Number(words[0]);
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of words) {
    if (/^\d+$/.test(word)) { current += Number(word); seen = true; }
    else if (word in UNITS) { current += UNITS[word]; seen = true; }
    else if (word in TENS) { current += TENS[word]; seen = true; }
    else if (word === "hundred") { current = (current || 1) * 100; seen = true; }
    else if (word === "thousand") { total += (current || 1) * 1000; current = 0; seen = true; }
    else return null;
  }
  return seen ? total + current : null;
}

const DURATION_UNITS = [
  [/^(seconds?|secs?)$/, "S"],
  [/^(minutes?|mins?)$/, "M"],
  [/^(hours?|hrs?)$/, "H"],
];

// "two minutes", "a minute and a half", "one and a half minutes", "ninety seconds",
// "an hour", "two minutes and thirty seconds", "half an hour" -> "PT2M", "PT1M30S", ... or null.
function durationToISO(text) {
  let phrase = String(text).toLowerCase().trim();
  phrase = phrase.replace(/^(about|around|roughly|just|only)\s+/, "");
  if (/^half (an?|one) (hour|minute)$/.test(phrase)) {
    phrase = phrase.replace(/^half (an?|one) /, "0.5 ");
  }
  const parts = { H: 0, M: 0, S: 0 };
  let matched = false;
  // split on units: "<number words> <unit> [and a half] [and] ..."
  const tokens = phrase.split(/\s+/);
  let buffer = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const unit = DURATION_UNITS.find(([re]) => re.test(token));
    if (!unit) { buffer.push(token); continue; }
    let words = buffer.filter((w) => w !== "and");
    let half = false;
    if (words.length >= 2 && words.slice(-2).join(" ") === "a half") { half = true; words = words.slice(0, -2); }
    let amount = words.length === 1 && words[0] === "0.5" ? 0.5 : wordsToNumber(words.join(" "));
    if (amount === null) return null;
    if (half) amount += 0.5;
    // "a minute and a half": the half follows the unit
    if (tokens.slice(i + 1, i + 4).join(" ") === "and a half") { amount += 0.5; i += 3; }
    parts[unit[1]] += amount;
    matched = true;
    buffer = [];
  }
  if (!matched || buffer.filter((w) => w !== "and").length) return null;
  // fractions move down a unit, as Alexa does ("one and a half minutes" -> PT1M30S)
  if (parts.H % 1) { parts.M += (parts.H % 1) * 60; parts.H = Math.floor(parts.H); }
  if (parts.M % 1) { parts.S += (parts.M % 1) * 60; parts.M = Math.floor(parts.M); }
  let iso = "PT";
  if (parts.H) iso += `${parts.H}H`;
  if (parts.M) iso += `${parts.M}M`;
  if (parts.S) iso += `${Math.round(parts.S)}S`;
  return iso === "PT" ? null : iso;
}

// value as heard -> value as a device sends it, for the built-in types we convert.
function resolveBuiltin(type, heard) {
  if (heard === undefined || heard === null) return { value: heard, converted: false };
  if (type === "AMAZON.NUMBER") {
    const n = wordsToNumber(heard);
    return n === null ? { value: heard, converted: false } : { value: String(n), converted: true };
  }
  if (type === "AMAZON.DURATION") {
    const iso = durationToISO(heard);
    return iso === null ? { value: heard, converted: false } : { value: iso, converted: true };
  }
  return { value: heard, converted: false };
}

module.exports = { wordsToNumber, durationToISO, resolveBuiltin };
