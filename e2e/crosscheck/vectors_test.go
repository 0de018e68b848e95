package crosscheck

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

func testVectors(t *testing.T) []Vector {
	scripts := []string{
		`ws.close()`, `ws.close(undefined)`, `ws.close(undefined, undefined)`, `ws.close(undefined, "r")`, `ws.close(1000, undefined)`,
		`ws.close(null)`, `ws.close(1000, null)`, `ws.close(1000, "r", "extra")`, `ws.close("1000")`, `ws.close(" 3000 ")`, `ws.close("0x3e8")`,
		`ws.close("1e3")`, `ws.close("")`, `ws.close("abc")`, `ws.close(true)`, `ws.close([1000])`, `ws.close([])`, `ws.close([1,2])`,
		`ws.close(10n)`, `ws.close(1000n)`, `ws.close(Symbol("s"))`, `ws.close(1000, Symbol("s"))`, `ws.close(function(){})`, `ws.close(1000, function f(){ return 1 })`,
		`ws.close({valueOf(){ log.push("v"); return 4000 }}, {toString(){ log.push("s"); return "x".repeat(124) }})`,
		`ws.close({valueOf(){ log.push("v"); throw new Error("mine") }}, {toString(){ log.push("s"); return "x" }})`,
		`ws.close({[Symbol.toPrimitive](h){ log.push(h); return 3000 }}, {[Symbol.toPrimitive](h){ log.push(h); return "r" }})`,
		`ws.close({[Symbol.toPrimitive]: 1})`, `ws.close(1000, {[Symbol.toPrimitive]: "x"})`, `ws.close({[Symbol.toPrimitive]: {}})`,
		`ws.close({valueOf(){ return {} }, toString(){ return {} }})`, `ws.close(1000, {toString(){ return {} }, valueOf(){ return 5 }})`,
		`ws.close(Object.create(null))`, `ws.close(1000, Object.create(null))`,
		`ws.close({get valueOf(){ log.push("get valueOf"); return () => 3001 }})`,
		`ws.close({get [Symbol.toPrimitive](){ log.push("get toPrimitive"); return undefined }, valueOf(){ log.push("valueOf"); return 3002 }})`,
		`ws.close({valueOf(){ return 10n }})`, `ws.close({valueOf(){ return Symbol() }})`, `ws.close(1000, {toString(){ return Symbol() }})`,
		`ws.close(1000, "\ud800".repeat(41))`, `ws.close(1000, "\ud800".repeat(42))`, `ws.close(1000, "\udc00\ud800" + "a".repeat(117))`,
		`ws.close(1000, "é".repeat(62))`, `ws.close(999.9999)`, `ws.close(-0)`, `ws.close(-0.9)`, `ws.close(65535.9)`, `ws.close(4294968296)`,
		`WebSocket.prototype.close.call({}, 1000)`, `WebSocket.prototype.close.call(undefined)`, `WebSocket.prototype.close.call(Object.create(WebSocket.prototype))`,
		`WebSocket.prototype.close.call(Object.create(WebSocket.prototype), 5)`, `WebSocket.prototype.close.call({}, {valueOf(){ log.push("v"); return 1 }})`,
		`Reflect.apply(ws.close, ws, [3000, "x"])`, `ws.close(); ws.close(5)`, `ws.close(1000); ws.close(1000, "y")`,
		`log.push(String(ws.close.length), ws.close.name)`, `try { new ws.close() } catch (e) { log.push(e.constructor.name, e.message) }`,
		`class C { valueOf(){ return 1 } }; ws.close(new C())`, `class D { static [Symbol.toPrimitive] = 1 }; ws.close(Object.create(D))`,
		`ws.close(new Proxy({}, {get(t, k){ log.push(String(k)); return undefined }}))`,
		`ws.close(3000, new Proxy({}, {get(t, k){ log.push(String(k)); return k === "toString" ? () => "p" : undefined }}))`,
	}
	var out []Vector
	states := []string{"open", "closed", "closing", "connecting"}
	if s := os.Getenv("STATES"); s != "" {
		states = strings.Split(s, ",")
	}
	for _, state := range states {
		for i, s := range scripts {
			out = append(out, Vector{Name: "t/" + state + "/" + string(rune('A'+i/26)) + string(rune('a'+i%26)), State: state, Script: s})
		}
	}
	return out
}

func chromiumConcurrency() int {
	n, _ := strconv.Atoi(os.Getenv("CONC"))
	return n
}
