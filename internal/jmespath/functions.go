package jmespath

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// function is a built-in: the types each argument allows, written as
// Python jmespath's signatures write them ("array-number" is an array of
// numbers; no types means any value), and its body.
type function struct {
	args     [][]string
	variadic bool // the last argument may repeat; at least len(args) are needed
	call     func(args []any) (any, error)
}

var functions map[string]function

func init() {
	// Assigned in init because map and sort_by evaluate expressions, which
	// reach back to this table.
	functions = map[string]function{
		"abs":         {args: [][]string{{"number"}}, call: fnAbs},
		"avg":         {args: [][]string{{"array-number"}}, call: fnAvg},
		"ceil":        {args: [][]string{{"number"}}, call: fnCeil},
		"contains":    {args: [][]string{{"array", "string"}, {}}, call: fnContains},
		"ends_with":   {args: [][]string{{"string"}, {"string"}}, call: fnEndsWith},
		"floor":       {args: [][]string{{"number"}}, call: fnFloor},
		"join":        {args: [][]string{{"string"}, {"array-string"}}, call: fnJoin},
		"keys":        {args: [][]string{{"object"}}, call: fnKeys},
		"length":      {args: [][]string{{"string", "array", "object"}}, call: fnLength},
		"map":         {args: [][]string{{"expref"}, {"array"}}, call: fnMap},
		"max":         {args: [][]string{{"array-number", "array-string"}}, call: fnMax},
		"max_by":      {args: [][]string{{"array"}, {"expref"}}, call: fnMaxBy},
		"merge":       {args: [][]string{{"object"}}, variadic: true, call: fnMerge},
		"min":         {args: [][]string{{"array-number", "array-string"}}, call: fnMin},
		"min_by":      {args: [][]string{{"array"}, {"expref"}}, call: fnMinBy},
		"not_null":    {args: [][]string{{}}, variadic: true, call: fnNotNull},
		"reverse":     {args: [][]string{{"array", "string"}}, call: fnReverse},
		"sort":        {args: [][]string{{"array-string", "array-number"}}, call: fnSort},
		"sort_by":     {args: [][]string{{"array"}, {"expref"}}, call: fnSortBy},
		"starts_with": {args: [][]string{{"string"}, {"string"}}, call: fnStartsWith},
		"sum":         {args: [][]string{{"array-number"}}, call: fnSum},
		"to_array":    {args: [][]string{{}}, call: fnToArray},
		"to_number":   {args: [][]string{{}}, call: fnToNumber},
		"to_string":   {args: [][]string{{}}, call: fnToString},
		"type":        {args: [][]string{{}}, call: fnType},
		"values":      {args: [][]string{{"object"}}, call: fnValues},
	}
}

// callFunction checks the arguments as Python jmespath does (count, then
// each declared argument's type) and calls the function.
func callFunction(name string, args []any) (any, error) {
	fn, ok := functions[name]
	if !ok {
		return nil, &UnknownFunctionError{Function: name}
	}
	if (fn.variadic && len(args) < len(fn.args)) || (!fn.variadic && len(args) != len(fn.args)) {
		return nil, &ArityError{Function: name, Expected: len(fn.args), Actual: len(args), Variadic: fn.variadic}
	}
	// Only the declared arguments are checked: merge's extra objects are not.
	for i, types := range fn.args {
		if err := checkType(name, args[i], types); err != nil {
			return nil, err
		}
	}
	return fn.call(args)
}

// pyTypesOf maps a JMESPath type to the Python type names it accepts.
var pyTypesOf = map[string][]string{
	"boolean": {"bool"},
	"array":   {"list"},
	"object":  {"dict"},
	"null":    {"NoneType"},
	"string":  {"str"},
	"number":  {"float", "int"},
	"expref":  {"_Expression"},
}

