#!/usr/bin/env node
// Runs one scripted dialog through virtual-alexa against a running skill endpoint.
//
//   node tests/js/virtual_alexa_dialog.js --model interaction_model/en-US.json \
//        --url http://127.0.0.1:5000/ --dialog tests/dialogs/box_breathing.json
//   (or --dialog - to read the dialog JSON on stdin)
//
// virtual-alexa resolves each utterance against the real interaction model (sample
// utterances, custom slot values and synonyms, its built-in intent phrases), builds the
// request envelope, carries session attributes between turns and POSTs JSON to the URL.
// This script prints, as JSON, what was sent and what came back for every step. It judges
// nothing: tests/test_virtual_alexa.py checks each step's expectations.
//
// A dialog: {"locale": "en-US", "steps": [step, ...]}, each step one of
//   {"launch": true}                       a LaunchRequest
//   {"say": "box breathing for two minutes"} an utterance, resolved by virtual-alexa
//   {"intend": "AMAZON.ShuffleOnIntent", "slots": {...}}  an intent by name
//   {"end_session": "USER_INITIATED"}      a SessionEndedRequest
// plus, optionally:
//   "on_unmatched": "fallback"   when virtual-alexa matches no intent, send AMAZON.FallbackIntent,
//                                as a device does (virtual-alexa itself just throws)
//   "until": {"attribute": "sb.ex.done", "equals": true} | {"ended": true} | {"text_contains": "..."}
//   "max": 20                    repeat the step until the condition holds (at least once)
//
// Where virtual-alexa 0.7.8 differs from a device, and what this runner does about it:
//   * Built-in slot values are sent as the words matched ("two minutes", "five"); a device
//     sends "PT2M" and "5". builtin_values.js converts AMAZON.DURATION and AMAZON.NUMBER;
//     the output keeps both ("heard" and the value sent).
//   * Custom slot types only match their values and synonyms exactly, so an utterance can
//     never produce ER_SUCCESS_NO_MATCH; unknown slot words are tested in Python instead.
//   * Nothing unmatched goes to AMAZON.FallbackIntent (virtual-alexa throws); a step says
//     "on_unmatched": "fallback" to send it, as a device would.
//   * Built-in intents resolve only from its short phrase list (help, help me, stop, cancel,
//     never mind, yes, yes please, sure, no, no thanks, next, skip, go back, previous,
//     repeat, say that again, start over, restart, pause, resume, continue, keep going,
//     go home...) plus any samples the model adds to them; "yeah", "nope", "I'm done" do not
//     resolve. Ties between equal matches go to the intent listed first.
//   * A model with PauseIntent and ResumeIntent is treated as an audio skill: its requests
//     carry context.AudioPlayer and phrases like "shuffle" or "loop" resolve to audio
//     built-ins the model does not declare.
//   * utter() treats "ask", "open", "tell", "launch" anywhere in a phrase as a launch; this
//     runner resolves phrases itself (the same matcher) and launches only on
//     "open|ask|launch|tell|talk to|start <invocation name> [to ...]".
//   * LaunchRequests carry no session attributes, and reuse the open session if there is one.
"use strict";

const fs = require("fs");
const path = require("path");

const { VirtualAlexa } = require("virtual-alexa");
// virtual-core is virtual-alexa's own matcher; load the copy virtual-alexa uses.
const { Utterance } = require(require.resolve("virtual-core", { paths: [path.dirname(require.resolve("virtual-alexa"))] }));
const { resolveBuiltin } = require("./builtin_values");

function parseArgs(argv) {
  const args = { locale: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    args[key] = argv[i + 1];
  }
  for (const required of ["model", "url", "dialog"]) {
    if (!args[required]) {
      throw new Error(`missing --${required}; usage: virtual_alexa_dialog.js --model M --url U --dialog D|-`);
    }
  }
  return args;
}

