#!/usr/bin/env node
// Runs one dialog through virtual-alexa with its AudioPlayer simulation, against a running skill.
//
//   node tests/js/virtual_alexa_audio.js --model interaction_model/en-US.json \
//        --url https://127.0.0.1:5000/ --dialog -        (the dialog JSON on stdin)
//
// Steps are those of virtual_alexa_dialog.js (launch, say, intend, end_session), plus what the
// device and its player do on their own:
//   {"device": {"audio_player": false}}      a device without AudioPlayer (a phone app, some screens)
//   {"player": "offset", "ms": 83000}        the stream has played this far
//   {"player": "nearly_finished"}            AudioPlayer.PlaybackNearlyFinished
//   {"player": "finished"}                   AudioPlayer.PlaybackFinished (at the stream's end)
//   {"player": "failed", "error": "MEDIA_ERROR_SERVICE_UNAVAILABLE"}   AudioPlayer.PlaybackFailed
//
// virtual-alexa plays what an AudioPlayer.Play directive names (only over HTTPS, as a device), sends
// PlaybackStarted, and when an intent is said while something plays, first PlaybackStopped with the
// offset reached (as a device does for "Alexa, pause"). It has no PlaybackFailed; this runner builds
// that request the way virtual-alexa builds the others. For every step it prints every request sent
// (the player's own included), the skill's answer to the step, and what the player is doing after it.
// It judges nothing: tests/test_audio_virtual_alexa.py does.
"use strict";

const { Runner, readDialog, describeResponse } = require("./virtual_alexa_dialog");

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const required of ["model", "url", "dialog"]) {
    if (!args[required]) throw new Error(`missing --${required}`);
  }
  return args;
}

const ACTIVITY = ["BUFFER_UNDERRUN", "FINISHED", "IDLE", "PLAYING", "PAUSED", "STOPPED"];

function playerState(player) {
  const playing = player.playing();
  return {
    activity: ACTIVITY[player.playerActivity()],
    token: playing ? playing.stream.token : null,
    url: playing ? playing.stream.url : null,
    offset: playing ? playing.stream.offsetInMilliseconds : null,
  };
}

function sentSummary(json) {
  const req = json.request || {};
  const out = { type: req.type };
  if (req.intent) out.intent = req.intent.name;
  if (req.token !== undefined) out.token = req.token;
  if (req.offsetInMilliseconds !== undefined) out.offset = req.offsetInMilliseconds;
  if (json.context && json.context.AudioPlayer) out.context_player = json.context.AudioPlayer;
  out.audio_player_supported = !!(json.context && json.context.System && json.context.System.device
    && json.context.System.device.supportedInterfaces && json.context.System.device.supportedInterfaces.AudioPlayer);
  return out;
}

async function playerStep(runner, step) {
  const player = runner.alexa.audioPlayer();
  const record = { player: step.player };
  let answer = null;
  if (step.player === "offset") {
    player.playbackOffset(step.ms);
  } else if (step.player === "nearly_finished") {
    answer = await player.playbackNearlyFinished();
  } else if (step.player === "finished") {
    answer = await player.playbackFinished();
  } else if (step.player === "failed") {
    const playing = player.playing();
    if (!playing) return { ...record, error: "nothing is playing, so nothing can fail" };
    answer = await runner.alexa.request()
      .audioPlayer("AudioPlayer.PlaybackFailed", playing.stream.token, playing.stream.offsetInMilliseconds)
      .set("request.error", { type: step.error || "MEDIA_ERROR_UNKNOWN", message: "simulated" })
      .set("request.currentPlaybackState", { token: playing.stream.token, offsetInMilliseconds:
        playing.stream.offsetInMilliseconds, playerActivity: "STOPPED" })
      .send();
  } else {
    return { ...record, error: `unknown player step ${step.player}` };
  }
  if (answer) record.response = describeResponse(answer);
  return record;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dialog = readDialog(args.dialog);
  const runner = new Runner(args, dialog);
  let sent = [];
  runner.alexa.filter((json) => {
    runner.sent = JSON.parse(JSON.stringify(json));
    sent.push(sentSummary(json));
  });
  const results = [];
  let stopped = null;
  for (let index = 0; index < dialog.steps.length && !stopped; index++) {
    const step = dialog.steps[index];
    sent = [];
    let record;
    if (step.device) {
      if ("audio_player" in step.device) runner.alexa.context().device().audioPlayerSupported(!!step.device.audio_player);
      record = { device: step.device };
    } else if (step.player) {
      try {
        record = await playerStep(runner, step);
      } catch (err) {
        record = { player: step.player, error: `the skill did not answer: ${err && err.message ? err.message : err}` };
      }
    } else {
      record = await runner.step(step);
      delete record.request; // the raw envelope is long; the summaries below say what was sent
    }
    record.step = index;
    record.sent = sent;
    record.player_after = playerState(runner.alexa.audioPlayer());
    results.push(record);
    if (record.error) stopped = record.error;
  }
  process.stdout.write(JSON.stringify({ results, stopped }, null, 1) + "\n");
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
