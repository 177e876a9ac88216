package kql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// aggregates are the aggregation functions summarize accepts, with their
// argument counts.
var aggregates = map[string][2]int{
	"count": {0, 1}, "countif": {1, 1}, "dcount": {1, 2}, "dcountif": {2, 3},
	"sum": {1, 1}, "sumif": {2, 2}, "avg": {1, 1}, "avgif": {2, 2},
	"min": {1, 1}, "max": {1, 1}, "make_set": {1, 2}, "makeset": {1, 2},
	"make_list": {1, 2}, "makelist": {1, 2}, "percentile": {2, 2},
	"take_any": {1, 1}, "any": {1, 1}, "arg_max": {2, 64}, "arg_min": {2, 64},
}

// aggregate compiles one aggregation call (not arg_max/arg_min, which
// summarize handles because they yield several columns).
func (c *compiler) aggregate(e *Call, in *rel) (val, error) {
	n := aggregates[e.Name]
	if len(e.Args) < n[0] || len(e.Args) > n[1] {
		return val{}, errorAt(c.src, e.Pos, "%s() takes %d to %d arguments, found %d", e.Name, n[0], n[1], len(e.Args))
	}
	if e.Name == "arg_max" || e.Name == "arg_min" {
		return val{}, errorAt(c.src, e.Pos, "%s() must be a whole summarize column, not part of an expression", e.Name)
	}
	// Arguments of an aggregation are row values: compile them without
	// allowing nested aggregations.
	saved := c.aggIn
	c.aggIn = nil
	defer func() { c.aggIn = saved }()
	args := make([]val, len(e.Args))
	for i, a := range e.Args {
		if _, star := a.(*Star); star && e.Name == "count" {
			continue
		}
		v, err := c.expr(a, in)
		if err != nil {
			return val{}, err
		}
		args[i] = v
	}
	pred := func(i int) (string, error) {
		p := args[i]
		if p.typ == tyDynamic {
			p = toBool(p)
		}
		if p.typ != tyBool {
			return "", errorAt(c.src, e.Args[i].exprPos(), "%s() needs a boolean condition, found %s", e.Name, p.typ)
		}
		return p.sql, nil
	}
	switch e.Name {
	case "count":
		return val{"count(*)", tyLong}, nil
	case "countif":
		p, err := pred(0)
		return val{"count(*) FILTER (WHERE " + p + ")", tyLong}, err
	case "dcount":
		return val{"count(DISTINCT " + args[0].sql + ")", tyLong}, nil
	case "dcountif":
		p, err := pred(1)
		return val{"count(DISTINCT " + args[0].sql + ") FILTER (WHERE " + p + ")", tyLong}, err
	case "sum", "sumif":
		v := args[0]
		if v.typ == tyDynamic {
			v = toReal(v)
		}
		if !isNumeric(v.typ) {
			return val{}, errorAt(c.src, e.Args[0].exprPos(), "%s() adds numbers, found %s", e.Name, v.typ)
		}
		t := tyLong
		if v.typ == tyReal {
			t = tyReal
		}
		filter := ""
		if e.Name == "sumif" {
			p, err := pred(1)
			if err != nil {
				return val{}, err
			}
			filter = " FILTER (WHERE " + p + ")"
		}
		// DuckDB sums BIGINT into HUGEINT; Kusto's sum of longs is a long.
		return val{"CAST(sum(" + v.sql + ")" + filter + " AS " + sqlTypes[t] + ")", t}, nil
	case "avg", "avgif":
		v := toReal(args[0])
		filter := ""
		if e.Name == "avgif" {
			p, err := pred(1)
			if err != nil {
				return val{}, err
			}
			filter = " FILTER (WHERE " + p + ")"
		}
		return val{"avg(" + v.sql + ")" + filter, tyReal}, nil
	case "min", "max":
		return val{e.Name + "(" + args[0].sql + ")", args[0].typ}, nil
	case "take_any", "any":
		return val{"any_value(" + args[0].sql + ")", args[0].typ}, nil
	case "make_set", "makeset", "make_list", "makelist":
		distinct := ""
		if strings.Contains(e.Name, "set") {
			distinct = "DISTINCT "
		}
		// Nulls are left out, and no rows give [] rather than null.
		list := "list(" + distinct + args[0].sql + ") FILTER (WHERE " + args[0].sql + " IS NOT NULL)"
		if len(args) == 2 {
			list = "list_slice(" + list + ", 1, " + toLong(args[1]).sql + ")"
		}
		return val{"coalesce(to_json(" + list + "), CAST('[]' AS JSON))", tyDynamic}, nil
	case "percentile":
		lit, ok := e.Args[1].(*NumberLit)
		if !ok {
			return val{}, errorAt(c.src, e.Args[1].exprPos(), "percentile() needs a literal percentage such as 95")
		}
		p, _ := strconv.ParseFloat(lit.Text, 64)
		if p < 0 || p > 100 {
			return val{}, errorAt(c.src, lit.Pos, "percentile must be between 0 and 100, found %s", lit.Text)
		}
		// Kusto's percentile is nearest-rank: a value that occurs in the data.
		return val{"quantile_disc(" + args[0].sql + ", " + strconv.FormatFloat(p/100, 'g', -1, 64) + ")", args[0].typ}, nil
	}
	return val{}, errorAt(c.src, e.Pos, "unknown aggregation %s()", e.Name)
}

