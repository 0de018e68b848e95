// browserws benchmark page: starts bench.wasm (wasm/bench) and shim.wasm
// (wasm/shim, through shim.js) as two Go programs in this one page, runs
// every measurement of `make bench` side by side, round after round, and
// returns the raw times. e2e/cmd/bench turns them into ratios. The same
// file runs in Chromium and Firefox pages and in Node.js
// (e2e/node/bench.js), so every engine runs the same JavaScript loops.
//
//   await browserwsBench.run({wsURL, rounds, closeIterations,
//                             throwIterations, messages, window, size,
//                             only, subset}, wasm)
//
// resolves to {crossOriginIsolated, gc, measurements: [{name, iterations,
// ms: [one per round], entries: [one per round], calls: [one per round],
// inGo: [one per round]}], errors: [...]}; only
// and subset, regular expressions, keep the measurements whose names match
// both. wasm, if given, maps "bench.wasm" and "shim.wasm" to their bytes
// (Node.js); else the page fetches them. entries counts the calls from
// JavaScript into bench.wasm's Go program during the round: every js.Func
// call and every timer that resumes it; calls those from its Go program
// into JavaScript (see countCalls); inGo the milliseconds the page's thread
// spent inside bench.wasm's Go program, the JavaScript it called included.
// A measurement that fails records null for that round and a line in
// errors: run never rejects.
(function (global) {
  "use strict";

  // bench is bench.wasm's Go instance, once started.
  let bench;

  // startGo runs a Go program (bytes, or fetched from url) and resolves to
  // its instance once it has called globalThis[readyName]().
  async function startGo(url, bytes, readyName) {
    const go = new global.Go();
    countCalls(go);
    const ready = new Promise((resolve) => {
      global[readyName] = resolve;
    });
    const result = bytes
      ? await WebAssembly.instantiate(bytes, go.importObject)
      : await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    countEntries(go);
    go.run(result.instance);
    await ready;
    delete global[readyName];
    return go;
  }

  // countEntries counts in go.entries each time JavaScript resumes the Go
  // program: wasm_exec.js does so through _resume, for every call of a
  // js.Func and every timer the program set. go.inGo adds up the
  // milliseconds from each outermost resume to its return: the thread's
  // time in Go, with the JavaScript Go calls (a js.Func that Go's call
  // into JavaScript runs resumes Go again, inside; it is not counted twice).
  function countEntries(go) {
    const resume = go._resume;
    let depth = 0;
    go.entries = 0;
    go.inGo = 0;
    go._resume = function () {
      go.entries++;
      if (depth > 0) {
        return resume.call(this);
      }
      depth++;
      const start = performance.now();
      try {
        return resume.call(this);
      } finally {
        go.inGo += performance.now() - start;
        depth--;
      }
    };
  }

  // countCalls counts in go.calls the calls from the Go program into
  // JavaScript: every syscall/js import of wasm_exec.js (a call, a get or
  // set, a copy of bytes, a js.Value finalized), wrapped before the module
  // is instantiated.
  function countCalls(go) {
    const imports = go.importObject.gojs;
    go.calls = 0;
    for (const name of Object.keys(imports)) {
      if (name.startsWith("syscall/js.")) {
        const f = imports[name];
        imports[name] = function (sp) {
          go.calls++;
          return f.call(this, sp);
        };
      }
    }
  }

  function opened(url) {
    return new Promise((resolve, reject) => {
      const ws = new global.WebSocket(url);
      ws.onopen = () => resolve(ws);
      ws.onclose = () => reject(new Error("socket to " + url + " did not open"));
    });
  }

  async function closedSocket(url) {
    const ws = await opened(url);
    await new Promise((resolve) => {
      ws.onclose = resolve;
      ws.close(1000);
    });
    return ws;
  }

  // The JavaScript loops. Each is its own function literal so V8 keeps
  // separate feedback for the native close and the shim's.
  function jsInvalidClose(ws, n) {
    let refused = 0;
    for (let i = 0; i < n; i++) {
      try {
        ws.close(1001);
      } catch (e) {
        refused++;
      }
    }
    return refused;
  }

  function jsValidClose(ws, n) {
    for (let i = 0; i < n; i++) {
      ws.close(1000, "bye");
    }
    return n;
  }

  function shimValidClose(ws, n) {
    for (let i = 0; i < n; i++) {
      ws.close(1000, "bye");
    }
    return n;
  }

  // payloadText is the echo payload: printable ASCII, so it is the same
  // bytes as text and as binary, in Go and here.
  function payloadText(size) {
    return "browserws-bench!".repeat(size / 16 + 1).slice(0, size);
  }

  // pingWindow is wasm/bench's pingWindow in plain JavaScript: it opens a
  // socket to url, sends window messages, then one more per echo until n
  // are sent, and resolves to the time from the first send to the n-th
  // echo. listen(ws, echoed, fail) makes the socket call echoed(data) for
  // each message, in order; echoed returns false once the run is over.
  // echoed(data, reply) answers the message with reply() instead of
  // sending the payload itself; fail(error) ends the run with error.
  function pingWindow(url, n, window, size, text, listen) {
    const payload = text ? payloadText(size) : new TextEncoder().encode(payloadText(size));
    return new Promise((resolve, reject) => {
      const ws = new global.WebSocket(url);
      ws.binaryType = "arraybuffer";
      let sent = 0;
      let received = 0;
      let start = 0;
      let over = false;
      const finish = (settle) => {
        over = true;
        ws.onclose = settle;
        ws.close(1000);
      };
      ws.onclose = () => reject(new Error("echo socket closed after " + received + " echoes"));
      ws.onopen = () => {
        start = performance.now();
        for (; sent < Math.min(window, n); sent++) {
          ws.send(payload);
        }
      };
      const fail = (error) => {
        if (!over) {
          finish(() => reject(error));
        }
      };
      listen(ws, (data, reply) => {
        if (over) {
          return false;
        }
        const ok = text ? typeof data === "string" && data.length === size : data.byteLength === size;
        if (!ok) {
          finish(() => reject(new Error("wrong echo")));
          return false;
        }
        received++;
        if (sent < n) {
          if (reply === undefined) {
            ws.send(payload);
          } else {
            reply();
          }
          sent++;
        }
        if (received === n) {
          const ms = performance.now() - start;
          finish(() => resolve(ms));
          return false;
        }
        return true;
      });
    });
  }

  // jsEcho is pingWindow with an onmessage listener. perMessage, if given,
  // is called on each message.
  function jsEcho(url, n, window, size, text, perMessage) {
    return pingWindow(url, n, window, size, text, (ws, echoed) => {
      ws.onmessage = (ev) => {
        if (perMessage !== undefined) {
          perMessage();
        }
        echoed(ev.data);
      };
    });
  }

  // jsBatchedEcho is jsEcho with browserws's delivery and no Go at all
  // (see listener in js_bridge.go): a bound Array.prototype.push is the
  // message listener, and one MessageChannel post, armed with {once: true}
  // on the socket's message event, wakes a drain that checks and answers
  // the batch, then arms it again. A Go client that batches does this and
  // more, so its ratio over jsEcho bounds every such client.
  function jsBatchedEcho(url, n, window, size, text) {
    return pingWindow(url, n, window, size, text, (ws, echoed) => {
      const box = [];
      const channel = new MessageChannel();
      const poster = channel.port1.postMessage.bind(channel.port1, undefined, undefined);
      const once = { once: true };
      ws.addEventListener("message", Array.prototype.push.bind(box));
      ws.addEventListener("message", poster, once);
      channel.port2.onmessage = () => {
        const count = box.length;
        for (let i = 0; i < count; i++) {
          if (!echoed(box[i].data)) {
            channel.port1.close();
            channel.port2.close();
            return;
          }
        }
        box.length = 0;
        ws.addEventListener("message", poster, once);
      };
    });
  }

  // goFloorEcho is the least any Go client must do, on jsBatchedEcho's
  // delivery: enter Go once per batch, and take the batch's bytes into Go
  // memory and its replies out of it, each in one copy per batch. Here
  // JavaScript packs the batch into inBuf (ArrayBuffers one by one; texts
  // joined and encoded at once), go.floorBatch (wasm/bench/floor.go)
  // copies it into Go, writes the replies there and copies them into
  // outBuf, and each message is answered with its slice of outBuf. A Go
  // client built on syscall/js does this and more, so its ratio over jsEcho
  // bounds every such client.
  function goFloorEcho(url, n, window, size, text, go, api) {
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    let inBuf = new Uint8Array(0);
    let outBuf = new Uint8Array(0);
    let handed = false; // whether Go holds the current inBuf and outBuf
    return pingWindow(url, n, window, size, text, (ws, echoed, fail) => {
      const box = [];
      const channel = new MessageChannel();
      const poster = channel.port1.postMessage.bind(channel.port1, undefined, undefined);
      const once = { once: true };
      let at = 0; // where the reply being sent starts in outBuf
      const reply = text
        ? () => ws.send(decoder.decode(outBuf.subarray(at, at + size)))
        : () => ws.send(outBuf.subarray(at, at + size));
      // With api and text, Go copies each reply into a Uint8Array and calls
      // this to decode it into the string send needs, and send it.
      const sendText = (bytes) => ws.send(decoder.decode(bytes));
      const stop = () => {
        channel.port1.close();
        channel.port2.close();
      };
      let apiHanded = false; // whether go.apiFloorSetup has this socket
      ws.addEventListener("message", Array.prototype.push.bind(box));
      ws.addEventListener("message", poster, once);
      channel.port2.onmessage = () => {
        const count = box.length;
        let total = 0;
        const fit = (most) => {
          if (total + most > inBuf.length) {
            const grown = new Uint8Array(2 * (total + most));
            grown.set(inBuf.subarray(0, total));
            inBuf = grown;
            handed = false;
          }
        };
        if (text) {
          // Joined and encoded at once, as browserws's reader does.
          const joined = box.map((ev) => ev.data).join("");
          fit(3 * joined.length); // UTF-8 takes at most 3 bytes per UTF-16 unit
          total = encoder.encodeInto(joined, inBuf).written;
        } else {
          for (let i = 0; i < count; i++) {
            const data = box[i].data;
            fit(data.byteLength);
            inBuf.set(new Uint8Array(data), total);
            total += data.byteLength;
          }
        }
        if (count * size > outBuf.length) {
          outBuf = new Uint8Array(2 * count * size);
          handed = false;
        }
        if (!handed) {
          const wrong = go.floorSetup(inBuf, outBuf, size);
          if (wrong !== null) {
            stop();
            fail(new Error(wrong));
            return;
          }
          handed = true;
        }
        // With api, Go sends the replies itself: echoed counts them first.
        let replies = 0;
        let over = false;
        for (let i = 0; api && !over && i < count; i++) {
          over = !echoed(box[i].data, () => replies++);
        }
        let done = api && !apiHanded ? go.apiFloorSetup(ws, size, text ? sendText : undefined) : null;
        apiHanded = api;
        if (done === null) {
          done = api ? go.apiFloorBatch(total, count, replies) : go.floorBatch(total, count);
        }
        if (done !== count) {
          stop();
          fail(new Error("floor: " + done));
          return;
        }
        for (let i = 0; !api && !over && i < count; i++) {
          at = i * size;
          over = !echoed(box[i].data, reply);
        }
        if (over) {
          stop();
          return;
        }
        box.length = 0;
        ws.addEventListener("message", poster, once);
      };
    });
  }

  // measurements lists what run times, in the order each round runs them.
  // A sync measurement's run returns how many of its n calls behaved as
  // expected; an echo's resolves to its own time in milliseconds.
  function measurements(config, sockets) {
    const go = global.browserwsBenchGo;
    const cheap = config.closeIterations;
    const throwing = config.throwIterations;
    const list = [
      { name: "close-invalid/go-api", n: cheap, run: (n) => go.closeInvalidAPI(sockets.open, n) },
      { name: "close-invalid/js-native", n: throwing, run: (n) => jsInvalidClose(sockets.open, n) },
      { name: "close-invalid/go-native", n: throwing, run: (n) => go.closeInvalidCall(sockets.open, n) },
      { name: "close-valid/go-api", n: cheap, run: (n) => go.closeValidAPI(sockets.closed, n) },
      { name: "close-valid/go-call", n: cheap, run: (n) => go.closeValidCall(sockets.closed, n) },
      { name: "close-valid/js-native", n: cheap, run: (n) => jsValidClose(sockets.closed, n) },
      {
        name: "close-valid/js-shim",
        n: cheap,
        setup: () => global.browserwsShim.install(),
        run: (n) => shimValidClose(sockets.closed, n),
        teardown: () => global.browserwsShim.uninstall(),
      },
    ];
    const url = config.wsURL;
    const w = config.window;
    const size = config.size;
    for (const kind of ["binary", "text"]) {
      const text = kind === "text";
      list.push(
        { name: "echo-" + kind + "/js", n: config.messages, echo: (n) => jsEcho(url, n, w, size, text) },
        { name: "echo-" + kind + "/js-batched", n: config.messages, echo: (n) => jsBatchedEcho(url, n, w, size, text) },
        { name: "echo-" + kind + "/go-floor", n: config.messages, echo: (n) => goFloorEcho(url, n, w, size, text, go) },
        { name: "echo-" + kind + "/browserws", n: config.messages, echo: (n) => go.echoBrowserws(url, n, w, size, text) },
        { name: "echo-" + kind + "/coder", n: config.messages, echo: (n) => go.echoCoder(url, n, w, size, text) },
      );
      // The floor with what browserws's API shape adds, whatever its
      // insides (see apiFloor in wasm/bench/floor.go).
      list.push({
        name: "echo-" + kind + "/go-api-floor",
        n: config.messages,
        echo: (n) => goFloorEcho(url, n, w, size, text, go, true),
      });
      if (!text) {
        // The floor under every Go client that enters Go per message:
        // plain JavaScript that calls into Go once per message, to do
        // nothing.
        list.push({
          name: "echo-binary/js+go-noop",
          n: config.messages,
          echo: (n) => jsEcho(url, n, w, size, false, go.noop),
        });
      }
    }
    return list;
  }

  // settle collects both heaps, Go's (whose finalizers release the
  // js.Values of the loop before) and JavaScript's (gc exists when
  // Chromium runs with --js-flags=--expose-gc, as e2e/cmd/bench starts it),
  // so that no measurement pays for another's garbage.
  function settle() {
    global.browserwsBenchGo.settle();
    if (typeof global.gc === "function") {
      global.gc();
    }
  }

  // measure runs m once with its n iterations and returns its time in
  // milliseconds and the entries into bench.wasm's Go program meanwhile.
  async function measure(m) {
    const n = m.n;
    settle();
    const entries = bench.entries;
    const calls = bench.calls;
    const inGo = bench.inGo;
    const counts = () => ({ entries: bench.entries - entries, calls: bench.calls - calls, inGo: bench.inGo - inGo });
    if (m.echo) {
      const ms = await m.echo(n);
      return { ms, ...counts() };
    }
    if (m.setup) {
      m.setup();
    }
    try {
      const start = performance.now();
      const done = m.run(n);
      const ms = performance.now() - start;
      if (done !== n) {
        throw new Error("expected " + n + " calls to behave, got " + done);
      }
      return { ms, ...counts() };
    } finally {
      if (m.teardown) {
        m.teardown();
      }
    }
  }

  async function run(config, wasm) {
    const out = {
      crossOriginIsolated: global.crossOriginIsolated === true,
      gc: typeof global.gc === "function",
      measurements: [],
      errors: [],
    };
    let list;
    try {
      bench = await startGo("bench.wasm", wasm && wasm["bench.wasm"], "browserwsBenchReady");
      await global.browserwsShim.load((wasm && wasm["shim.wasm"]) || "shim.wasm");
      const sockets = { open: await opened(config.wsURL), closed: await closedSocket(config.wsURL) };
      const only = new RegExp(config.only || "");
      const subset = new RegExp(config.subset || "");
      list = measurements(config, sockets).filter((m) => only.test(m.name) && subset.test(m.name));
    } catch (e) {
      out.errors.push("setup: " + e);
      return out;
    }
    for (const m of list) {
      out.measurements.push({ name: m.name, iterations: m.n, ms: [], entries: [], calls: [], inGo: [] });
    }
    // Round 0 warms up V8's tiers (for JavaScript and for WebAssembly) and
    // Go's heap, and is not kept. It runs the full count: with a tenth, the
    // Go clients' echo was still 10-15 % slower in the first kept round
    // than in the later ones (see BENCHMARKS.md, tenth session).
    for (let round = 0; round <= config.rounds; round++) {
      for (let i = 0; i < list.length; i++) {
        let result = { ms: null, entries: null, calls: null, inGo: null };
        try {
          result = await measure(list[i]);
        } catch (e) {
          out.errors.push(list[i].name + " round " + round + ": " + e);
        }
        if (round > 0) {
          out.measurements[i].ms.push(result.ms);
          out.measurements[i].entries.push(result.entries);
          out.measurements[i].calls.push(result.calls);
          out.measurements[i].inGo.push(result.inGo);
        }
      }
    }
    if (global.browserwsShim.validatorMisses !== 0) {
      out.errors.push("the shim's validator accepted " + global.browserwsShim.validatorMisses + " calls the native close refused");
    }
    return out;
  }

  global.browserwsBench = { run };
})(globalThis);
