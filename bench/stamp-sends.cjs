// Preloaded into the worker by bench/morning-rush.ts (NODE_OPTIONS=--require): stamps every Bot
// API send with the time its request was handed to the socket layer (`x-sent-at`, ms since the
// epoch), so the fake Bot API can tell a send the worker put out too early from one whose arrival
// it noticed late. Only the benchmark loads it; the product never sends the header.
'use strict';
const http = require('node:http');

const SENDS = /\/bot[^/]+\/(sendMessage|sendDocument|editMessageText)$/;

function stamp(req) {
  if (!req.headersSent && !req.getHeader('x-sent-at')) req.setHeader('x-sent-at', (performance.timeOrigin + performance.now()).toFixed(3));
}

const originalRequest = http.request;
http.request = function request(...args) {
  const req = originalRequest.apply(this, args);
  if (SENDS.test(req.path || '')) {
    const { write, end } = req;
    req.write = function (...a) {
      stamp(req);
      return write.apply(req, a);
    };
    req.end = function (...a) {
      stamp(req);
      return end.apply(req, a);
    };
  }
  return req;
};