// checkType is Python's _type_check_single: the value's own type first,
// then, for "array-x" types, the elements' types. A wrong element is
// reported with its Python type name, as Python does.
func checkType(fn string, v any, types []string) error {
	if len(types) == 0 {
		return nil
	}
	var allowed []string
	var subtypes [][]string
	for _, t := range types {
		base, sub, ok := strings.Cut(t, "-")
		if ok {
			subtypes = append(subtypes, pyTypesOf[sub])
		}
		allowed = append(allowed, pyTypesOf[base]...)
	}
	if !contains(allowed, pyType(v)) {
		return &TypeError{Function: fn, Value: v, Received: jpType(v), Expected: types}
	}
	list, _ := v.([]any)
	switch {
	case len(subtypes) == 1:
		for _, e := range list {
			if !contains(subtypes[0], pyType(e)) {
				return &TypeError{Function: fn, Value: e, Received: pyType(e), Expected: types}
			}
		}
	case len(subtypes) > 1 && len(list) > 0:
		// The first element decides which element type all must have.
		var want []string
		for _, s := range subtypes {
			if contains(s, pyType(list[0])) {
				want = s
				break
			}
		}
		if want == nil {
			return &TypeError{Function: fn, Value: list[0], Received: pyType(list[0]), Expected: types}
		}
		for _, e := range list {
			if !contains(want, pyType(e)) {
				return &TypeError{Function: fn, Value: e, Received: pyType(e), Expected: types}
			}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func fnAbs(args []any) (any, error) {
	n, _ := toNum(args[0])
	if n.isInt() {
		return num{i: new(big.Int).Abs(n.i)}.value(), nil
	}
	return floatNum(math.Abs(n.f)).value(), nil
}

// pySum is Python's sum(): exact while every number is an int, floating
// from the first float on.
func pySum(list []any) num {
	total := intNum(0)
	for _, e := range list {
		n, _ := toNum(e)
		if total.isInt() && n.isInt() {
			total = num{i: new(big.Int).Add(total.i, n.i)}
			continue
		}
		total = floatNum(total.float() + n.float())
	}
	return total
}

func fnAvg(args []any) (any, error) {
	list := args[0].([]any)
	if len(list) == 0 {
		return nil, nil
	}
	return floatNum(pySum(list).float() / float64(len(list))).value(), nil
}

func fnSum(args []any) (any, error) { return pySum(args[0].([]any)).value(), nil }

func fnCeil(args []any) (any, error)  { return roundToInt(args[0], math.Ceil) }
func fnFloor(args []any) (any, error) { return roundToInt(args[0], math.Floor) }

// roundToInt is math.ceil/math.floor, which in Python return ints.
func roundToInt(v any, round func(float64) float64) (any, error) {
	n, _ := toNum(v)
	if n.isInt() {
		return n.value(), nil
	}
	f := round(n.f)
	switch {
	case math.IsNaN(f):
		return nil, &EvalError{Msg: "cannot convert float NaN to integer"}
	case math.IsInf(f, 0):
		return nil, &EvalError{Msg: "cannot convert float infinity to integer"}
	case math.Abs(f) < 1<<62:
		return jsonv.Int(int64(f)), nil
	}
	i, _ := big.NewFloat(f).Int(nil)
	return jsonv.Number(i.String()), nil
}

func fnContains(args []any) (any, error) {
	if s, ok := args[0].(string); ok {
		sub, ok := args[1].(string)
		if !ok {
			return nil, &EvalError{Msg: fmt.Sprintf("'in <string>' requires string as left operand, not %s", pyType(args[1]))}
		}
		return strings.Contains(s, sub), nil
	}
	for _, e := range args[0].([]any) {
		if pyEqual(e, args[1]) {
			return true, nil
		}
	}
	return false, nil
}

func fnEndsWith(args []any) (any, error) {
	return strings.HasSuffix(args[0].(string), args[1].(string)), nil
}

func fnStartsWith(args []any) (any, error) {
	return strings.HasPrefix(args[0].(string), args[1].(string)), nil
}

func fnJoin(args []any) (any, error) {
	list := args[1].([]any)
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = e.(string)
	}
	return strings.Join(parts, args[0].(string)), nil
}

func fnKeys(args []any) (any, error) {
	o := args[0].(*jsonv.Object)
	out := make([]any, len(o.Keys))
	for i, k := range o.Keys {
		out[i] = k
	}
	return out, nil
}

func fnValues(args []any) (any, error) {
	o := args[0].(*jsonv.Object)
	out := make([]any, len(o.Keys))
	for i, k := range o.Keys {
		out[i], _ = o.Get(k)
	}
	return out, nil
}

func fnLength(args []any) (any, error) {
	switch v := args[0].(type) {
	case string:
		return jsonv.Int(int64(utf8.RuneCountInString(v))), nil
	case []any:
		return jsonv.Int(int64(len(v))), nil
	}
	return jsonv.Int(int64(args[0].(*jsonv.Object).Len())), nil
}

func fnMap(args []any) (any, error) {
	expr := args[0].(*exprefValue)
	list := args[1].([]any)
	out := make([]any, 0, len(list))
	for _, e := range list {
		v, err := eval(expr.node, e)
		if err != nil {
			return nil, err
		}
		out = append(out, v) // map keeps nulls, unlike projections
	}
	return out, nil
}

// fnMax and fnMin return the first greatest (least) element, as Python's
// max and min do.
func fnMax(args []any) (any, error) {
	var best any
	for i, e := range args[0].([]any) {
		if i == 0 || less(best, e) {
			best = e
		}
	}
	return best, nil
}

func fnMin(args []any) (any, error) {
	var best any
	for i, e := range args[0].([]any) {
		if i == 0 || less(e, best) {
			best = e
		}
	}
	return best, nil
}

func fnMaxBy(args []any) (any, error) { return extremeBy("max_by", args, ">") }
func fnMinBy(args []any) (any, error) { return extremeBy("min_by", args, "<") }

// extremeBy is Python's max(array, key=…) / min(array, key=…): keys are
// computed one element at a time, each checked to be a number or a string;
// a string key meeting a number key is Python's TypeError.
func extremeBy(fn string, args []any, op string) (any, error) {
	expr := args[1].(*exprefValue)
	var best, bestKey any
	for i, e := range args[0].([]any) {
		key, err := keyOf(fn, expr, e, []string{"number", "string"})
		if err != nil {
			return nil, err
		}
		if i == 0 {
			best, bestKey = e, key
			continue
		}
		if jpType(key) != jpType(bestKey) {
			return nil, notSupported(op, key, bestKey)
		}
		if (op == ">" && less(bestKey, key)) || (op == "<" && less(key, bestKey)) {
			best, bestKey = e, key
		}
	}
	return best, nil
}

// keyOf evaluates a sort key and checks its JMESPath type.
func keyOf(fn string, expr *exprefValue, elem any, allowed []string) (any, error) {
	key, err := eval(expr.node, elem)
	if err != nil {
		return nil, err
	}
	if !contains(allowed, jpType(key)) {
		return nil, &TypeError{Function: fn, Value: key, Received: jpType(key), Expected: allowed}
	}
	return key, nil
}

func fnSortBy(args []any) (any, error) {
	list := args[0].([]any)
	if len(list) == 0 {
		return list, nil
	}
	expr := args[1].(*exprefValue)
	// The first element's key type is the one every key must have.
	first, err := eval(expr.node, list[0])
	if err != nil {
		return nil, err
	}
	want := jpType(first)
	if want != "number" && want != "string" {
		return nil, &TypeError{Function: "sort_by", Value: list[0], Received: want, Expected: []string{"string", "number"}}
	}
	keys := make([]any, len(list))
	for i, e := range list {
		if keys[i], err = keyOf("sort_by", expr, e, []string{want}); err != nil {
			return nil, err
		}
	}
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return less(keys[order[a]], keys[order[b]]) })
	out := make([]any, len(list))
	for i, j := range order {
		out[i] = list[j]
	}
	return out, nil
}

