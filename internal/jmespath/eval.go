package jmespath

import (
	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// eval is Python jmespath's TreeInterpreter: it applies n to value.
func eval(n *node, value any) (any, error) {
	switch n.kind {
	case nodeIdentity, nodeCurrent:
		return value, nil
	case nodeLiteral:
		return n.value, nil
	case nodeField:
		if o, ok := value.(*jsonv.Object); ok {
			v, _ := o.Get(n.name)
			return v, nil
		}
		return nil, nil
	case nodeSubexpression, nodeIndexExpression, nodePipe:
		result := value
		for _, c := range n.children {
			var err error
			if result, err = eval(c, result); err != nil {
				return nil, err
			}
		}
		return result, nil
	case nodeIndex:
		list, ok := value.([]any)
		if !ok {
			return nil, nil
		}
		i := n.index
		if i < 0 {
			i += len(list)
		}
		if i < 0 || i >= len(list) {
			return nil, nil
		}
		return list[i], nil
	case nodeSlice:
		list, ok := value.([]any)
		if !ok {
			return nil, nil
		}
		return sliceList(list, n.slice)
	case nodeProjection, nodeValueProjection:
		return evalProjection(n, value)
	case nodeFilterProjection:
		return evalFilter(n, value)
	case nodeFlatten:
		base, err := eval(n.children[0], value)
		if err != nil {
			return nil, err
		}
		list, ok := base.([]any)
		if !ok {
			return nil, nil
		}
		merged := []any{}
		for _, e := range list {
			if inner, ok := e.([]any); ok {
				merged = append(merged, inner...)
			} else {
				merged = append(merged, e)
			}
		}
		return merged, nil
	case nodeMultiSelectList:
		if value == nil {
			return nil, nil
		}
		out := make([]any, 0, len(n.children))
		for _, c := range n.children {
			v, err := eval(c, value)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case nodeMultiSelectHash:
		if value == nil {
			return nil, nil
		}
		out := jsonv.NewObject()
		for i, c := range n.children {
			v, err := eval(c, value)
			if err != nil {
				return nil, err
			}
			out.Set(n.keys[i], v)
		}
		return out, nil
	case nodeComparator:
		left, err := eval(n.children[0], value)
		if err != nil {
			return nil, err
		}
		right, err := eval(n.children[1], value)
		if err != nil {
			return nil, err
		}
		switch n.op {
		case tokEq:
			return equals(left, right), nil
		case tokNe:
			return !equals(left, right), nil
		}
		return order(n.op, left, right)
	case nodeOr, nodeAnd:
		left, err := eval(n.children[0], value)
		if err != nil {
			return nil, err
		}
		// a || b is a unless a is false; a && b is a if a is false.
		if isFalse(left) != (n.kind == nodeOr) {
			return left, nil
		}
		return eval(n.children[1], value)
	case nodeNot:
		v, err := eval(n.children[0], value)
		if err != nil {
			return nil, err
		}
		if _, isNum := toNum(v); isNum {
			return false, nil // Python's `not 0` is True; jmespath says numbers are truthy
		}
		return isFalse(v), nil
	case nodeFunction:
		args := make([]any, len(n.children))
		for i, c := range n.children {
			v, err := eval(c, value)
			if err != nil {
				return nil, err
			}
			args[i] = v
		}
		return callFunction(n.name, args)
	case nodeExpref:
		return &exprefValue{node: n.children[0]}, nil
	}
	panic("jmespath: unknown node kind")
}

// evalProjection applies the right child to each element of the left
// child's array (or object's values), dropping null results.
func evalProjection(n *node, value any) (any, error) {
	base, err := eval(n.children[0], value)
	if err != nil {
		return nil, err
	}
	var elems []any
	switch b := base.(type) {
	case []any:
		if n.kind != nodeProjection {
			return nil, nil
		}
		elems = b
	case *jsonv.Object:
		if n.kind != nodeValueProjection {
			return nil, nil
		}
		for _, k := range b.Keys {
			v, _ := b.Get(k)
			elems = append(elems, v)
		}
	default:
		return nil, nil
	}
	out := []any{}
	for _, e := range elems {
		v, err := eval(n.children[1], e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// evalFilter keeps the elements for which the condition (children[2]) is
// true and projects children[1] over them.
func evalFilter(n *node, value any) (any, error) {
	base, err := eval(n.children[0], value)
	if err != nil {
		return nil, err
	}
	list, ok := base.([]any)
	if !ok {
		return nil, nil
	}
	out := []any{}
	for _, e := range list {
		keep, err := eval(n.children[2], e)
		if err != nil {
			return nil, err
		}
		if isFalse(keep) {
			continue
		}
		v, err := eval(n.children[1], e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// sliceList is Python's list[start:stop:step].
func sliceList(list []any, parts [3]*int) (any, error) {
	step := 1
	if parts[2] != nil {
		step = *parts[2]
	}
	if step == 0 {
		return nil, &EvalError{Msg: "slice step cannot be zero"}
	}
	n := len(list)
	// Defaults and clamping as CPython's PySlice_AdjustIndices.
	bound := func(p *int, def int) int {
		if p == nil {
			return def
		}
		i := *p
		if i < 0 {
			i += n
			if i < 0 {
				if step < 0 {
					return -1
				}
				return 0
			}
		} else if i >= n {
			if step < 0 {
				return n - 1
			}
			return n
		}
		return i
	}
	var start, stop int
	if step > 0 {
		start, stop = bound(parts[0], 0), bound(parts[1], n)
	} else {
		start, stop = bound(parts[0], n-1), bound(parts[1], -1)
	}
	out := []any{}
	for i := start; (step > 0 && i < stop) || (step < 0 && i > stop); {
		out = append(out, list[i])
		// Stop before i += step would pass stop (or overflow on a huge step).
		if (step > 0 && stop-i <= step) || (step < 0 && stop-i >= step) {
			break
		}
		i += step
	}
	return out, nil
}
