// The page side of the Go API's cross-check: loads goapi.wasm (wasm/goapi),
// which publishes browserwsGoAPI.close, and adds throwingClose, which turns
// the error the Go API returned back into the exception native code would
// have thrown, so the harness compares the two the same way it compares
// native and shim.
(function (global) {
  "use strict";

  async function load(url) {
    const go = new global.Go();
    const ready = new Promise((resolve) => {
      global.browserwsGoAPIReady = resolve;
    });
    const result = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    go.run(result.instance);
    await ready;
    delete global.browserwsGoAPIReady;
    const api = global.browserwsGoAPI;
    api.throwingClose = function (ws, hasCode, code, hasReason, reason) {
      const failure = api.close(ws, hasCode, code, hasReason, reason);
      if (failure === null) {
        return;
      }
      if (failure[2]) {
        throw new DOMException(failure[1], failure[0]);
      }
      const Class = failure[0] === "TypeError" ? TypeError : Error;
      throw new Class(failure[1]);
    };
    return api.engine;
  }

  global.browserwsGoAPILoad = load;
})(globalThis);
