// What each script of this folder starts with: it reads CONFIG.json (the
// script's first argument), gives wasm_exec.js the Node.js globals it
// expects, loads it and the named scripts of web/, and checks that Node.js
// has a global WebSocket.
//
//   const config = require("./host.js")(["shim.js"]);
"use strict";

const fs = require("fs");
const path = require("path");

module.exports = function load(webScripts) {
  const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  globalThis.require = require;
  globalThis.fs = fs;
  globalThis.path = path;
  require(config.wasmExec);
  for (const name of webScripts) {
    require(path.join(config.web, name));
  }
  if (typeof WebSocket !== "function") {
    throw new Error("no global WebSocket: run node with --experimental-websocket");
  }
  return config;
};
