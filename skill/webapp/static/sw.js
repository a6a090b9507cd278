// The page's service worker: after the first visit the page opens without a connection.
// Network first (so a new version is seen at once), the cached copy when offline. The API is never cached.
"use strict";
const CACHE = "secure-base-__VERSION__";
const SHELL = ["/app", "/app/static/app.css?v=__VERSION__", "/app/static/app.js?v=__VERSION__",
               "/app/static/icon.svg", "/app/manifest.webmanifest"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("secure-base-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/app/api/")) {
    return;
  }
  event.respondWith(fetch(event.request)
    .then((answer) => {
      if (answer.ok) {
        const copy = answer.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return answer;
    })
    .catch(() => caches.match(event.request).then((kept) => kept || caches.match("/app"))));
});
