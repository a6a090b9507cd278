#!/usr/bin/env node
// Validates many SSML strings with ssml-check-core in one process.
//
//   echo '["<speak>Hello</speak>"]' | node tests/js/ssml_check.js [--platform amazon] [--locale en-US]
//
// Reads a JSON array of SSML strings on stdin and prints a JSON array with one entry per
// input, in order: null when the tool finds nothing wrong, else its array of errors.
"use strict";

const fs = require("fs");
const ssmlCheck = require("ssml-check-core");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
  const inputs = JSON.parse(fs.readFileSync(0, "utf8"));
  if (!Array.isArray(inputs)) throw new Error("stdin must be a JSON array of SSML strings");
  const platform = option("platform", "amazon");
  const locale = option("locale", undefined);
  const results = [];
  for (const ssml of inputs) {
    if (typeof ssml !== "string") {
      results.push([{ type: "not a string" }]);
      continue;
    }
    // a fresh options object each time: check() writes defaults into it
    const errors = await ssmlCheck.check(ssml, { platform, locale });
    results.push(errors && errors.length ? errors : null);
  }
  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
