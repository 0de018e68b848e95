// The cross-check as a page that runs by itself, in any browser: it loads
// vector files from testdata/ (e2e/testdata, served by e2e/crosscheck's
// Env), runs each vector natively and then through the shim (harness.js),
// and leaves everything on globalThis for whatever opened the page to read:
//
//   browserwsCrosscheck        {done, error, engine, files, vectors, output}
//   browserwsCrosscheckResult  a promise of that object once done is true
//
// output is harness.js's crosscheck() answer ({engine, native, shim}, each
// run with its socket id and the close frame the server received), which
// e2e/crosscheck's PageOutput turns into Results and compares; the page
// itself compares nothing. It needs no driver: any way of evaluating
// `await browserwsCrosscheckResult` (WebDriver, CDP, Marionette) will do,
// and it logs one line when done.
//
// Query parameters: vectors=a.json,b.json (default: every file of
// testdata/index.json), prefix (socket ids; default page-<time>),
// concurrency, closeWait (ms).
(function (global) {
  "use strict";

  const state = { done: false, error: "", engine: "", files: [], vectors: [], output: null };
  global.browserwsCrosscheck = state;

  async function run() {
    const params = new URLSearchParams(global.location.search);
    let files = (params.get("vectors") || "").split(",").filter((f) => f !== "");
    if (files.length === 0) {
      files = await getJSON("testdata/index.json");
    }
    state.files = files;
    for (const file of files) {
      state.vectors.push(...(await getJSON("testdata/" + encodeURIComponent(file))));
    }
    const shim = global.browserwsShim;
    await shim.load("shim.wasm");
    state.engine = shim.engine;
    // The recording server is the one that served this page.
    const origin = global.location.origin;
    const options = {
      wsBase: origin.replace(/^http/, "ws"),
      httpBase: origin,
      prefix: params.get("prefix") || "page-" + Date.now(),
      fetchRecord: true,
    };
    for (const name of ["concurrency", "closeWait"]) {
      if (params.has(name)) {
        options[name] = Number(params.get(name));
      }
    }
    state.output = await global.browserwsHarness.crosscheck(state.vectors, options);
  }

  async function getJSON(path) {
    const response = await fetch(path);
    if (!response.ok) {
      throw new Error(path + ": " + response.status);
    }
    return response.json();
  }

  global.browserwsCrosscheckResult = run().then(
    () => state,
    (e) => {
      state.error = String((e && e.stack) || e);
      return state;
    },
  ).then(() => {
    state.done = true;
    const line = state.error
      ? "browserws crosscheck page: error: " + state.error
      : "browserws crosscheck page: " + state.engine + ", " + state.vectors.length + " vectors run natively and through the shim";
    const summary = global.document && global.document.getElementById("summary");
    if (summary) {
      summary.textContent = line;
    }
    console.log(line);
    return state;
  });
})(globalThis);
