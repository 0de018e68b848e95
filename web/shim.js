// browserws shim: replaces WebSocket.prototype.close with a function that
// converts its arguments exactly as the engine does, asks the Go validator
// (wasm/shim, compiled to shim.wasm) whether close may go on, throws the
// engine's own exception if not, and otherwise calls the saved native close
// with the converted values. Go's verdict on a code is remembered (see
// memoize), so a program that closes many sockets asks Go once per code.
//
// It uses no eval and no new Function, so it loads under a
// Content-Security-Policy of script-src 'self' 'wasm-unsafe-eval'. It needs
// wasm_exec.js loaded first. In a page:
//
//   await browserwsShim.load("shim.wasm");
//   browserwsShim.install();   // every ws.close(...) now goes through Go
//   browserwsShim.uninstall(); // the native close is back
//   browserwsShim.stop();      // uninstalls, then ends the Go program
//
// In Node.js, require() this file and pass load() the bytes of shim.wasm.
// A failed load can be tried again. The Go program hands its validator to
// this file alone (see wasm/shim) and nothing of it stays on globalThis, so
// page code cannot replace or stop the validator of an installed shim; the
// globals this file and wasm_exec.js use while a call is under way are taken
// when this file runs. If the Go program ends, or cannot answer, the shim
// uninstalls itself and that call is decided by the native close.
//
// It knows four engines, whose differences are the rows of engineRules:
// Chromium (Blink), Firefox (Gecko), WebKit (WebCore) and undici (Node.js).
// Go's validator tells the shim which one it runs in.
//
// What a page can tell: the installed close is a Proxy of the native one
// (see makeClose), so its name, length, properties, "is not a constructor"
// messages and (in Chromium; undici's name its own internal frames) the
// stack of the exceptions it throws are the native close's. In Firefox and
// WebKit the stacks show the shim's frames, and its DOMExceptions lack the
// own line/column properties WebKit gives the native ones.
//
// Firefox words a conversion error after the caller's source text when it
// can: natively, ws.close(x) with an x that has no primitive value throws
// "can't convert x to number". The shim converts with a builtin that sees
// only the value, so it throws "can't convert ({...}) to number", the value
// rendered as source, which is what native close says for a literal
// argument or one passed through Reflect.apply. No script can read the
// caller's source text, so this one wording stays different.
// Function.prototype.toString alone differs: it gives
// "function () { [native code] }" (native: "function close() { [native
// code] }" in Chromium, undici's source in Node); giving the native text
// would mean patching Function.prototype.toString for every script of the
// page, which we do not do. Exceptions the caller's own valueOf, toString
// or Symbol.toPrimitive throw pass through untouched, shim frames included.
(function (global) {
  "use strict";

  // Whatever the shim uses once a call is under way is taken now, while this
  // file runs: page code may replace any global later (DOMException, Number,
  // Object, ...) and an installed shim must not notice.
  const apply = Reflect.apply;
  const toPrimitiveSymbol = Symbol.toPrimitive;
  const DOMExceptionClass = global.DOMException;
  const TypeErrorClass = TypeError;
  const NumberFunction = Number;
  const Float64ArrayClass = Float64Array;
  const float64Of = Float64Array.of;
  const stringConcat = String.prototype.concat;
  const toWellFormed = String.prototype.toWellFormed;
  const objectCreate = Object.create;
  const getPrototypeOf = Object.getPrototypeOf;
  const defineProperty = Object.defineProperty;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const hasOwn = Object.hasOwn;

  // plain copies a property descriptor into one without a prototype, so
  // that fields a page adds to Object.prototype (get, set) cannot slip into
  // it when it is given to defineProperty.
  function plain(d) {
    return hasOwn(d, "value")
      ? { __proto__: null, value: d.value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable }
      : { __proto__: null, get: d.get, set: d.set, enumerable: d.enumerable, configurable: d.configurable };
  }

  // The globals wasm_exec.js reads by name while JavaScript calls into Go
  // (Reflect.get for every argument, String for every string, ...), as they
  // are now. Page code may replace any of them later: callGo runs each call
  // into Go with these and puts the page's back after. No page code runs in
  // between, so nothing can see the swap.
  const goGlobalNames = ["Reflect", "String", "Math", "isNaN", "Array", "Uint8Array", "Uint8ClampedArray",
    "DataView", "Date", "performance", "crypto", "setTimeout", "clearTimeout"];
  const goGlobals = goGlobalNames.map((name) => {
    const d = getOwnPropertyDescriptor(global, name);
    if (d === undefined) {
      return undefined;
    }
    return {
      // Some are accessors (performance, crypto): the value is what the
      // host's own getter returns, which a page's assignment can change.
      get: hasOwn(d, "value") ? undefined : d.get,
      value: global[name],
      swap: { __proto__: null, value: global[name], writable: true, enumerable: false, configurable: true },
    };
  });

  // unchanged reports whether now, a global's descriptor, still gives want's
  // value. Only the host's own getter is ever called, never a page's.
  function unchanged(want, now) {
    if (now === undefined) {
      return false;
    }
    if (hasOwn(now, "value")) {
      return now.value === want.value;
    }
    return want.get !== undefined && now.get === want.get && apply(now.get, global, []) === want.value;
  }

  // callGo returns fn(a, b, c, d), called with wasm_exec.js's globals as
  // they were when this file ran. It throws if one cannot be put back (page
  // code made it non-configurable): the caller must then do without Go.
  function callGo(fn, a, b, c, d) {
    let changed = null;
    try {
      for (let i = 0; i < goGlobalNames.length; i++) {
        const want = goGlobals[i];
        if (want === undefined) {
          continue;
        }
        const now = getOwnPropertyDescriptor(global, goGlobalNames[i]);
        if (unchanged(want, now)) {
          continue;
        }
        if (changed === null) {
          changed = [];
        }
        // By index: Array.prototype.push is the page's to replace.
        changed[changed.length] = i;
        changed[changed.length] = now === undefined ? undefined : plain(now);
        defineProperty(global, goGlobalNames[i], want.swap);
      }
      return fn(a, b, c, d);
    } finally {
      if (changed !== null) {
        for (let j = 0; j < changed.length; j += 2) {
          const name = goGlobalNames[changed[j]];
          if (changed[j + 1] === undefined) {
            delete global[name];
          } else {
            defineProperty(global, name, changed[j + 1]);
          }
        }
      }
    }
  }
  const WebSocketClass = global.WebSocket;
  const proto = WebSocketClass && WebSocketClass.prototype;
  const nativeDescriptor = proto && Object.getOwnPropertyDescriptor(proto, "close");
  const nativeClose = nativeDescriptor && nativeDescriptor.value;
  // The native readyState getter checks its receiver exactly as the native
  // close does (a real WebSocket; undici: instanceof), so it serves as
  // close's receiver check, with no side effect. Chromium and undici throw
  // the same TypeError from both; Firefox and WebKit word each member's
  // own ("'get readyState' called on ...", "The WebSocket.readyState
  // getter can only be used ..."): see receiverError in engineRules.
  const readyStateDescriptor = proto && Object.getOwnPropertyDescriptor(proto, "readyState");
  const checkReceiver = readyStateDescriptor && readyStateDescriptor.get;
  // Both are called through Function.prototype.call bound now: later
  // changes to Function.prototype cannot reach them, and unlike
  // Reflect.apply no array of arguments is made on every call.
  const bindCall = (fn) => fn && Function.prototype.call.bind(fn);
  const callNativeClose = bindCall(nativeClose);
  const callCheckReceiver = bindCall(checkReceiver);
  // The String.prototype.toWellFormed of when this file ran, not the one
  // page code may have put there since.
  const callToWellFormed = bindCall(toWellFormed);
  // The memo's Map and its methods (see memoize), likewise.
  const MapClass = Map;
  const mapGet = bindCall(Map.prototype.get);
  const mapSet = bindCall(Map.prototype.set);
  const mapSize = bindCall(Object.getOwnPropertyDescriptor(Map.prototype, "size").get);

  const chromiumPrefix = "Failed to execute 'close' on 'WebSocket': ";

  // The engine's type tests, not typeof's. An object with ECMAScript's
  // [[IsHTMLDDA]] slot (document.all) is the one value besides undefined
  // whose typeof is "undefined", and it is == null, yet it is an object and
  // it is callable: typeof "function", "object", == null and the like each
  // get it wrong somewhere.
  function isHTMLDDA(v) {
    return typeof v === "undefined" && v !== undefined;
  }

  // Type(v) is Object.
  function isObject(v) {
    return typeof v === "object" ? v !== null : typeof v === "function" || isHTMLDDA(v);
  }

  // IsCallable(v). typeof says "function" for every object with [[Call]]
  // except an [[IsHTMLDDA]] one. For that one, a Proxy, which has [[Call]]
  // exactly when its target does and is never [[IsHTMLDDA]] itself, lets
  // typeof tell without calling anything.
  const ProxyClass = Proxy;
  const noTraps = Object.freeze(objectCreate(null));
  function isCallable(v) {
    return typeof v === "function" || (isHTMLDDA(v) && typeof new ProxyClass(v, noTraps) === "function");
  }

  // Chromium: WebIDL conversions whose own failures (not exceptions thrown
  // by the caller's valueOf, toString or Symbol.toPrimitive, which pass
  // through untouched) are rethrown as TypeErrors with Blink's prefix.
  // ToPrimitive is spelled out because only here can the two be told apart.
  function conversionError(message) {
    return ownError(new TypeErrorClass(chromiumPrefix + message));
  }

  // ownError gives an exception the shim makes the stack the engine's own
  // would have: from the caller down, without the shim's frames (in
  // Chromium a refused close's DOMException has an own stack; one made with
  // new DOMException has none). Exceptions of the caller's own valueOf,
  // toString or Symbol.toPrimitive are left as they are.
  const captureStackTrace = typeof Error.captureStackTrace === "function" ? Error.captureStackTrace : null;
  function ownError(e) {
    if (captureStackTrace !== null) {
      captureStackTrace(e, closeTrap);
    }
    return e;
  }

  // ECMAScript ToPrimitive(input, hint).
  function toPrimitive(input, hint) {
    if (!isObject(input)) {
      return input;
    }
    // GetMethod: only undefined and null mean "none"; document.all, which
    // is == null, is a method like any other.
    const exotic = input[toPrimitiveSymbol];
    if (exotic !== undefined && exotic !== null) {
      if (!isCallable(exotic)) {
        throw conversionError(notCallableMessage(input, exotic));
      }
      const result = apply(exotic, input, [hint]);
      if (isObject(result)) {
        throw conversionError("Cannot convert object to primitive value");
      }
      return result;
    }
    // OrdinaryToPrimitive.
    const order = hint === "string" ? ["toString", "valueOf"] : ["valueOf", "toString"];
    for (let i = 0; i < order.length; i++) {
      const method = input[order[i]];
      if (isCallable(method)) {
        const result = apply(method, input, []);
        if (!isObject(result)) {
          return result;
        }
      }
    }
    throw conversionError("Cannot convert object to primitive value");
  }

  // Blink converts through V8's C++ path, which words the error for a
  // non-callable Symbol.toPrimitive as "'1' returned for property
  // 'Symbol(Symbol.toPrimitive)' of object '#<Object>' is not a function".
  // Number.prototype.toFixed converts on the same path: let it word the
  // error on a stand-in with the input's prototype (for the '#<Class>' part)
  // so none of the caller's code runs twice.
  const toFixed = Number.prototype.toFixed;
  function notCallableMessage(input, value) {
    const probe = objectCreate(getPrototypeOf(input));
    defineProperty(probe, toPrimitiveSymbol, { __proto__: null, value: value });
    try {
      apply(toFixed, 1, [probe]);
    } catch (e) {
      return e.message;
    }
    return "Cannot convert object to primitive value";
  }

  // WebIDL [Clamp] unsigned short, up to the clamping that Go does: ToNumber.
  function chromiumToNumber(value) {
    const primitive = toPrimitive(value, "number");
    if (typeof primitive === "symbol") {
      throw conversionError("Cannot convert a Symbol value to a number");
    }
    if (typeof primitive === "bigint") {
      throw conversionError("Cannot convert a BigInt value to a number");
    }
    return +primitive;
  }

  // WebIDL USVString: ToString, then lone surrogates to U+FFFD.
  function chromiumToUSVString(value) {
    const primitive = toPrimitive(value, "string");
    if (typeof primitive === "symbol") {
      throw conversionError("Cannot convert a Symbol value to a string");
    }
    return callToWellFormed("" + primitive);
  }

  // undici converts with Number() and a template literal, no prefix.
  function undiciToNumber(value) {
    return NumberFunction(value);
  }

  function undiciToUSVString(value) {
    return callToWellFormed(`${value}`);
  }

  // Firefox and WebKit: the engine's own ToNumber and ToString, run by
  // builtins captured above, so their errors are the engine's own words
  // (Firefox: "can't convert BigInt to number", "can't convert ({}) to
  // number", "can't convert Object to string"; WebKit: "Conversion from
  // 'BigInt' to 'number' is not allowed.", "No default value", ...) and the
  // caller's valueOf, toString or Symbol.toPrimitive run once each, in the
  // engine's order, their exceptions untouched. Float64Array.of stores its
  // argument with ToNumber, exactly (no rounding); String.prototype.concat
  // applies ToString (String(v) would turn a Symbol into text instead of
  // throwing). Both go through Reflect.apply with the value inside an
  // array: Firefox words the error after the source text of the frame that
  // holds the value, and an array element has none, so it renders the
  // value, as native close does for a literal argument.
  function builtinToNumber(value) {
    if (typeof value === "number") {
      return value;
    }
    return apply(float64Of, Float64ArrayClass, [value])[0];
  }

  function builtinToUSVString(value) {
    const text = typeof value === "string" ? value : apply(stringConcat, "", [value]);
    return apply(toWellFormed, text, []);
  }

  // engineRules are the ways the engines' close differ before Go's
  // validator has its say, one row each; Go names the row (wasm/shim).
  //
  //   - undefinedArgs: "trailing" drops trailing undefined arguments and
  //     converts the others (Blink: close(undefined, "r") converts the code
  //     to NaN); "each" treats undefined as absent wherever it is.
  //   - receiverError: "getter" when the readyState getter's exception for
  //     a receiver that is not a socket is close's own; "close" when close
  //     words it otherwise: then the native close is called on that
  //     receiver without arguments to throw it. Its receiver check comes
  //     before anything else it does, so nothing else happens.
  //   - ownStacks: exceptions the shim throws get the stack the engine's
  //     would have, without the shim's frames (V8's captureStackTrace; in
  //     Firefox it would add an own stack property native ones lack).
  //
  // An engine name not listed here is Chromium, as for Go's validator.
  const engineRules = {
    __proto__: null,
    chromium: { undefinedArgs: "trailing", receiverError: "getter", ownStacks: true, toNumber: chromiumToNumber, toUSVString: chromiumToUSVString },
    undici: { undefinedArgs: "each", receiverError: "getter", ownStacks: true, toNumber: undiciToNumber, toUSVString: undiciToUSVString },
    firefox: { undefinedArgs: "each", receiverError: "close", ownStacks: false, toNumber: builtinToNumber, toUSVString: builtinToUSVString },
    webkit: { undefinedArgs: "each", receiverError: "close", ownStacks: false, toNumber: builtinToNumber, toUSVString: builtinToUSVString },
  };

  // A reason of at most this many UTF-16 code units is at most 123 bytes of
  // UTF-8 (three bytes per unit at most), so no engine refuses it, and the
  // verdict on such a call depends on the code alone.
  const shortReason = 41;
  // How many verdicts each table keeps: enough for every code a program
  // uses, bounded for one that tries them all.
  const maxVerdicts = 256;

  // memoize keeps the Go validator's verdicts on calls whose reason is
  // short, keyed by the converted code. Crossing from JavaScript into Go
  // costs microseconds, a hundred times the native close of a closed
  // socket; asking once per code makes the shim's cost a table lookup. The
  // verdict is still Go's, asked the first time a code is seen.
  function memoize(validate) {
    // One table per shape of call: [hasCode][hasReason]. Map keys compare
    // with SameValueZero: NaN finds NaN, and -0 is 0, as for [Clamp]. The
    // last verdict is also kept apart, for a program that closes with the
    // same code again and again: === misses only NaN, which the table
    // then finds.
    const tables = [new MapClass(), new MapClass(), new MapClass(), new MapClass()];
    let lastTable = -1;
    let lastKey = 0;
    let lastFailure = null;
    return function (hasCode, number, hasReason, text) {
      if (text.length > shortReason) {
        return callGo(validate, hasCode, number, hasReason, text);
      }
      const which = (hasCode ? 2 : 0) + (hasReason ? 1 : 0);
      const key = hasCode ? number : 0;
      if (which === lastTable && key === lastKey) {
        return lastFailure;
      }
      const table = tables[which];
      let failure = mapGet(table, key);
      if (failure === undefined) {
        failure = callGo(validate, hasCode, number, hasReason, text);
        if (mapSize(table) < maxVerdicts) {
          mapSet(table, key, failure);
        }
      }
      lastTable = which;
      lastKey = key;
      lastFailure = failure;
      return failure;
    };
  }

  // makeClose returns the replacement close for runtime, a started Go
  // program (see start): a Proxy of the native close whose apply trap is
  // closeTrap. Everything else reaches the native function itself, so the
  // replacement has its name, length, properties and prototype, is not a
  // constructor, and an error that renders it (Reflect.construct,
  // class extends) renders the native function. Function.prototype.toString
  // gives "function () { [native code] }", as for any Proxy: the native
  // text would need Function.prototype.toString patched, which every script
  // of the page would then see; the shim's source never shows. The handler
  // has no prototype, so traps added to Object.prototype do not reach it.
  function makeClose(runtime, goValidate) {
    const rules = engineRules[runtime.engine] || engineRules.chromium;
    // What closeTrap reads on every call is in an ordinary object of its
    // own, which no script can reach (every field it reads is an own one,
    // so nothing a page adds to Object.prototype is read): V8 keeps an
    // object without a prototype, as the handler must be, in dictionary
    // mode, where each read is a lookup.
    const state = {
      runtime: runtime,
      go: runtime.go,
      validate: memoize(goValidate),
      trailingUndefined: rules.undefinedArgs === "trailing",
      receiverFromClose: rules.receiverError === "close",
      own: rules.ownStacks ? ownError : sameError,
      refuseReceiver: refuseReceiver,
      toNumber: rules.toNumber,
      toUSVString: rules.toUSVString,
    };
    return new ProxyClass(nativeClose, { __proto__: null, apply: closeTrap, state: state });
  }

  function sameError(e) {
    return e;
  }

  // isQuiet reports whether converting v to a number or a string runs no
  // code and throws nothing: a primitive other than a Symbol or a BigInt
  // (document.all, typeof "undefined", is an object).
  function isQuiet(v) {
    const type = typeof v;
    return type === "number" || type === "string" || type === "boolean" || v === undefined || v === null;
  }

  // refuseReceiver throws close's exception for a receiver that is not a
  // socket; this is the handler's state (see makeClose).
  function refuseReceiver(self) {
    try {
      callCheckReceiver(self);
    } catch (e) {
      if (this.receiverFromClose) {
        // Throws close's own TypeError for self before it reads any
        // argument (Firefox, WebKit), so nothing else happens.
        callNativeClose(self);
      }
      throw this.own(e);
    }
  }

  // closeTrap is close(...args) called on self; this is the Proxy's
  // handler, and this.state what it reads (see makeClose). Once the Go
  // program has exited, the shim uninstalls itself and the call is the
  // native one.
  function closeTrap(target, self, args) {
    const state = this.state;
    if (state.go.exited) {
      ended(state.runtime);
      return apply(nativeClose, self, args);
    }
    // The receiver is checked before anything that can throw or run the
    // caller's code. Converting a number, string, boolean, null or
    // undefined does neither, so with those the check waits for a refusal,
    // and a close that goes on leaves it to the native close, which makes
    // it first and throws the same TypeError.
    const quiet = isQuiet(args[0]) && isQuiet(args[1]);
    if (!quiet) {
      state.refuseReceiver(self);
    }
    let hasCode;
    let hasReason;
    if (state.trailingUndefined) {
      // Blink drops trailing undefined arguments, and only those.
      let count = args.length;
      while (count > 0 && args[count - 1] === undefined) {
        count--;
      }
      hasCode = count >= 1;
      hasReason = count >= 2;
    } else {
      // Gecko, WebKit and undici: undefined is a missing argument wherever
      // it is (document.all, == undefined but not ===, is an argument).
      hasCode = args[0] !== undefined;
      hasReason = args[1] !== undefined;
    }
    const number = hasCode ? state.toNumber(args[0]) : 0;
    const text = hasReason ? state.toUSVString(args[1]) : "";
    let failure;
    try {
      failure = state.validate(hasCode, number, hasReason, text);
    } catch (e) {
      // Go could not answer: its program has ended, or page code made a
      // global wasm_exec.js reads impossible to put back (see callGo). The
      // native close decides this call from the converted values
      // (converting them again runs no code of the caller's), and the shim
      // steps aside for good: the Go program's state is unknown now.
      ended(state.runtime);
      failure = undefined;
    }
    if (failure) {
      if (quiet) {
        state.refuseReceiver(self);
      }
      if (failure[0] === "TypeError") {
        throw state.own(new TypeErrorClass(failure[1]));
      }
      throw state.own(new DOMExceptionClass(failure[1], failure[0]));
    }
    try {
      // Exactly as many arguments as the caller's call has.
      if (hasReason) {
        return callNativeClose(self, hasCode ? number : undefined, text);
      }
      return hasCode ? callNativeClose(self, number) : callNativeClose(self);
    } catch (e) {
      // The native close re-checks what Go accepted; a refusal here is a
      // validator miss, counted so the cross-check can see it (the caller
      // still gets the native exception).
      if (failure === null && e instanceof DOMExceptionClass && (e.name === "InvalidAccessError" || e.name === "SyntaxError")) {
        validatorMisses++;
      }
      throw state.own(e);
    }
  }

  let validatorMisses = 0;

  // The Go program the shim runs on, once started: {go, engine, stopGo,
  // close}. Only this file holds it; nothing of it is on globalThis.
  let current = null;
  // The promise of the load under way or done; null when none is, or when
  // the last one failed or its program has ended, so that load starts again.
  let loaded = null;

  // ownClose reports whether WebSocket.prototype.close is runtime's close.
  function ownClose(runtime) {
    const d = getOwnPropertyDescriptor(proto, "close");
    return d !== undefined && hasOwn(d, "value") && d.value === runtime.close;
  }

  // restoreNative puts the native close back. The descriptor has no
  // prototype, so fields a page adds to Object.prototype (get, set) cannot
  // slip into it.
  function restoreNative() {
    defineProperty(proto, "close", {
      __proto__: null,
      value: nativeClose,
      writable: nativeDescriptor.writable,
      enumerable: nativeDescriptor.enumerable,
      configurable: nativeDescriptor.configurable,
    });
  }

  // ended forgets runtime, whose program has exited or is being stopped,
  // after putting the native close back if runtime's is in place.
  function ended(runtime) {
    if (current !== runtime) {
      return;
    }
    if (ownClose(runtime)) {
      restoreNative();
    }
    current = null;
    loaded = null;
  }

  const shim = {
    // load starts shim.wasm, from a URL or from its bytes, and resolves once
    // the Go validator is ready. While that load is under way or done, load
    // returns the same promise; after a failure, or once stop has ended the
    // program, it starts again.
    //
    // options.wrapValidator is for tests only: it is given the Go validator,
    // validate(hasCode, code, hasReason, reason) returning null or
    // [name, message], and returns the function the shim calls instead
    // (e2e/crosscheck replaces it with one that accepts everything to prove
    // that the cross-check notices).
    load(source, options) {
      if (loaded === null) {
        const attempt = start(source, options);
        loaded = attempt;
        attempt.catch(() => {
          if (loaded === attempt) {
            loaded = null;
          }
        });
      }
      return loaded;
    },

    // install puts the shim over WebSocket.prototype.close.
    install() {
      if (current === null) {
        throw new Error("browserwsShim.install: call and await load() first");
      }
      defineProperty(proto, "close", {
        __proto__: null,
        value: current.close,
        writable: nativeDescriptor.writable,
        enumerable: nativeDescriptor.enumerable,
        configurable: nativeDescriptor.configurable,
      });
    },

    // uninstall puts the native close back.
    uninstall() {
      restoreNative();
    },

    // stop uninstalls the shim, then ends its Go program; load starts it
    // again. Without a loaded shim it does nothing.
    stop() {
      const runtime = current;
      if (runtime === null) {
        return;
      }
      restoreNative();
      ended(runtime);
      callGo(runtime.stopGo);
    },

    // installed is whether WebSocket.prototype.close is the shim now.
    get installed() {
      return current !== null && ownClose(current);
    },

    // engine is "chromium", "firefox", "webkit" or "undici" once loaded.
    get engine() {
      return current === null ? undefined : current.engine;
    },

    // nativeClose is the close the shim calls after validating.
    nativeClose: nativeClose,

    // validatorMisses counts the calls the Go validator accepted but the
    // native close then refused: zero unless the validator is wrong.
    get validatorMisses() {
      return validatorMisses;
    },
  };

  // The global through which wasm/shim hands its functions over, present
  // only while go.run starts the program.
  const readyName = "browserwsShimReady";

  async function start(source, options) {
    if (!proto || typeof nativeClose !== "function") {
      throw new Error("browserwsShim: this host has no WebSocket");
    }
    const wrapValidator = options != null ? options.wrapValidator : undefined;
    const go = new global.Go();
    const result = typeof source === "string"
      ? await WebAssembly.instantiateStreaming(fetch(source), go.importObject)
      : await WebAssembly.instantiate(source, go.importObject);
    let handed = null;
    defineProperty(global, readyName, {
      __proto__: null,
      configurable: true,
      writable: true,
      value: (validate, engine, stop) => {
        if (handed === null) {
          handed = { validate, engine, stop };
        }
      },
    });
    let exit;
    try {
      // main runs until it first blocks, having handed its functions over.
      exit = callGo((instance) => go.run(instance), result.instance);
    } finally {
      delete global[readyName];
    }
    if (handed === null || typeof handed.validate !== "function" || typeof handed.stop !== "function") {
      // Some other program: say why if go.run failed (it has by now).
      let why = go.exited ? "it exited" : "it handed nothing over";
      try {
        await Promise.race([exit, undefined]);
      } catch (e) {
        why = String(e);
      }
      throw new Error("browserwsShim.load: not the browserws shim (wasm/shim): " + why);
    }
    const validate = typeof wrapValidator === "function" ? wrapValidator(handed.validate) : handed.validate;
    const runtime = { go, engine: String(handed.engine), stopGo: handed.stop, close: null };
    runtime.close = makeClose(runtime, validate);
    const stopped = () => ended(runtime);
    exit.then(stopped, stopped);
    current = runtime;
  }

  global.browserwsShim = shim;
})(globalThis);
