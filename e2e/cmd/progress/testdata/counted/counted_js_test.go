package counted

import "testing"

func TestOnlyInJS(t *testing.T) {}
