// Runs web/harness.js in Node.js against undici's WebSocket, with the shim
// installed over its prototype for the second pass, and prints the result as
// JSON on stdout. The Go side (e2e/crosscheck) starts it:
//
//   node --experimental-websocket crosscheck.js CONFIG.json
//
// CONFIG holds {wasmExec, shimWasm, web, vectors, options}: paths, and the
// harness options (httpBase and wsBase of the recording server). While the
// vectors run it prints a line "progress DONE TOTAL" (runs) every second.
"use strict";

const fs = require("fs");

async function main() {
  const config = require("./host.js")(["shim.js", "harness.js"]);
  await globalThis.browserwsShim.load(fs.readFileSync(config.shimWasm));
  const vectors = JSON.parse(fs.readFileSync(config.vectors, "utf8"));
  const harness = globalThis.browserwsHarness;
  const ticker = setInterval(() => console.log("progress " + harness.progress.done + " " + harness.progress.total), 1000);
  const result = await harness.crosscheck(vectors, config.options);
  clearInterval(ticker);
  fs.writeFileSync(config.output, JSON.stringify(result));
  process.exit(0);
}

main().catch((e) => {
  console.error("crosscheck.js:", e && e.stack ? e.stack : e);
  process.exit(1);
});
