// Secure Base, the web companion. No libraries, nothing from elsewhere (the page's CSP allows only this origin).
// The server answers with beats: the words said at the start of each, how long it lasts, and the circle's size
// at its start and end (the same data Alexa's screens get). Each beat is spoken and drawn together; when the
// browser's voice is slower than planned, the next beat waits for it, so voice and picture stay in step.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const page = document.body;
  const locale = page.dataset.locale || "en-US";
  const state = { session: null, run: 0, voice: true };
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;

  function clientId() {
    // anonymous: a random id kept in this browser only; it keeps progress and preferences, nothing else
    let id = null;
    try { id = localStorage.getItem("sb-id"); } catch (e) { /* storage off: a fresh id each visit */ }
    if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      try { localStorage.setItem("sb-id", id); } catch (e) { /* as above */ }
    }
    return id;
  }
  const id = clientId();

  function dimAtNight() {
    const hour = new Date().getHours();
    page.classList.toggle("night", hour >= 20 || hour < 6);
  }
  dimAtNight();
  setInterval(dimAtNight, 60000);

  const circle = $("circle");
  function move(from, to, ms) {
    for (const running of circle.getAnimations()) running.cancel();
    circle.style.transform = `scale(${to})`;
    if (from !== to && ms > 0) {
      circle.animate([{ transform: `scale(${from})` }, { transform: `scale(${to})` }],
        { duration: ms, easing: "ease-in-out", fill: "forwards" });
    }
    circle.dataset.phase = from < to ? "growing" : from > to ? "shrinking" : "resting";
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function speak(text) {
    return new Promise((resolve) => {
      if (!state.voice || !text || !("speechSynthesis" in window)) { resolve(); return; }
      const said = new SpeechSynthesisUtterance(text);
      said.lang = locale;
      said.rate = 0.9;
      // some browsers never say "end" (no voice installed): never wait on them for long
      const cap = setTimeout(resolve, 1500 + text.split(/\s+/).length * 600);
      said.onend = said.onerror = () => { clearTimeout(cap); resolve(); };
      window.speechSynthesis.speak(said);
    });
  }

  function hush() {
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  }

  async function play(beats, run) {
    for (const beat of beats) {
      if (run !== state.run) return;  // something new was said: this answer gives way
      if (beat.text) $("step").textContent = beat.text;
      const ms = Math.max(0, Math.round(Number(beat.seconds) * 1000) || 0);
      move(Number(beat.start_scale), Number(beat.end_scale), ms);
      await Promise.all([sleep(ms), speak(beat.text)]);
    }
  }

  function showCard(card) {
    if (!card) return;  // the last card stays until a new one comes
    $("card-title").textContent = card.title || "";
    const list = $("card-lines");
    list.replaceChildren();
    for (const line of card.lines || []) {
      const item = document.createElement("li");
      item.append(document.createTextNode(line.text));
      for (const number of (line.number || "").split(/\s{2,}/).filter(Boolean)) {
        const big = document.createElement("span");
        big.className = number.length > 9 ? "number long" : "number";
        const call = document.createElement("a");
        call.href = `tel:${number.replace(/[^\d+]/g, "")}`;
        call.textContent = number;
        big.append(call);
        item.append(big);
      }
      list.append(item);
    }
    $("card").hidden = false;
  }

  function sayOnly(text, run) {
    return play([{ text, seconds: 0, start_scale: 0.5, end_scale: 0.5, phase: "say" }], run);
  }

  async function send(text) {
    const run = ++state.run;
    hush();
    let answer;
    try {
      const reply = await fetch("/app/api/say", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id, text, session: state.session }),
      });
      answer = await reply.json();
      if (!reply.ok) { await sayOnly(answer.error || page.dataset.trouble, run); return; }
    } catch (e) {
      await sayOnly(navigator.onLine === false ? page.dataset.offline : page.dataset.trouble, run);
      return;
    }
    if (run !== state.run) return;
    state.session = answer.ended ? null : answer.session;
    $("exercise-title").textContent = answer.title || "";
    $("progress").textContent = answer.progress || "";
    $("reprompt").textContent = answer.ended ? "" : (answer.reprompt || "");
    showCard(answer.card);
    await play(answer.beats || [], run);
  }

  $("say-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const box = $("say");
    const text = box.value.trim();
    box.value = "";
    if (text) send(text);
  });

  const voice = $("voice");
  voice.addEventListener("click", () => {
    state.voice = !state.voice;
    voice.setAttribute("aria-pressed", String(state.voice));
    if (!state.voice) hush();
  });

  if (Recognition) {
    // the browser's own speech recognition where it has one; the text box is always there too
    const talk = $("talk");
    const label = talk.textContent;
    talk.hidden = false;
    talk.addEventListener("click", () => {
      const hearing = new Recognition();
      hearing.lang = locale;
      hearing.interimResults = false;
      hearing.maxAlternatives = 1;
      hearing.onresult = (event) => {
        const heard = event.results[0] && event.results[0][0] ? event.results[0][0].transcript : "";
        if (heard.trim()) send(heard.trim());
      };
      hearing.onend = hearing.onerror = () => { talk.classList.remove("listening"); talk.textContent = label; };
      hush();
      talk.classList.add("listening");
      talk.textContent = page.dataset.listening;
      try { hearing.start(); } catch (e) { hearing.onend(); }
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/app/sw.js", { scope: "/app" }).catch(() => { /* online only, then */ });
  }
})();
