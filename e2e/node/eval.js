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

async function main() {
  const config = require("./host.js")(["shim.js"]);
  const value = await new Function("return (" + config.expression + ");")();
  fs.writeFileSync(config.output, JSON.stringify(value === undefined ? null : value));
  process.exit(0);
}

main().catch((e) => {
  console.error("eval.js:", e && e.stack ? e.stack : e);
  process.exit(1);
});