function readDialog(source) {
  const text = source === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(source, "utf8");
  const dialog = JSON.parse(text);
  if (!dialog || !Array.isArray(dialog.steps)) throw new Error("a dialog needs a \"steps\" array");
  return dialog;
}

function get(object, dotted) {
  return String(dotted).split(".").reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), object);
}

function plainText(ssml) {
  return String(ssml || "").replace(/<[^>]+>/g, " ").replace(/&apos;/g, "'").replace(/&quot;/g, "\"")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}

// A launch phrase only at the start, as a device hears it ("open secure base").
// virtual-alexa's own utter() treats "ask", "open", "tell", "launch" ANYWHERE in the
// phrase as a launch (its regex is unanchored), so "I can't tell what I feel" would
// relaunch the skill. We resolve utterances the same way utter() does, minus that.
const LAUNCH = /^(?:ask|open|launch|talk to|tell|start)\s+(.+?)(?:\s+(?:to|and|for)\s+(.*))?$/i;

function slotTypes(model, intentName) {
  const intent = model.intentSchema.intent(intentName);
  const types = {};
  for (const slot of (intent && intent.slots) || []) types[slot.name] = slot.type;
  return types;
}

class Runner {
  constructor(args, dialog) {
    this.invocation = JSON.parse(fs.readFileSync(args.model, "utf8")).interactionModel.languageModel.invocationName;
    this.alexa = VirtualAlexa.Builder()
      .skillURL(args.url)
      .interactionModelFile(args.model)
      .locale(args.locale || dialog.locale || "en-US")
      .create();
    this.sent = null;
    // the filter sees the exact JSON virtual-alexa is about to POST
    this.alexa.filter((requestJSON) => { this.sent = JSON.parse(JSON.stringify(requestJSON)); });
    this.model = this.alexa.context().interactionModel();
  }

  // -> {promise, matched, heard}
  resolve(step) {
    if (step.launch) return { promise: this.alexa.launch() };
    if (step.end_session) {
      const reasons = { ERROR: 0, EXCEEDED_MAX_REPROMPTS: 1, USER_INITIATED: 2 };
      if (!(step.end_session in reasons)) throw new Error(`unknown end_session reason ${step.end_session}`);
      return { promise: this.alexa.endSession(reasons[step.end_session]) };
    }
    if (step.intend) return { promise: this.intend(step.intend, step.slots || {}) };
    if (typeof step.say !== "string") throw new Error(`a step needs launch, say, intend or end_session: ${JSON.stringify(step)}`);

    let phrase = step.say.trim();
    const launch = LAUNCH.exec(phrase);
    if (launch && launch[1].toLowerCase() === this.invocation.toLowerCase()) return { promise: this.alexa.launch() };
    if (launch && launch[1].toLowerCase().startsWith(this.invocation.toLowerCase()) && launch[2]) phrase = launch[2];

    const utterance = new Utterance(this.model, phrase);
    if (!utterance.matched()) {
      if (step.on_unmatched === "fallback") {
        return { promise: this.alexa.intend("AMAZON.FallbackIntent"), matched: false, fallback: true };
      }
      return { promise: null, matched: false };
    }
    const intentName = utterance.intent();
    const heard = utterance.toJSON();
    const types = slotTypes(this.model, intentName);
    const slots = {};
    const conversions = {};
    for (const [name, words] of Object.entries(heard)) {
      if (words === undefined || words === "") continue;
      const resolved = resolveBuiltin(types[name], words);
      slots[name] = resolved.value;
      conversions[name] = { heard: words, type: types[name], converted: resolved.converted };
    }
    const request = this.alexa.request().intent(intentName).slots(slots);
    return { promise: request.send(), matched: true, heard: conversions };
  }

  intend(name, slots) {
    if (this.model.intentSchema.hasIntent(name)) return this.alexa.intend(name, slots);
    // an intent the model does not have (a stale device, a tampered request): craft it
    const request = this.alexa.request().intent("AMAZON.HelpIntent").set("request.intent.name", name);
    return request.send();
  }

