//go:build !(js && wasm)

package browserws

import "sync/atomic"

// Refusals may race to set a slot (see refusalSlots).

func loadSlot(s *uint32) uint32     { return atomic.LoadUint32(s) }
func storeSlot(s *uint32, n uint32) { atomic.StoreUint32(s, n) }