// summarize groups by the by-columns and computes the aggregations: first
// a stage with generated column names (g0…, a0…), then one naming them
// as Kusto does (by-columns first, then aggregations; arg_max(t, *)
// expands into t and the row's other columns).
func (c *compiler) summarize(r *rel, op *SummarizeOp) (*rel, error) {
	var inner, outer []string
	var cols []col
	names := newNamer()
	var byNames []string
	for i, it := range op.By {
		v, err := c.expr(it.Expr, r)
		if err != nil {
			return nil, err
		}
		name := it.Name
		if name == "" {
			name = exprName(it.Expr)
		}
		name = names.unique(name)
		byNames = append(byNames, name)
		g := fmt.Sprintf("g%d", i)
		inner = append(inner, as(v.sql, g))
		outer = append(outer, as(query.Ident(g), name))
		cols = append(cols, col{name, v.typ})
	}
	for i, it := range op.Aggs {
		a := fmt.Sprintf("a%d", i)
		if call, ok := it.Expr.(*Call); ok && (call.Name == "arg_max" || call.Name == "arg_min") {
			in, out, cl, err := c.argMax(r, call, it.Name, a, byNames, names)
			if err != nil {
				return nil, err
			}
			inner, outer, cols = append(inner, in), append(outer, out...), append(cols, cl...)
			continue
		}
		c.aggIn = r
		v, err := c.expr(it.Expr, r)
		c.aggIn = nil
		if err != nil {
			return nil, err
		}
		if !hasAggregate(it.Expr) {
			return nil, errorAt(c.src, it.Expr.exprPos(), "summarize needs an aggregation such as count() or sum(x) here, expected one before 'by'")
		}
		name := it.Name
		if name == "" {
			if call, ok := it.Expr.(*Call); ok {
				name = aggName(call)
			}
		}
		name = names.unique(name)
		inner = append(inner, as(v.sql, a))
		outer = append(outer, as(query.Ident(a), name))
		cols = append(cols, col{name, v.typ})
	}
	sql := "SELECT " + strings.Join(inner, ", ") + " FROM " + r.name
	if len(op.By) > 0 {
		var ord []string
		for i := range op.By {
			ord = append(ord, strconv.Itoa(i+1))
		}
		sql += " GROUP BY " + strings.Join(ord, ", ")
	}
	grouped := c.stage(sql)
	return &rel{name: c.stage("SELECT " + strings.Join(outer, ", ") + " FROM " + grouped), cols: cols}, nil
}

// hasAggregate reports whether e calls an aggregation somewhere.
func hasAggregate(e Expr) bool {
	switch e := e.(type) {
	case *Call:
		if _, ok := aggregates[e.Name]; ok {
			return true
		}
		for _, a := range e.Args {
			if hasAggregate(a) {
				return true
			}
		}
	case *Binary:
		return hasAggregate(e.L) || hasAggregate(e.R)
	case *Unary:
		return hasAggregate(e.X)
	case *Member:
		return hasAggregate(e.X)
	case *Index:
		return hasAggregate(e.X)
	}
	return false
}

// argMax compiles arg_max(by, cols… | *) / arg_min: one struct holding the
// chosen row's values (so every column comes from the same row), and the
// outer select that spreads it back into columns.
func (c *compiler) argMax(r *rel, call *Call, name, alias string, byNames []string, names *namer) (string, []string, []col, error) {
	if len(call.Args) < 2 {
		return "", nil, nil, errorAt(c.src, call.Pos, "%s() takes the expression to maximise and the columns to return (or *)", call.Name)
	}
	key, err := c.expr(call.Args[0], r)
	if err != nil {
		return "", nil, nil, err
	}
	type field struct {
		name string
		v    val
	}
	first := name
	if first == "" {
		first = exprName(call.Args[0])
		if first == "" {
			first = strings.TrimPrefix(call.Name, "arg_") + "_"
		}
	}
	fields := []field{{first, key}}
	skip := map[string]bool{first: true}
	for _, b := range byNames {
		skip[b] = true
	}
	for _, a := range call.Args[1:] {
		if _, star := a.(*Star); star {
			for _, cl := range r.cols {
				if !skip[cl.name] {
					fields = append(fields, field{cl.name, val{query.Ident(cl.name), cl.typ}})
					skip[cl.name] = true
				}
			}
			continue
		}
		v, err := c.expr(a, r)
		if err != nil {
			return "", nil, nil, err
		}
		n := exprName(a)
		fields = append(fields, field{n, v})
	}
	var pack []string
	var outer []string
	var cols []col
	for i, f := range fields {
		k := "k" + strconv.Itoa(i)
		pack = append(pack, "'"+k+"': "+f.v.sql)
		n := names.unique(f.name)
		get := "struct_extract(" + query.Ident(alias) + ", '" + k + "')"
		if f.v.typ == tyDynamic {
			get = "CAST(" + get + " AS JSON)"
		}
		outer = append(outer, as(get, n))
		cols = append(cols, col{n, f.v.typ})
	}
	fn := "arg_max"
	if call.Name == "arg_min" {
		fn = "arg_min"
	}
	inner := as(fn+"({"+strings.Join(pack, ", ")+"}, "+key.sql+")", alias)
	return inner, outer, cols, nil
}
