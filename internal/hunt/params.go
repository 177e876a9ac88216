package hunt

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Value is a parameter's value for one run, typed as its ParamType says
// (string, int64, []string or []int64).
type Value struct {
	Name  string
	Value any
}

// ParamError is a --param the selected hunts cannot take: an unknown name,
// or a value that does not parse as the parameter's type.
type ParamError struct {
	msg string
}

func (e *ParamError) Error() string { return e.msg }

func paramErrorf(format string, args ...any) error {
	return &ParamError{msg: fmt.Sprintf(format, args...)}
}

// CheckParams checks user parameter values (name → text, as given on the
// command line) against the selected hunts: every name must be a parameter
// of at least one of them, and every value must parse as its type. A name
// that belongs to no selected hunt is an error rather than silently
// ignored, since the user meant it to change something.
func CheckParams(hunts []*Hunt, given map[string]string) error {
	for _, name := range sortedKeys(given) {
		if name == ParamSince || name == ParamUntil {
			return paramErrorf("%s is not a --param: use --%s", name, name)
		}
		var p *Param
		for _, h := range hunts {
			if p = h.Param(name); p != nil {
				break
			}
		}
		if p == nil {
			return paramErrorf("unknown param %q for the selected hunts; %s", name, validParams(hunts))
		}
		if _, err := parseValue(p.Type, given[name]); err != nil {
			return paramErrorf("param %s=%q: %v", name, given[name], err)
		}
	}
	return nil
}

// values returns the hunt's parameter values for one run: the user's where
// given, the defaults otherwise, in declared order. CheckParams has already
// vouched for the user's values.
func values(h *Hunt, given map[string]string) ([]Value, error) {
	out := make([]Value, 0, len(h.Params))
	for _, p := range h.Params {
		v := p.Default
		if text, ok := given[p.Name]; ok {
			var err error
			if v, err = parseValue(p.Type, text); err != nil {
				return nil, paramErrorf("param %s=%q: %v", p.Name, text, err)
			}
		}
		out = append(out, Value{Name: p.Name, Value: v})
	}
	return out, nil
}

// parseValue reads a command-line value. Lists are comma-separated, with
// blanks around items ignored; an empty text is an empty list.
func parseValue(t ParamType, text string) (any, error) {
	switch t {
	case TypeString:
		return text, nil
	case TypeInt:
		return parseInt(text)
	case TypeReal:
		return parseReal(text)
	case TypeStrings:
		items := splitList(text)
		if items == nil {
			items = []string{}
		}
		return items, nil
	case TypeInts:
		ints := []int64{}
		for _, item := range splitList(text) {
			n, err := parseInt(item)
			if err != nil {
				return nil, err
			}
			ints = append(ints, n)
		}
		return ints, nil
	}
	return nil, fmt.Errorf("unknown param type %q", t)
}

func parseInt(text string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", text)
	}
	return n, nil
}

// parseReal reads a real number. NaN and infinities are refused: no
// threshold means them, and KQL has no literal for them.
func parseReal(text string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", text)
	}
	return f, nil
}

func splitList(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	items := strings.Split(text, ",")
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
	}
	return items
}

// validParams describes the parameters the selected hunts take, for error
// messages: "valid: error_codes (strings), session_prefix (string)".
func validParams(hunts []*Hunt) string {
	var names []string
	for _, h := range hunts {
		for _, p := range h.Params {
			desc := fmt.Sprintf("%s (%s)", p.Name, p.Type)
			if !slices.Contains(names, desc) {
				names = append(names, desc)
			}
		}
	}
	if len(names) == 0 {
		return "the selected hunts take no params"
	}
	slices.Sort(names)
	return "valid: " + strings.Join(names, ", ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
