// Cross-check harness: runs vectors ({name, state, script}) on fresh sockets
// to the recording server (e2e/recorder), once with the native close and
// once with the browserws shim installed, and reports what each run
// observed. It runs unchanged in a page and in Node.js.
//
// Unlike shim.js this file runs each vector's script with new Function, so
// the page that loads it must allow eval; the shim does not need that.
(function (global) {
  "use strict";

  const apply = Reflect.apply;
  // Saved before any shim is installed: set-up and clean-up always use it.
  const nativeClose = global.WebSocket.prototype.close;
  let serial = 0;
  // The close the harness makes on a socket the call left open.
  const cleanup = { code: 4000, reason: "harness cleanup" };

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function eventOnce(target, type) {
    return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
  }

  function describe(e) {
    if (e === null || (typeof e !== "object" && typeof e !== "function")) {
      return { name: "", message: String(e), domException: false };
    }
    let name = "";
    let message = "";
    try {
      name = String(e.name);
      message = String(e.message);
    } catch (inner) {
      message = "(unreadable exception)";
    }
    return { name, message, domException: typeof DOMException === "function" && e instanceof DOMException };
  }

  // runVector opens a socket in vector.state, runs vector.run(ws, log) or
  // else the script, and reports the exception, readyState, log, close
  // event and the server's record. options: wsBase, httpBase, prefix,
  // openWait and closeWait (ms): the longest waits for the open and close
  // events, which come within milliseconds unless the machine is loaded
  // (a 1.5 s closeWait missed close events at a load of 25 on 2 cores).
  async function runVector(vector, options) {
    const id = options.prefix + "-" + ++serial;
    const hold = vector.state === "connecting" ? "handshake" : vector.state === "closing" ? "closereply" : "";
    const url = options.wsBase + "/ws?id=" + encodeURIComponent(id) + (hold ? "&hold=" + hold : "");
    const ws = new global.WebSocket(url);
    let closeEvent = null;
    const closed = new Promise((resolve) =>
      ws.addEventListener("close", (e) => {
        closeEvent = { wasClean: e.wasClean, code: e.code, reason: e.reason };
        resolve();
      }),
    );
    if (vector.state !== "connecting") {
      await Promise.race([eventOnce(ws, "open"), closed, sleep(options.openWait)]);
      if (ws.readyState !== 1) {
        return { setupError: "socket did not open (readyState " + ws.readyState + ")" };
      }
      if (vector.state === "closing") {
        apply(nativeClose, ws, []); // the server holds its reply back
      } else if (vector.state === "closed") {
        apply(nativeClose, ws, []);
        await Promise.race([closed, sleep(options.openWait)]);
      }
      const want = { open: 1, closing: 2, closed: 3 }[vector.state];
      if (ws.readyState !== want) {
        return { setupError: "socket is in readyState " + ws.readyState + ", not " + want };
      }
    }

    const log = [];
    let exception = null;
    const shim = global.browserwsShim;
    const missesBefore = shim ? shim.validatorMisses : 0;
    try {
      // A page under a strict Content-Security-Policy passes vector.run.
      const run = vector.run || new Function("ws", "log", vector.script);
      run(ws, log);
    } catch (e) {
      exception = describe(e);
    }
    const readyState = ws.readyState;
    // The script ran synchronously, so no other lane's call is counted here.
    const validatorMissed = shim ? shim.validatorMisses !== missesBefore : false;

    // Let the socket finish: release what the server held, close what the
    // script left open, and wait a bounded time for the close event.
    if (hold) {
      // A socket the script closed while CONNECTING is refused its
      // handshake: completing it would race the browser's abort.
      const refuse = vector.state === "connecting" && ws.readyState !== 0 ? "&refuse=1" : "";
      await fetch(options.httpBase + "/release?id=" + encodeURIComponent(id) + refuse);
    }
    if (ws.readyState === 0) {
      await Promise.race([eventOnce(ws, "open"), closed, sleep(options.openWait)]);
    }
    // A socket still open (the call was refused, or did nothing) is closed
    // by the harness itself: cleanupClose tells readers that the close
    // event and the server's frame that follow are this close's, not the
    // call's.
    let cleanupClose = false;
    if (ws.readyState === 1) {
      apply(nativeClose, ws, [cleanup.code, cleanup.reason]);
      cleanupClose = true;
    }
    await Promise.race([closed, sleep(options.closeWait)]);
    const result = { id, exception, readyState, log: log.map(String), closeEvent, serverFrame: null, validatorMissed, cleanupClose };
    // The cross-check reads the server's record itself (options.fetchRecord
    // false) rather than paying an HTTP request a vector.
    if (options.fetchRecord !== false) {
      const response = await fetch(options.httpBase + "/record?wait=3s&id=" + encodeURIComponent(id));
      const record = await response.json();
      result.serverFrame = record.frame ? { code: record.frame.code, reason: record.frame.reason } : null;
    }
    return result;
  }

  // runAll runs vectors in options.concurrency lanes. Vectors that hold a
  // handshake back run one at a time in a lane of their own: browsers let
  // one connection per host and port be CONNECTING. Keep concurrency low in
  // Chromium: it delays a page's connections steeply once a few are pending.
  async function runAll(vectors, options) {
    const results = new Array(vectors.length);
    const connecting = [];
    const others = [];
    vectors.forEach((v, i) => (v.state === "connecting" ? connecting : others).push(i));
    async function lane(indexes) {
      while (indexes.length > 0) {
        const i = indexes.shift();
        try {
          results[i] = await runVector(vectors[i], options);
        } catch (e) {
          results[i] = { setupError: "harness: " + describe(e).message };
        }
        progress.done++;
      }
    }
    const lanes = [options.serialConnecting ? lane(connecting) : null];
    if (!options.serialConnecting) {
      others.push(...connecting);
    }
    for (let n = 0; n < options.concurrency; n++) {
      lanes.push(lane(others));
    }
    await Promise.all(lanes);
    return results;
  }

  // progress counts the runs of the crosscheck under way (each vector runs
  // twice: natively and through the shim), for its driver to poll.
  const progress = { done: 0, total: 0 };

  // crosscheck runs every vector natively, then with the shim installed.
  async function crosscheck(vectors, options) {
    const shim = global.browserwsShim;
    progress.done = 0;
    progress.total = 2 * vectors.length;
    options = Object.assign(
      { concurrency: 2, openWait: 5000, closeWait: 5000, serialConnecting: true, prefix: "run", fetchRecord: false },
      options,
    );
    shim.uninstall();
    const native = await runAll(vectors, Object.assign({}, options, { prefix: options.prefix + "-native" }));
    shim.install();
    let shimmed;
    try {
      shimmed = await runAll(vectors, Object.assign({}, options, { prefix: options.prefix + "-shim" }));
    } finally {
      shim.uninstall();
    }
    return { engine: shim.engine, native, shim: shimmed };
  }

  // goapi runs vectors natively, then viaGo, the same vectors written as
  // calls of the Go API (browserwsGoAPI.throwingClose, web/goapi.js), for
  // the Go API's cross-check in every browser.
  async function goapi(vectors, viaGo, options) {
    progress.done = 0;
    progress.total = 2 * vectors.length;
    options = Object.assign(
      { concurrency: 2, openWait: 5000, closeWait: 5000, serialConnecting: true, prefix: "run", fetchRecord: false },
      options,
    );
    const native = await runAll(vectors, Object.assign({}, options, { prefix: options.prefix + "-native" }));
    const go = await runAll(viaGo, Object.assign({}, options, { prefix: options.prefix + "-go" }));
    return { engine: global.browserwsGoAPI.engine, native, shim: go };
  }

  global.browserwsHarness = { crosscheck, goapi, runVector, describe, cleanup, progress };
})(globalThis);
