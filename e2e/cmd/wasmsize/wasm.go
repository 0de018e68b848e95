package main

import (
	"errors"
	"fmt"
)

// A module is what wasmsize reads of a WebAssembly binary: the size of
// each section by id, and the size of each function's code by name.
type module struct {
	sections map[byte]int // section id to size, custom sections (0) summed
	funcs    map[string]int
}

// Section ids of the WebAssembly binary format.
const (
	sectionCustom = 0
	sectionImport = 2
	sectionCode   = 10
	sectionData   = 11
)

// parseModule reads the sections of a WebAssembly binary, the bodies of
// its code section and the function names of its "name" custom section.
// Function indexes count imported functions first, so those are counted
// to match names with bodies.
func parseModule(b []byte) (*module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly binary")
	}
	m := &module{sections: map[byte]int{}, funcs: map[string]int{}}
	r := &reader{b: b, at: 8}
	var imported int
	var bodies []int
	names := map[int]string{}
	for r.at < len(b) {
		id := r.byte()
		size := r.uint()
		end := r.at + size
		if r.err != nil || end > len(b) {
			return nil, errors.New("truncated section")
		}
		m.sections[id] += size
		s := &reader{b: b[:end], at: r.at}
		switch id {
		case sectionImport:
			imported = s.importedFuncs()
		case sectionCode:
			for range s.uint() {
				n := s.uint()
				bodies = append(bodies, n)
				s.at += n
			}
		case sectionCustom:
			if s.name() == "name" {
				s.funcNames(names)
			}
		}
		if s.err != nil {
			return nil, fmt.Errorf("section %d: %w", id, s.err)
		}
		r.at = end
	}
	for i, n := range bodies {
		name, ok := names[imported+i]
		if !ok {
			name = fmt.Sprintf("(function %d)", imported+i)
		}
		m.funcs[name] += n
	}
	return m, nil
}

// A reader decodes the binary format's bytes, LEB128 numbers and names;
// reading past the end sets err.
type reader struct {
	b   []byte
	at  int
	err error
}

func (r *reader) byte() byte {
	if r.at >= len(r.b) {
		r.err = errors.New("unexpected end")
		return 0
	}
	r.at++
	return r.b[r.at-1]
}

// uint reads an unsigned LEB128 number.
func (r *reader) uint() int {
	n, shift := 0, 0
	for r.err == nil {
		c := r.byte()
		n |= int(c&0x7f) << shift
		if c < 0x80 {
			break
		}
		shift += 7
	}
	return n
}

func (r *reader) name() string {
	n := r.uint()
	if r.err != nil || r.at+n > len(r.b) {
		r.err = errors.New("unexpected end")
		return ""
	}
	r.at += n
	return string(r.b[r.at-n : r.at])
}

// importedFuncs counts the function imports of an import section.
func (r *reader) importedFuncs() int {
	funcs := 0
	for range r.uint() {
		r.name() // module
		r.name() // field
		switch kind := r.byte(); kind {
		case 0: // function: type index
			r.uint()
			funcs++
		case 1: // table: element type, limits
			r.byte()
			r.limits()
		case 2: // memory: limits
			r.limits()
		case 3: // global: value type, mutability
			r.byte()
			r.byte()
		}
		if r.err != nil {
			break
		}
	}
	return funcs
}

func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.uint()
	}
	r.uint()
}

// funcNames reads the function names subsection (1) of a name section.
func (r *reader) funcNames(names map[int]string) {
	for r.at < len(r.b) && r.err == nil {
		id := r.byte()
		end := r.at + r.uint()
		if id == 1 {
			for range r.uint() {
				index := r.uint()
				names[index] = r.name()
			}
		}
		r.at = end
	}
}
