package hunt

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Filter chooses hunts. Values within one field are alternatives (any may
// match); the fields together must all match. An empty field matches all.
type Filter struct {
	// IDs are hunt ids or glob patterns (path.Match: aws-*trail).
	IDs []string
	// Attack are ATT&CK technique ids; T1562 also matches T1562.008.
	Attack []string
	Clouds []string
	Areas  []string
}

// FilterError is a filter that cannot select anything: an unknown value, or
// a combination that matches no hunt.
type FilterError struct {
	msg string
}

func (e *FilterError) Error() string { return e.msg }

func filterErrorf(format string, args ...any) error {
	return &FilterError{msg: fmt.Sprintf(format, args...)}
}

// Select returns the hunts that match f, in catalog order. Every --hunt
// value must match some hunt on its own (a mistyped id is an error, not a
// silently shorter run), and the result may not be empty.
func (c *Catalog) Select(f Filter) ([]*Hunt, error) {
	for _, pattern := range f.IDs {
		if _, err := path.Match(pattern, ""); err != nil {
			return nil, filterErrorf("bad hunt pattern %q: %v", pattern, err)
		}
		if !slices.ContainsFunc(c.hunts, func(h *Hunt) bool { return matchID(pattern, h.ID) }) {
			return nil, filterErrorf("no hunt %q (see `cloudhunt hunt --list`)", pattern)
		}
	}
	for _, a := range f.Attack {
		if !attackPattern.MatchString(strings.ToUpper(a)) {
			return nil, filterErrorf("%q is not an ATT&CK technique id (T1234 or T1234.567)", a)
		}
	}
	for _, cloud := range f.Clouds {
		if !slices.Contains(clouds, strings.ToLower(cloud)) {
			return nil, filterErrorf("unknown cloud %q: want one of %s", cloud, strings.Join(clouds, ", "))
		}
	}
	for _, area := range f.Areas {
		if !slices.Contains(areas, strings.ToLower(area)) {
			return nil, filterErrorf("unknown area %q: want one of %s", area, strings.Join(areas, ", "))
		}
	}

	var out []*Hunt
	for _, h := range c.hunts {
		if f.matches(h) {
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		return nil, filterErrorf("no hunt matches %s (see `cloudhunt hunt --list`)", f)
	}
	return out, nil
}

func (f Filter) matches(h *Hunt) bool {
	return anyOf(f.IDs, func(p string) bool { return matchID(p, h.ID) }) &&
		anyOf(f.Attack, h.HasAttack) &&
		anyOf(f.Clouds, func(c string) bool { return strings.EqualFold(c, h.Cloud) }) &&
		anyOf(f.Areas, func(a string) bool { return strings.EqualFold(a, h.Area) })
}

// anyOf is true for an empty list (no filter) or when some value matches.
func anyOf(values []string, match func(string) bool) bool {
	return len(values) == 0 || slices.ContainsFunc(values, match)
}

func matchID(pattern, id string) bool {
	ok, _ := path.Match(pattern, id) // Select checked the pattern
	return ok
}

// String describes the filter as the command line would give it.
func (f Filter) String() string {
	var parts []string
	add := func(flag string, values []string) {
		for _, v := range values {
			parts = append(parts, "--"+flag+" "+v)
		}
	}
	add("hunt", f.IDs)
	add("attack", f.Attack)
	add("cloud", f.Clouds)
	add("area", f.Areas)
	if len(parts) == 0 {
		return "(no filter)"
	}
	return strings.Join(parts, " ")
}
