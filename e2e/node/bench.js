// Runs the benchmark page's measurements (web/bench.js) in Node.js, against
// undici's WebSocket, and writes their result as JSON: e2e/cmd/bench runs
// the same loops here as in its browser pages, against the same echo
// server.
//
//   node --experimental-websocket --expose-gc bench.js CONFIG.json
//
// CONFIG holds {wasmExec, web, benchWasm, shimWasm, page, output}: page is
// the argument of browserwsBench.run.
"use strict";

const fs = require("fs");

async function main() {
  const config = require("./host.js")(["shim.js", "bench.js"]);
  const wasm = { "bench.wasm": fs.readFileSync(config.benchWasm), "shim.wasm": fs.readFileSync(config.shimWasm) };
  const result = await globalThis.browserwsBench.run(config.page, wasm);
  fs.writeFileSync(config.output, JSON.stringify(result));
  process.exit(0);
}

main().catch((e) => {
  console.error("bench.js:", e && e.stack ? e.stack : e);
  process.exit(1);
});
