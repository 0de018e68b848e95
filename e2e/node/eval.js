// Evaluates one JavaScript expression in Node.js with wasm_exec.js and
// web/shim.js loaded (shim.wasm not started yet), awaits its value and
// writes it as JSON. Tests of e2e/crosscheck run the same expression here
// and in a Chromium page, so that each engine is checked against its own
// native close:
//
//   node --experimental-websocket eval.js CONFIG.json
//
// CONFIG holds {wasmExec, web, expression, output}.
"use strict";

const fs = require("fs");
const path = require("path");

async function main() {
  const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  globalThis.require = require;
  globalThis.fs = fs;
  globalThis.path = path;
  require(config.wasmExec);
  require(path.join(config.web, "shim.js"));
  if (typeof WebSocket !== "function") {
    throw new Error("no global WebSocket: run node with --experimental-websocket");
  }
  const value = await new Function("return (" + config.expression + ");")();
  fs.writeFileSync(config.output, JSON.stringify(value === undefined ? null : value));
  process.exit(0);
}

main().catch((e) => {
  console.error("eval.js:", e && e.stack ? e.stack : e);
  process.exit(1);
});
