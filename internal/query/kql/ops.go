package kql

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// join: the right side's columns follow the left's, a name already taken
// getting a 1, 2 … suffix (so `on key` yields key and key1). innerunique,
// Kusto's default, first keeps one left row per key.
func (c *compiler) join(left *rel, op *JoinOp) (*rel, error) {
	right, err := c.pipeline(op.Right)
	if err != nil {
		return nil, err
	}
	var on []string
	var leftKeys []string
	for _, k := range op.On {
		if _, ok := left.find(k.Left); !ok {
			return nil, errorAt(c.src, k.Pos, "join key '%s' is not a column of the left side; columns are: %s", k.Left, left.colList())
		}
		if _, ok := right.find(k.Right); !ok {
			return nil, errorAt(c.src, k.Pos, "join key '%s' is not a column of the right side; columns are: %s", k.Right, right.colList())
		}
		on = append(on, "l."+query.Ident(k.Left)+" = r."+query.Ident(k.Right))
		leftKeys = append(leftKeys, query.Ident(k.Left))
	}
	cond := strings.Join(on, " AND ")
	lname := left.name
	if op.Kind == "innerunique" {
		lname = c.stage("SELECT " + strings.Join(passThrough(left), ", ") + " FROM " + left.name +
			" QUALIFY row_number() OVER (PARTITION BY " + strings.Join(leftKeys, ", ") + ") = 1")
	}
	sideCols := func(alias string, r *rel) []string {
		out := make([]string, len(r.cols))
		for i, cl := range r.cols {
			out[i] = alias + "." + query.Ident(cl.name)
		}
		return out
	}
	switch op.Kind {
	case "leftsemi", "leftanti":
		not := ""
		if op.Kind == "leftanti" {
			not = "NOT "
		}
		sql := "SELECT " + strings.Join(sideCols("l", left), ", ") + " FROM " + lname + " AS l WHERE " + not +
			"EXISTS (SELECT 1 FROM " + right.name + " AS r WHERE " + cond + ")"
		return &rel{name: c.stage(sql), cols: left.cols}, nil
	case "rightsemi", "rightanti":
		not := ""
		if op.Kind == "rightanti" {
			not = "NOT "
		}
		sql := "SELECT " + strings.Join(sideCols("r", right), ", ") + " FROM " + right.name + " AS r WHERE " + not +
			"EXISTS (SELECT 1 FROM " + lname + " AS l WHERE " + cond + ")"
		return &rel{name: c.stage(sql), cols: right.cols}, nil
	}
	joinSQL := map[string]string{
		"innerunique": "JOIN", "inner": "JOIN", "leftouter": "LEFT JOIN",
		"rightouter": "RIGHT JOIN", "fullouter": "FULL JOIN",
	}[op.Kind]
	names := newNamer()
	var sel []string
	var cols []col
	for _, cl := range left.cols {
		n := names.unique(cl.name)
		sel = append(sel, as("l."+query.Ident(cl.name), n))
		cols = append(cols, col{n, cl.typ})
	}
	for _, cl := range right.cols {
		n := names.unique(cl.name)
		sel = append(sel, as("r."+query.Ident(cl.name), n))
		cols = append(cols, col{n, cl.typ})
	}
	sql := "SELECT " + strings.Join(sel, ", ") + " FROM " + lname + " AS l " + joinSQL + " " + right.name + " AS r ON " + cond
	return &rel{name: c.stage(sql), cols: cols}, nil
}

// union stacks its inputs (the piped input first, when there is one),
// matching columns by name; a column missing from an input is null there.
// withsource= adds a first column naming each row's table.
func (c *compiler) union(in *rel, op *UnionOp) (*rel, error) {
	type input struct {
		r    *rel
		name string
	}
	var inputs []input
	if in != nil {
		inputs = append(inputs, input{in, "union_arg0"})
	}
	for _, pl := range op.Tables {
		r, err := c.pipeline(pl)
		if err != nil {
			return nil, err
		}
		name := "union_arg" + strconv.Itoa(len(inputs))
		if t, ok := pl.Source.(*TableRef); ok && len(pl.Ops) == 0 {
			name = t.Name
		}
		inputs = append(inputs, input{r, name})
	}
	// The output columns: every input's columns in order of first appearance.
	var cols []col
	seen := map[string]string{}
	for _, inp := range inputs {
		for _, cl := range inp.r.cols {
			if t, ok := seen[cl.name]; ok {
				if t != cl.typ {
					return nil, errorAt(c.src, op.Pos, "union: column '%s' is %s in one input and %s in another, expected one type (convert with tostring() …)", cl.name, t, cl.typ)
				}
				continue
			}
			seen[cl.name] = cl.typ
			cols = append(cols, cl)
		}
	}
	var parts []string
	for _, inp := range inputs {
		var sel []string
		if op.WithSource != "" {
			q, err := c.quote(inp.name, op.Pos)
			if err != nil {
				return nil, err
			}
			sel = append(sel, as(q, op.WithSource))
		}
		for _, cl := range cols {
			if _, ok := inp.r.find(cl.name); ok {
				sel = append(sel, query.Ident(cl.name))
			} else {
				sel = append(sel, as("CAST(NULL AS "+sqlTypes[cl.typ]+")", cl.name))
			}
		}
		parts = append(parts, "SELECT "+strings.Join(sel, ", ")+" FROM "+inp.r.name)
	}
	if op.WithSource != "" {
		cols = append([]col{{op.WithSource, tyString}}, cols...)
	}
	return &rel{name: c.stage(strings.Join(parts, " UNION ALL ")), cols: cols}, nil
}

