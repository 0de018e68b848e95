package browser

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRemoteJSONWritesWhatJSONStringifyWould(t *testing.T) {
	for _, tc := range []struct{ name, remote, want string }{
		{"number", `{"type":"number","value":1.5}`, `1.5`},
		{"NaN", `{"type":"number","value":"NaN"}`, `null`},
		{"infinity", `{"type":"number","value":"-Infinity"}`, `null`},
		{"minus zero", `{"type":"number","value":"-0"}`, `0`},
		{"string", `{"type":"string","value":"a\"\u0000é"}`, `"a\"\u0000é"`},
		{"boolean", `{"type":"boolean","value":false}`, `false`},
		{"null", `{"type":"null"}`, `null`},
		{"undefined", `{"type":"undefined"}`, `null`},
		{"date", `{"type":"date","value":"1970-01-01T00:00:00.000Z"}`, `"1970-01-01T00:00:00.000Z"`},
		{"array", `{"type":"array","value":[{"type":"number","value":1},{"type":"undefined"},{"type":"function"}]}`, `[1,null,null]`},
		{"object", `{"type":"object","value":[["a",{"type":"undefined"}],["b\n",{"type":"object","value":[]}],["c",{"type":"symbol"}],["d",{"type":"array","value":[]}]]}`, `{"b\n":{},"d":[]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v remoteValue
			require.NoError(t, json.Unmarshal([]byte(tc.remote), &v))
			got, err := remoteJSON(v)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
			assert.True(t, json.Valid(got))
		})
	}
	for _, tc := range []struct{ name, remote string }{
		{"bigint", `{"type":"bigint","value":"1"}`},
		{"map", `{"type":"map","value":[]}`},
		{"cycle", `{"type":"object","value":[["self",{"type":"object","internalId":"1"}]]}`},
		{"node", `{"type":"array","value":[{"type":"node","sharedId":"x"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v remoteValue
			require.NoError(t, json.Unmarshal([]byte(tc.remote), &v))
			_, err := remoteJSON(v)
			assert.ErrorIs(t, err, errNotJSON)
		})
	}
}
