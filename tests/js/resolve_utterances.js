#!/usr/bin/env node
// Resolves utterances the way virtual-alexa 0.7.8 does, and prints the intents it would send.
//
//   node tests/js/resolve_utterances.js --model interaction_model/en-US.json < utterances.json
//
// stdin: a JSON array of phrases. stdout: a JSON array, one entry a phrase:
//   {"matched": false}                         nothing matched (a device sends AMAZON.FallbackIntent)
//   {"matched": true, "intent": "...", "slots": {"name": {"heard": "...", "value": "..."}}}
// The matcher is virtual-alexa's own (virtual-core's Utterance over the model, with its
// built-in intent phrases); built-in slot values are converted as a device would send them
// (builtin_values.js). Requests are not sent: the Python side sends them through the skill.
"use strict";

const fs = require("fs");
const path = require("path");

const { VirtualAlexa } = require("virtual-alexa");
const { Utterance } = require(require.resolve("virtual-core", { paths: [path.dirname(require.resolve("virtual-alexa"))] }));
const { resolveBuiltin } = require("./builtin_values");

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
if (!args.model) throw new Error("usage: resolve_utterances.js --model M < phrases.json");

const alexa = VirtualAlexa.Builder().skillURL("http://127.0.0.1:9/").interactionModelFile(args.model)
  .locale(args.locale || "en-US").create();
const model = alexa.context().interactionModel();

function slotTypes(intentName) {
  const intent = model.intentSchema.intent(intentName);
  const types = {};
  for (const slot of (intent && intent.slots) || []) types[slot.name] = slot.type;
  return types;
}

const phrases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = phrases.map((phrase) => {
  const utterance = new Utterance(model, String(phrase));
  if (!utterance.matched()) return { matched: false };
  const intent = utterance.intent();
  const types = slotTypes(intent);
  const slots = {};
  for (const [name, words] of Object.entries(utterance.toJSON())) {
    if (words === undefined || words === "") continue;
    slots[name] = { heard: words, value: resolveBuiltin(types[name], words).value };
  }
  return { matched: true, intent, slots };
});
process.stdout.write(JSON.stringify(out));