// mvExpand turns each element of a dynamic array into its own row; a
// value that is not an array stays one row.
func (c *compiler) mvExpand(r *rel, op *MvExpandOp) (*rel, error) {
	if len(op.Items) != 1 {
		return nil, errorAt(c.src, op.Pos, "mv-expand of several columns at once is not supported, expected one column")
	}
	it := op.Items[0]
	v, err := c.expr(it.Expr, r)
	if err != nil {
		return nil, err
	}
	name := it.Name
	if name == "" {
		name = exprName(it.Expr)
	}
	if name == "" {
		return nil, errorAt(c.src, it.Expr.exprPos(), "mv-expand needs a column, or name = expression")
	}
	d := toDynamic(v).sql
	elem := val{"unnest(CASE WHEN json_type(" + d + ") = 'ARRAY' THEN json_extract(" + d + ", '$[*]') ELSE [" + d + "] END)", tyDynamic}
	if it.ToType != "" {
		t, ok := typeNames[it.ToType]
		if !ok {
			return nil, errorAt(c.src, op.Pos, "unknown type '%s' in mv-expand … to typeof(…)", it.ToType)
		}
		// Convert in a second stage: unnest cannot sit inside another function.
		expanded, err := c.mvExpand(r, &MvExpandOp{Pos: op.Pos, Items: []MvItem{{Name: name, Expr: it.Expr}}})
		if err != nil {
			return nil, err
		}
		return c.extend(expanded, []Item{{Name: name, Expr: &Call{Pos: op.Pos, Name: convFuncs[t], Args: []Expr{&Ident{Pos: op.Pos, Name: name}}}}})
	}
	var sel []string
	var cols []col
	replaced := false
	for _, cl := range r.cols {
		if cl.name == name {
			sel = append(sel, as(elem.sql, name))
			cols = append(cols, col{name, tyDynamic})
			replaced = true
			continue
		}
		sel = append(sel, query.Ident(cl.name))
		cols = append(cols, cl)
	}
	if !replaced {
		sel = append(sel, as(elem.sql, name))
		cols = append(cols, col{name, tyDynamic})
	}
	return &rel{name: c.stage("SELECT " + strings.Join(sel, ", ") + " FROM " + r.name), cols: cols}, nil
}

// convFuncs is the conversion function for each type (mv-expand … to typeof).
var convFuncs = map[string]string{
	tyString: "tostring", tyLong: "tolong", tyInt: "toint", tyReal: "toreal", tyBool: "tobool",
	tyDatetime: "todatetime", tyTimespan: "totimespan", tyDynamic: "todynamic", tyGuid: "toguid",
}

// parseOp is parse (kind=simple): the pattern becomes one regular
// expression anchored at the start; * and columns match as little as
// they can, except a column at the end, which takes the rest.
func (c *compiler) parseOp(r *rel, op *ParseOp) (*rel, error) {
	src, err := c.expr(op.Expr, r)
	if err != nil {
		return nil, err
	}
	var re strings.Builder
	re.WriteString("(?s)^")
	type target struct {
		name, typ string
		group     int
	}
	var targets []target
	for i, p := range op.Parts {
		last := i == len(op.Parts)-1
		switch {
		case p.Star:
			if !last {
				re.WriteString(".*?")
			}
		case p.Col != "":
			t, ok := typeNames[p.Type]
			if !ok {
				return nil, errorAt(c.src, p.Pos, "unknown type '%s' for parse column %s, expected string, long, int, real, bool, datetime, timespan, dynamic or guid", p.Type, p.Col)
			}
			if last {
				re.WriteString("(.*)")
			} else {
				re.WriteString("(.*?)")
			}
			targets = append(targets, target{p.Col, t, len(targets) + 1})
		default:
			re.WriteString(regexp.QuoteMeta(p.Lit))
		}
	}
	if len(targets) == 0 {
		return nil, errorAt(c.src, op.Pos, "parse pattern names no column, expected name or name:type in the pattern")
	}
	pattern, err := c.quote(re.String(), op.Pos)
	if err != nil {
		return nil, err
	}
	s := toString(src).sql
	// Each column is an extend of its capture, converted to its type.
	var sel []string
	var cols []col
	added := map[string]val{}
	for _, t := range targets {
		capture := val{"regexp_extract(" + s + ", " + pattern + ", " + strconv.Itoa(t.group) + ")", tyString}
		if t.typ != tyString {
			capture = convert(val{"nullif(" + capture.sql + ", '')", tyString}, t.typ)
		}
		added[t.name] = capture
	}
	for _, cl := range r.cols {
		if v, ok := added[cl.name]; ok {
			sel = append(sel, as(v.sql, cl.name))
			cols = append(cols, col{cl.name, v.typ})
			delete(added, cl.name)
			continue
		}
		sel = append(sel, query.Ident(cl.name))
		cols = append(cols, cl)
	}
	for _, t := range targets {
		if v, ok := added[t.name]; ok {
			sel = append(sel, as(v.sql, t.name))
			cols = append(cols, col{t.name, v.typ})
		}
	}
	return c.project(r, sel, cols, ""), nil
}