  async step(step) {
    this.sent = null;
    const record = { say: step.say, launch: !!step.launch, intend: step.intend, end_session: step.end_session };
    let resolved;
    try {
      resolved = this.resolve(step);
    } catch (err) {
      return { ...record, error: `could not build the request: ${err.message}` };
    }
    record.matched = resolved.matched === undefined ? null : resolved.matched;
    record.fallback_sent = !!resolved.fallback;
    if (resolved.heard) record.heard = resolved.heard;
    if (!resolved.promise) return record; // unmatched, and the dialog did not ask for a fallback
    let response;
    try {
      response = await resolved.promise;
    } catch (err) {
      record.request = describeRequest(this.sent);
      record.error = `the skill did not answer: ${err && err.message ? err.message : err}`;
      return record;
    }
    record.request = describeRequest(this.sent);
    record.response = describeResponse(response);
    return record;
  }
}

function describeRequest(json) {
  if (!json) return null;
  const req = json.request || {};
  const out = { type: req.type, locale: req.locale, session_new: json.session ? json.session.new : null };
  if (json.session) out.session_attributes = json.session.attributes || null;
  if (req.intent) {
    out.intent = req.intent.name;
    out.slots = {};
    for (const [name, slot] of Object.entries(req.intent.slots || {})) {
      if (!slot || slot.value === undefined) continue;
      const entry = { value: slot.value };
      const authorities = (slot.resolutions && slot.resolutions.resolutionsPerAuthority) || [];
      for (const authority of authorities) {
        entry.status = authority.status && authority.status.code;
        if (authority.values && authority.values.length) entry.id = authority.values[0].value.id;
      }
      out.slots[name] = entry;
    }
  }
  if (req.reason) out.reason = req.reason;
  out.raw = json;
  return out;
}

function describeResponse(skillResponse) {
  const response = skillResponse.response || {};
  const speech = response.outputSpeech || null;
  const reprompt = (response.reprompt && response.reprompt.outputSpeech) || null;
  return {
    ssml: speech ? (speech.ssml || null) : null,
    speech_type: speech ? speech.type : null,
    text: speech ? plainText(speech.ssml || speech.text) : "",
    reprompt_ssml: reprompt ? (reprompt.ssml || null) : null,
    reprompt_text: reprompt ? plainText(reprompt.ssml || reprompt.text) : "",
    card: response.card || null,
    directives: response.directives || [],
    shouldEndSession: response.shouldEndSession === undefined ? null : response.shouldEndSession,
    sessionAttributes: skillResponse.sessionAttributes || null,
    version: skillResponse.version,
  };
}

function conditionMet(until, record) {
  const r = record.response;
  if (!r) return false;
  if ("attribute" in until) return get(r.sessionAttributes, until.attribute) === until.equals;
  if ("ended" in until) return (r.shouldEndSession === true) === until.ended;
  if ("text_contains" in until) return r.text.toLowerCase().includes(String(until.text_contains).toLowerCase());
  throw new Error(`unknown until condition ${JSON.stringify(until)}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dialog = readDialog(args.dialog);
  const runner = new Runner(args, dialog);
  const results = [];
  let stopped = null;
  for (let index = 0; index < dialog.steps.length && !stopped; index++) {
    const step = dialog.steps[index];
    const max = step.until ? (step.max || 20) : 1;
    for (let iteration = 0; iteration < max; iteration++) {
      const record = await runner.step(step);
      record.step = index;
      record.iteration = iteration;
      results.push(record);
      if (record.error) { stopped = record.error; break; }
      if (!step.until) break;
      record.until_met = conditionMet(step.until, record);
      if (record.until_met || !record.response) break;
    }
  }
  process.stdout.write(JSON.stringify({ locale: runner.alexa.context().locale(), results, stopped }, null, 1) + "\n");
}

module.exports = { Runner, readDialog, describeRequest, describeResponse };

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  });
}