func fnSort(args []any) (any, error) {
	out := append([]any{}, args[0].([]any)...)
	sort.SliceStable(out, func(a, b int) bool { return less(out[a], out[b]) })
	return out, nil
}

func fnMerge(args []any) (any, error) {
	out := jsonv.NewObject()
	for _, a := range args {
		o, ok := a.(*jsonv.Object)
		if !ok {
			// Only the first argument is type-checked; Python's dict.update
			// then fails on the others.
			return nil, &EvalError{Msg: mergeError(a)}
		}
		for _, k := range o.Keys {
			v, _ := o.Get(k)
			out.Set(k, v)
		}
	}
	return out, nil
}

// mergeError is dict.update's complaint about a value that is not an
// object (lists of pairs, which Python would accept, are refused here).
func mergeError(v any) string {
	switch v.(type) {
	case []any, string:
		return "dictionary update sequence element #0 has length 1; 2 is required"
	}
	return fmt.Sprintf("'%s' object is not iterable", pyType(v))
}

func fnNotNull(args []any) (any, error) {
	for _, a := range args {
		if a != nil {
			return a, nil
		}
	}
	return nil, nil
}

func fnReverse(args []any) (any, error) {
	if s, ok := args[0].(string); ok {
		r := []rune(s)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r), nil
	}
	list := args[0].([]any)
	out := make([]any, len(list))
	for i, e := range list {
		out[len(list)-1-i] = e
	}
	return out, nil
}

func fnToArray(args []any) (any, error) {
	if list, ok := args[0].([]any); ok {
		return list, nil
	}
	return []any{args[0]}, nil
}

func fnToString(args []any) (any, error) {
	if s, ok := args[0].(string); ok {
		return s, nil
	}
	return pyJSON(args[0]), nil
}

func fnType(args []any) (any, error) {
	if _, ok := args[0].(*exprefValue); ok {
		return nil, nil // Python's type() has no case for an expression
	}
	return jpType(args[0]), nil
}

// Python's int() and float() accept these spellings (after trimming
// whitespace); underscores may separate digits.
var (
	pyIntText   = regexp.MustCompile(`^[+-]?[0-9](_?[0-9])*$`)
	pyFloatText = regexp.MustCompile(`^[+-]?([0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?|\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?$`)
)

// fnToNumber is int(s), else float(s), else null. NaN and infinity, which
// Python's float() also reads, give null here: JSON cannot hold them.
func fnToNumber(args []any) (any, error) {
	switch v := args[0].(type) {
	case jsonv.Number:
		return v, nil
	case string:
		s := strings.TrimFunc(v, unicode.IsSpace)
		if pyIntText.MatchString(s) {
			digits := strings.TrimLeft(strings.ReplaceAll(strings.TrimLeft(s, "+-"), "_", ""), "0")
			if digits == "" {
				return jsonv.Int(0), nil
			}
			if strings.HasPrefix(s, "-") {
				digits = "-" + digits
			}
			return jsonv.Number(digits), nil
		}
		if pyFloatText.MatchString(s) {
			n := jsonv.Number(strings.ReplaceAll(s, "_", ""))
			f := n.Float64()
			if math.IsInf(f, 0) {
				return nil, nil
			}
			return floatNum(f).value(), nil
		}
	}
	return nil, nil
}
