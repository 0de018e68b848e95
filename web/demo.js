// The demo page: runs one close() call natively and through the shim, side
// by side. Loaded under a CSP without eval, so the call is built from values,
// never from source text.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const base = location.origin;
  const options = { wsBase: base.replace(/^http/, "ws"), httpBase: base, openWait: 5000, closeWait: 1500 };

  // codeArgument turns the typed text into what close receives: nothing,
  // a number, or the text itself for close's own conversion to handle.
  function codeArgument(text) {
    if (text.trim() === "") {
      return { present: false };
    }
    const number = Number(text);
    const numeric = !Number.isNaN(number) || text.trim() === "NaN";
    return { present: true, value: numeric ? number : text };
  }

  function show(value) {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  }

  function describeExceptions(o) {
    if (o.setupError) return "set-up failed: " + o.setupError;
    if (!o.exception) return "none";
    return (o.exception.domException ? "DOMException " : "") + o.exception.name + ": " + o.exception.message;
  }

  const states = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

  function stateName(state) {
    return state in states ? `${states[state]} (${state})` : String(state);
  }

  // isCleanup reports whether a close (event or frame) is the one the
  // harness makes itself on a socket the call left open.
  function isCleanup(o, close) {
    const cleanup = globalThis.browserwsHarness.cleanup;
    return o.cleanupClose && close.code === cleanup.code && close.reason === cleanup.reason;
  }

  const cleanupNote = " — not the call's: it left the socket open, so the page closed it itself";

  const fields = {
    exception: describeExceptions,
    readyState: (o) => (o.setupError ? "" : stateName(o.readyState)),
    closeEvent: (o) =>
      o.closeEvent
        ? `code ${o.closeEvent.code}, reason ${show(o.closeEvent.reason)}, wasClean ${o.closeEvent.wasClean}` +
          (isCleanup(o, o.closeEvent) ? cleanupNote : "")
        : "none",
    serverFrame: (o) =>
      o.serverFrame
        ? `code ${o.serverFrame.code}, reason ${show(o.serverFrame.reason)}` + (isCleanup(o, o.serverFrame) ? cleanupNote : "")
        : "no close frame",
  };

  async function run(event) {
    event.preventDefault();
    const code = codeArgument($("code").value);
    const args = [];
    if (code.present || $("has-reason").checked) args.push(code.present ? code.value : undefined);
    if ($("has-reason").checked) args.push($("reason").value);
    $("call").textContent = "ws.close(" + args.map(show).join(", ") + ")";
    $("run").disabled = true;
    $("status").textContent = "running…";
    const vector = { state: "open", run: (ws) => ws.close(...args) };
    const shim = globalThis.browserwsShim;
    const harness = globalThis.browserwsHarness;
    try {
      shim.uninstall();
      const native = await harness.runVector(vector, Object.assign({ prefix: "demo-native" }, options));
      shim.install();
      let shimmed;
      try {
        shimmed = await harness.runVector(vector, Object.assign({ prefix: "demo-shim" }, options));
      } finally {
        shim.uninstall();
      }
      let agree = true;
      for (const [name, format] of Object.entries(fields)) {
        const a = format(native);
        const b = format(shimmed);
        $("native-" + name).textContent = a;
        $("shim-" + name).textContent = b;
        $("native-" + name).classList.toggle("differs", a !== b);
        $("shim-" + name).classList.toggle("differs", a !== b);
        agree = agree && a === b;
      }
      $("verdict").textContent = agree ? "native and shim agree" : "native and shim differ";
      $("verdict").className = agree ? "agree" : "differ";
      $("status").textContent = "done";
    } catch (e) {
      $("status").textContent = "error: " + harness.describe(e).message;
    } finally {
      $("run").disabled = false;
    }
  }

  globalThis.browserwsShim.load("shim.wasm").then(
    () => {
      $("form").addEventListener("submit", run);
      $("run").disabled = false;
      $("run").textContent = "Close";
      $("status").textContent = "ready (engine: " + globalThis.browserwsShim.engine + ")";
    },
    (e) => {
      $("status").textContent = "could not load the shim: " + e;
    },
  );
})();
