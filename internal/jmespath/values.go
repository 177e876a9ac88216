package jmespath

import (
	"fmt"
	"math"
	"math/big"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// exprefValue is what &expr evaluates to: an expression a function such as
// sort_by applies to each element.
type exprefValue struct{ node *node }

// num is a JSON number as Python holds it after json.loads: an int of any
// size, or a float.
type num struct {
	i *big.Int // nil for a float
	f float64
}

// toNum reads v as a number; bool is not a number in JMESPath.
func toNum(v any) (num, bool) {
	n, ok := v.(jsonv.Number)
	if !ok {
		return num{}, false
	}
	if isIntText(string(n)) {
		if i, ok := new(big.Int).SetString(string(n), 10); ok {
			return num{i: i}, true
		}
	}
	return num{f: n.Float64()}, true
}

func (n num) isInt() bool { return n.i != nil }

func (n num) float() float64 {
	if n.isInt() {
		f, _ := new(big.Float).SetInt(n.i).Float64()
		return f
	}
	return n.f
}

// value is n as a result value, written as Python would print it.
func (n num) value() jsonv.Number {
	if n.isInt() {
		return jsonv.Number(n.i.String())
	}
	return jsonv.Number(pyFloat(n.f, true))
}

func intNum(i int64) num { return num{i: big.NewInt(i)} }

func floatNum(f float64) num { return num{f: f} }

// cmpNum orders two numbers: -1, 0 or +1.
func cmpNum(a, b num) int {
	if a.isInt() && b.isInt() {
		return a.i.Cmp(b.i)
	}
	x, y := a.float(), b.float()
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// jpType is a value's JMESPath type name.
func jpType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case jsonv.Number:
		return "number"
	case []any:
		return "array"
	case *jsonv.Object:
		return "object"
	case *exprefValue:
		return "expref"
	}
	return "unknown"
}

// pyType is the Python type name of the value json.loads would give;
// Python jmespath prints it when an array element has the wrong type.
func pyType(v any) string {
	switch v := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string:
		return "str"
	case jsonv.Number:
		if n, _ := toNum(v); n.isInt() {
			return "int"
		}
		return "float"
	case []any:
		return "list"
	case *jsonv.Object:
		return "dict"
	case *exprefValue:
		return "_Expression"
	}
	return fmt.Sprintf("%T", v)
}

// isFalse is JMESPath falsiness: null, false, "", [] and {}. Numbers,
// zero included, are true.
func isFalse(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case *jsonv.Object:
		return v.Len() == 0
	}
	return false
}

// equals is the == of a comparator. Python jmespath special-cases the top
// level so that 0 and 1 never equal false and true; below it, Python's own
// == applies, where True == 1.
func equals(x, y any) bool {
	_, xb := x.(bool)
	_, yb := y.(bool)
	if _, ok := toNum(x); ok && yb {
		return false
	}
	if _, ok := toNum(y); ok && xb {
		return false
	}
	return pyEqual(x, y)
}

// pyEqual is Python's == on JSON values: deep, objects unordered, 1 == 1.0,
// and booleans equal to the integers 0 and 1.
func pyEqual(x, y any) bool {
	if xn, ok := numOrBool(x); ok {
		yn, ok := numOrBool(y)
		return ok && cmpNum(xn, yn) == 0 && !math.IsNaN(xn.float())
	}
	switch x := x.(type) {
	case nil:
		return y == nil
	case string:
		s, ok := y.(string)
		return ok && s == x
	case []any:
		l, ok := y.([]any)
		if !ok || len(l) != len(x) {
			return false
		}
		for i := range x {
			if !pyEqual(x[i], l[i]) {
				return false
			}
		}
		return true
	case *jsonv.Object:
		o, ok := y.(*jsonv.Object)
		if !ok || o.Len() != x.Len() {
			return false
		}
		for _, k := range x.Keys {
			xv, _ := x.Get(k)
			yv, ok := o.Get(k)
			if !ok || !pyEqual(xv, yv) {
				return false
			}
		}
		return true
	case *exprefValue:
		return x == y
	}
	return false
}

// numOrBool reads a number, or a bool as the int Python says it is.
func numOrBool(v any) (num, bool) {
	if b, ok := v.(bool); ok {
		if b {
			return intNum(1), true
		}
		return intNum(0), true
	}
	return toNum(v)
}

// order compares x and y for < <= > >=. Python jmespath orders numbers and
// strings and gives null for anything else; a string against a number is
// Python's own TypeError.
func order(op tokenKind, x, y any) (any, error) {
	xs, xIsStr := x.(string)
	ys, yIsStr := y.(string)
	xn, xIsNum := toNum(x)
	yn, yIsNum := toNum(y)
	if !(xIsStr || xIsNum) || !(yIsStr || yIsNum) {
		return nil, nil
	}
	var c int
	switch {
	case xIsStr && yIsStr:
		c = compareStrings(xs, ys)
	case xIsNum && yIsNum:
		if math.IsNaN(xn.float()) || math.IsNaN(yn.float()) {
			return false, nil
		}
		c = cmpNum(xn, yn)
	default:
		return nil, notSupported(opText[op], x, y)
	}
	switch op {
	case tokLt:
		return c < 0, nil
	case tokLte:
		return c <= 0, nil
	case tokGt:
		return c > 0, nil
	}
	return c >= 0, nil
}

var opText = map[tokenKind]string{tokLt: "<", tokLte: "<=", tokGt: ">", tokGte: ">="}

// notSupported is Python's TypeError for ordering values of two types.
func notSupported(op string, x, y any) error {
	return &EvalError{Msg: fmt.Sprintf("'%s' not supported between instances of '%s' and '%s'", op, pyType(x), pyType(y))}
}

// compareStrings orders by code point, as Python does; Go's byte order on
// UTF-8 is the same order.
func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// less is Python's x < y for two values of one sortable type (numbers or
// strings), as sort, min and max use it.
func less(x, y any) bool {
	if xs, ok := x.(string); ok {
		ys, _ := y.(string)
		return xs < ys
	}
	xn, _ := toNum(x)
	yn, _ := toNum(y)
	return cmpNum(xn, yn) < 0
}
