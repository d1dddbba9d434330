// Runs the html page's script under Node with a stand-in for the DOM, and answers the test's
// questions with the page's own functions (search, status, sentence).
// stdin: {"html": the exported page, "queries": [...], "instants": [ms since 1970, ...]}
// stdout: {"search": {query: [card index, ...] | null}, "states": {instant: {card index: {...}}}}
"use strict";
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const scripts = [...input.html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
const data = scripts.find((m) => m[1].includes('id="mops-data"'))[2];
const code = scripts.find((m) => !m[1].includes("type=")) [2];

// Whatever the script asks of the DOM: an element that takes anything and has nothing.
const element = new Proxy(function () {}, {
  get: (target, name) => (name === "value" || name === "textContent" ? "" :
    name === Symbol.toPrimitive ? () => "" : element),
  apply: () => element,
  set: () => true,
});
let now = 0;
const sandbox = {
  document: {
    getElementById: (id) => (id === "mops-data" ? {textContent: data} : element),
    querySelectorAll: () => [],
    addEventListener() {},
    hidden: false,
  },
  window: {addEventListener() {}},
  setTimeout: () => 0,
  Date: class extends Date { static now() { return now; } },
  module: {exports: null},
};
new Function(...Object.keys(sandbox), code)(...Object.values(sandbox));
const page = sandbox.module.exports;

const out = {search: {}, states: {}};
for (const query of input.queries) out.search[query] = page.search(query);
for (const instant of input.instants) {
  now = instant;
  const t = Math.floor(instant / 60000) - page.D.base, states = {};
  page.D.u.forEach((key, card) => {
    const answer = page.status(page.D.s[key], t);
    const change = answer.state === "open" ? answer.closes : answer.opens;
    states[card] = {state: answer.state, change: change == null ? "" : page.iso(change),
      reason: answer.reason || "", text: page.sentence(answer, t)};
  });
  out.states[instant] = states;
}
process.stdout.write(JSON.stringify(out));
