package crosscheck

import (
	"encoding/json"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env, err := Start(ctx)
	require.NoError(t, err)
	defer env.Close()
	vectors := []Vector{
		{"a", "open", "ws.close(1000, 'x')"},
		{"b", "open", "ws.close(999.5)"},
		{"c", "closed", "ws.close(undefined, 'r')"},
		{"d", "closing", "ws.close({valueOf(){log.push('v'); return 3000}}, {toString(){log.push('s'); return 'r'}})"},
		{"e", "connecting", "ws.close()"},
		{"f", "open", "WebSocket.prototype.close.call(Object.create(WebSocket.prototype), 1000)"},
		{"g", "open", "ws.close(Symbol())"},
		{"h", "open", "ws.close({[Symbol.toPrimitive]: 1})"},
		{"i", "connecting", "ws.close(5)"},
	}
	b, err := StartBrowser()
	require.NoError(t, err)
	defer b.Close()
	for _, run := range []func() ([]Result, error){
		func() ([]Result, error) { return b.RunChromium(ctx, env, vectors, Options{}) },
		func() ([]Result, error) { return RunNode(ctx, env, vectors, Options{}) },
	} {
		start := time.Now()
		results, err := run()
		require.NoError(t, err)
		for _, r := range results {
			n, _ := json.Marshal(r.Native); s, _ := json.Marshal(r.Shim); t.Logf("%s %s agree=%v diff=%v\n native=%s\n shim  =%s", r.Engine, r.Name, r.Agree, r.Diff, n, s)
		}
		t.Log(time.Since(start))
	}
}
