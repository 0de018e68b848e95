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
//
// In Node.js, require() this file and pass load() the bytes of shim.wasm.
(function (global) {
  "use strict";

  const apply = Reflect.apply;
  const toPrimitiveSymbol = Symbol.toPrimitive;
  const WebSocketClass = global.WebSocket;
  const proto = WebSocketClass && WebSocketClass.prototype;
  const nativeDescriptor = proto && Object.getOwnPropertyDescriptor(proto, "close");
  const nativeClose = nativeDescriptor && nativeDescriptor.value;
  // The native readyState getter checks its receiver exactly as the native
  // close does (Chromium: a real WebSocket; undici: instanceof), with the
  // same TypeError, so it serves as close's receiver check.
  const readyStateDescriptor = proto && Object.getOwnPropertyDescriptor(proto, "readyState");
  const checkReceiver = readyStateDescriptor && readyStateDescriptor.get;
  // Both are called through Function.prototype.call bound now: later
  // changes to Function.prototype cannot reach them, and unlike
  // Reflect.apply no array of arguments is made on every call.
  const bindCall = (fn) => fn && Function.prototype.call.bind(fn);
  const callNativeClose = bindCall(nativeClose);
  const callCheckReceiver = bindCall(checkReceiver);

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
  const noTraps = Object.freeze(Object.create(null));
  function isCallable(v) {
    return typeof v === "function" || (isHTMLDDA(v) && typeof new ProxyClass(v, noTraps) === "function");
  }

  // Chromium: WebIDL conversions whose own failures (not exceptions thrown
  // by the caller's valueOf, toString or Symbol.toPrimitive, which pass
  // through untouched) are rethrown as TypeErrors with Blink's prefix.
  // ToPrimitive is spelled out because only here can the two be told apart.
  function conversionError(message) {
    return new TypeError(chromiumPrefix + message);
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
    const probe = Object.create(Object.getPrototypeOf(input));
    Object.defineProperty(probe, toPrimitiveSymbol, { value: value });
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
    return String(primitive).toWellFormed();
  }

  // undici converts with Number() and a template literal, no prefix.
  function undiciToNumber(value) {
    return Number(value);
  }

  function undiciToUSVString(value) {
    return `${value}`.toWellFormed();
  }

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
  // socket; asking once per code makes the shim's cost a Map lookup. The
  // verdict is still Go's, asked the first time a code is seen.
  function memoize(validate) {
    // One table per shape of call: [hasCode][hasReason]. Map keys compare
    // with SameValueZero: NaN finds NaN, and -0 is 0, as for [Clamp].
    const tables = [new Map(), new Map(), new Map(), new Map()];
    return function (hasCode, number, hasReason, text) {
      if (text.length > shortReason) {
        return validate(hasCode, number, hasReason, text);
      }
      const table = tables[(hasCode ? 2 : 0) + (hasReason ? 1 : 0)];
      const key = hasCode ? number : 0;
      let failure = table.get(key);
      if (failure === undefined) {
        failure = validate(hasCode, number, hasReason, text);
        if (table.size < maxVerdicts) {
          table.set(key, failure);
        }
      }
      return failure;
    };
  }

  function makeClose(engine, goValidate) {
    const validate = memoize(goValidate);
    const chromium = engine !== "undici";
    const toNumber = chromium ? chromiumToNumber : undiciToNumber;
    const toUSVString = chromium ? chromiumToUSVString : undiciToUSVString;
    // A method, so that like the native one it has name "close", length 0
    // and is not a constructor.
    return {
      close() {
        callCheckReceiver(this);
        const code = arguments[0];
        const reason = arguments[1];
        let hasCode;
        let hasReason;
        if (chromium) {
          // Blink drops trailing undefined arguments, and only those.
          let count = arguments.length;
          while (count > 0 && arguments[count - 1] === undefined) {
            count--;
          }
          hasCode = count >= 1;
          hasReason = count >= 2;
        } else {
          hasCode = code !== undefined;
          hasReason = reason !== undefined;
        }
        const number = hasCode ? toNumber(code) : 0;
        const text = hasReason ? toUSVString(reason) : "";
        const failure = validate(hasCode, number, hasReason, text);
        if (failure !== null) {
          if (failure[0] === "TypeError") {
            throw new TypeError(failure[1]);
          }
          throw new DOMException(failure[1], failure[0]);
        }
        try {
          // Exactly as many arguments as the caller's call has.
          if (hasReason) {
            return callNativeClose(this, hasCode ? number : undefined, text);
          }
          return hasCode ? callNativeClose(this, number) : callNativeClose(this);
        } catch (e) {
          // The native close re-checks what Go accepted; a refusal here is
          // a validator miss, counted so the cross-check can see it (the
          // caller still gets the native exception).
          if (e instanceof DOMException && (e.name === "InvalidAccessError" || e.name === "SyntaxError")) {
            validatorMisses++;
          }
          throw e;
        }
      },
    }.close;
  }

  let validatorMisses = 0;

  let loaded = null;
  let installed = false;

  const shim = {
    // load starts shim.wasm, from a URL or from its bytes, and resolves once
    // the Go validator is ready. Loading twice returns the same promise.
    load(source) {
      if (loaded === null) {
        loaded = start(source);
      }
      return loaded;
    },

    // install puts the shim over WebSocket.prototype.close.
    install() {
      if (typeof global.browserwsShimValidate !== "function") {
        throw new Error("browserwsShim.install: call and await load() first");
      }
      const replacement = makeClose(global.browserwsShimEngine, global.browserwsShimValidate);
      Object.defineProperty(proto, "close", Object.assign({}, nativeDescriptor, { value: replacement }));
      installed = true;
    },

    // uninstall puts the native close back.
    uninstall() {
      Object.defineProperty(proto, "close", nativeDescriptor);
      installed = false;
    },

    get installed() {
      return installed;
    },

    // engine is "chromium" or "undici" once loaded.
    get engine() {
      return global.browserwsShimEngine;
    },

    // nativeClose is the close the shim calls after validating.
    nativeClose: nativeClose,

    // validatorMisses counts the calls the Go validator accepted but the
    // native close then refused: zero unless the validator is wrong.
    get validatorMisses() {
      return validatorMisses;
    },
  };

  async function start(source) {
    if (!proto || typeof nativeClose !== "function") {
      throw new Error("browserwsShim: this host has no WebSocket");
    }
    const go = new global.Go();
    const ready = new Promise((resolve) => {
      global.browserwsShimReady = resolve;
    });
    const result = typeof source === "string"
      ? await WebAssembly.instantiateStreaming(fetch(source), go.importObject)
      : await WebAssembly.instantiate(source, go.importObject);
    go.run(result.instance);
    await ready;
    delete global.browserwsShimReady;
  }

  global.browserwsShim = shim;
})(globalThis);
