// Package kql compiles Kusto Query Language (as Azure Log Analytics runs
// it) into one DuckDB SELECT over a case's tables: lexer.go → parser.go
// (AST in ast.go) → compile.go (operators), expr.go (scalar expressions),
// functions.go (scalar and aggregate functions), datetime.go (literals).
//
// Each pipeline stage becomes a CTE (WITH s0 AS (…), s1 AS (…) SELECT …
// FROM sN). Row order after sort/top travels as a hidden row-number
// column, because DuckDB does not promise that a CTE's ORDER BY survives
// the next stage.
package kql

import (
	"fmt"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// Options control compilation.
type Options struct {
	Now time.Time // for now() and ago(); zero = time.Now().UTC()
}

// ordCol is the hidden column carrying sort order between stages.
const ordCol = "__kql_order"

// col is one column of a stage: its KQL name and type.
type col struct {
	name string
	typ  string
}

// rel is a stage's result: the CTE that holds it and its columns.
type rel struct {
	name    string
	cols    []col
	ordered bool // has ordCol, from a sort or top
}

func (r *rel) find(name string) (col, bool) {
	for _, c := range r.cols {
		if c.name == name {
			return c, true
		}
	}
	return col{}, false
}

// colList lists a few column names for "unknown column" errors.
func (r *rel) colList() string {
	var names []string
	for i, c := range r.cols {
		if i == 12 {
			names = append(names, fmt.Sprintf("… (%d more)", len(r.cols)-12))
			break
		}
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

type compiler struct {
	src    string
	schema query.Schema
	now    time.Time
	ctes   []string
	lets   map[string]*Let // scalar lets
	tabs   map[string]*rel // tabular lets
	chart  *query.Chart
	aggIn  *rel // set while compiling summarize aggregates: aggregate calls allowed
}

// Compile turns a KQL query into DuckDB SQL over the tables of schema.
// Errors are *query.Error with Lang "kql" and the position of the problem.
func Compile(text string, schema query.Schema, opts Options) (*query.Compiled, error) {
	q, err := parse(text)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	c := &compiler{src: text, schema: schema, now: now, lets: map[string]*Let{}, tabs: map[string]*rel{}}
	for _, l := range q.Lets {
		if err := c.let(l); err != nil {
			return nil, err
		}
	}
	r, err := c.pipeline(q.Body)
	if err != nil {
		return nil, err
	}
	out := &query.Compiled{Chart: c.chart}
	var sel []string
	for _, cl := range r.cols {
		out.Columns = append(out.Columns, query.Column{Name: cl.name, Type: cl.typ})
		if cl.typ == tyDynamic {
			sel = append(sel, "CAST("+query.Ident(cl.name)+" AS VARCHAR) AS "+query.Ident(cl.name))
		} else {
			sel = append(sel, query.Ident(cl.name))
		}
	}
	var b strings.Builder
	if len(c.ctes) > 0 {
		b.WriteString("WITH ")
		b.WriteString(strings.Join(c.ctes, ",\n"))
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "SELECT %s FROM %s", strings.Join(sel, ", "), r.name)
	if r.ordered {
		b.WriteString(" ORDER BY " + query.Ident(ordCol))
	}
	out.SQL = b.String()
	return out, nil
}

func (c *compiler) let(l *Let) error {
	if l.Tab != nil {
		r, err := c.pipeline(l.Tab)
		if err != nil {
			return err
		}
		c.tabs[l.Name] = r
		return nil
	}
	// `let T = SigninLogs;` names a table.
	if id, ok := l.Expr.(*Ident); ok && c.isTabular(id.Name) {
		r, err := c.source(&TableRef{Pos: id.Pos, Name: id.Name})
		if err != nil {
			return err
		}
		c.tabs[l.Name] = r
		return nil
	}
	c.lets[l.Name] = l
	delete(c.tabs, l.Name)
	return nil
}

func (c *compiler) isTabular(name string) bool {
	if _, ok := c.tabs[name]; ok {
		return true
	}
	t := c.schema.Table(name)
	return t != nil && t.Name == name
}

// stage adds a CTE and returns its name.
func (c *compiler) stage(sql string) string {
	name := fmt.Sprintf("s%d", len(c.ctes))
	c.ctes = append(c.ctes, name+" AS (\n  "+sql+"\n)")
	return name
}

// project adds a stage selecting exprs (already "sql AS name") from in,
// carrying the sort order along when in has one.
func (c *compiler) project(in *rel, exprs []string, cols []col, tail string) *rel {
	if in.ordered {
		exprs = append(exprs, query.Ident(ordCol))
	}
	sql := "SELECT " + strings.Join(exprs, ", ") + " FROM " + in.name
	if tail != "" {
		sql += " " + tail
	}
	return &rel{name: c.stage(sql), cols: cols, ordered: in.ordered}
}

// passThrough is the select list that keeps every column of r as it is.
func passThrough(r *rel) []string {
	out := make([]string, len(r.cols))
	for i, cl := range r.cols {
		out[i] = query.Ident(cl.name)
	}
	return out
}

func as(sql, name string) string { return sql + " AS " + query.Ident(name) }

func (c *compiler) pipeline(pl *Pipeline) (*rel, error) {
	r, err := c.source(pl.Source)
	if err != nil {
		return nil, err
	}
	for _, op := range pl.Ops {
		if r, err = c.operator(r, op); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (c *compiler) source(s Source) (*rel, error) {
	switch s := s.(type) {
	case *Pipeline:
		return c.pipeline(s)
	case *UnionOp:
		return c.union(nil, s)
	case *TableRef:
		if r, ok := c.tabs[s.Name]; ok {
			return r, nil
		}
		t := c.schema.Table(s.Name)
		if t == nil || t.Name != s.Name {
			if t != nil {
				return nil, errorAt(c.src, s.Pos, "unknown table '%s' (table names are case-sensitive: did you mean '%s'?)", s.Name, t.Name)
			}
			return nil, errorAt(c.src, s.Pos, "unknown table '%s'", s.Name)
		}
		r := &rel{}
		var sel []string
		for _, sc := range t.Columns {
			kt, _ := kqlType(sc.Type)
			expr := query.Ident(sc.Name)
			if !strings.EqualFold(strings.TrimSpace(sc.Type), sqlTypes[kt]) {
				expr = "CAST(" + expr + " AS " + sqlTypes[kt] + ")"
			}
			sel = append(sel, as(expr, sc.Name))
			r.cols = append(r.cols, col{sc.Name, kt})
		}
		if len(sel) == 0 {
			return nil, errorAt(c.src, s.Pos, "table '%s' has no columns", s.Name)
		}
		r.name = c.stage("SELECT " + strings.Join(sel, ", ") + " FROM " + query.Ident(t.Name))
		return r, nil
	}
	return nil, fmt.Errorf("kql: unknown source %T", s)
}

func (c *compiler) operator(r *rel, op Op) (*rel, error) {
	switch op := op.(type) {
	case *WhereOp:
		v, err := c.boolExpr(op.Pred, r, "where")
		if err != nil {
			return nil, err
		}
		return c.project(r, passThrough(r), r.cols, "WHERE "+v.sql), nil
	case *ProjectOp:
		return c.projectOp(r, op)
	case *ExtendOp:
		return c.extend(r, op.Items)
	case *ProjectAwayOp:
		drop := map[string]bool{}
		for _, n := range op.Names {
			if _, ok := r.find(n.Name); !ok {
				return nil, c.unknownColumn(n.Pos, n.Name, r)
			}
			drop[n.Name] = true
		}
		var sel []string
		var cols []col
		for _, cl := range r.cols {
			if !drop[cl.name] {
				sel = append(sel, query.Ident(cl.name))
				cols = append(cols, cl)
			}
		}
		return c.project(r, sel, cols, ""), nil
	case *ProjectRenameOp:
		newName := map[string]string{}
		for _, p := range op.Pairs {
			if _, ok := r.find(p.Old); !ok {
				return nil, c.unknownColumn(p.Pos, p.Old, r)
			}
			newName[p.Old] = p.New
		}
		var sel []string
		var cols []col
		for _, cl := range r.cols {
			name := cl.name
			if n, ok := newName[name]; ok {
				name = n
			}
			sel = append(sel, as(query.Ident(cl.name), name))
			cols = append(cols, col{name, cl.typ})
		}
		return c.project(r, sel, cols, ""), nil
	case *SummarizeOp:
		return c.summarize(r, op)
	case *SortOp:
		order, err := c.orderBy(op.Keys, r)
		if err != nil {
			return nil, err
		}
		sel := append(passThrough(r), as("row_number() OVER (ORDER BY "+order+")", ordCol))
		return &rel{name: c.stage("SELECT " + strings.Join(sel, ", ") + " FROM " + r.name), cols: r.cols, ordered: true}, nil
	case *TopOp:
		order, err := c.orderBy(op.Keys, r)
		if err != nil {
			return nil, err
		}
		sel := append(passThrough(r), as("row_number() OVER (ORDER BY "+order+")", ordCol))
		sql := fmt.Sprintf("SELECT %s FROM %s QUALIFY row_number() OVER (ORDER BY %s) <= %d", strings.Join(sel, ", "), r.name, order, op.N)
		return &rel{name: c.stage(sql), cols: r.cols, ordered: true}, nil
	case *TakeOp:
		tail := fmt.Sprintf("LIMIT %d", op.N)
		if r.ordered {
			tail = "ORDER BY " + query.Ident(ordCol) + " " + tail
		}
		return c.project(r, passThrough(r), r.cols, tail), nil
	case *DistinctOp:
		return c.distinct(r, op)
	case *CountOp:
		return &rel{name: c.stage("SELECT count(*) AS \"Count\" FROM " + r.name), cols: []col{{"Count", tyLong}}}, nil
	case *JoinOp:
		return c.join(r, op)
	case *UnionOp:
		return c.union(r, op)
	case *MvExpandOp:
		return c.mvExpand(r, op)
	case *ParseOp:
		return c.parseOp(r, op)
	case *RenderOp:
		chart := op.Chart
		c.chart = &chart
		return r, nil
	}
	return nil, fmt.Errorf("kql: unknown operator %T", op)
}

func (c *compiler) unknownColumn(pos int, name string, r *rel) *query.Error {
	return errorAt(c.src, pos, "unknown column '%s'; columns are: %s", name, r.colList())
}

func (c *compiler) projectOp(r *rel, op *ProjectOp) (*rel, error) {
	names := newNamer()
	var sel []string
	var cols []col
	for _, it := range op.Items {
		v, err := c.expr(it.Expr, r)
		if err != nil {
			return nil, err
		}
		name := it.Name
		if name == "" {
			name = exprName(it.Expr)
		}
		name = names.unique(name)
		sel = append(sel, as(v.sql, name))
		cols = append(cols, col{name, v.typ})
	}
	return c.project(r, sel, cols, ""), nil
}

// extend adds or replaces columns one item at a time, so a later item can
// use an earlier one (extend a = 1, b = a + 1).
func (c *compiler) extend(r *rel, items []Item) (*rel, error) {
	for _, it := range items {
		v, err := c.expr(it.Expr, r)
		if err != nil {
			return nil, err
		}
		name := it.Name
		if name == "" {
			taken := make([]string, len(r.cols))
			for i, cl := range r.cols {
				taken[i] = cl.name
			}
			name = newNamer(taken...).unique(exprName(it.Expr))
		}
		sel := []string{}
		cols := []col{}
		replaced := false
		for _, cl := range r.cols {
			if cl.name == name {
				sel = append(sel, as(v.sql, name))
				cols = append(cols, col{name, v.typ})
				replaced = true
				continue
			}
			sel = append(sel, query.Ident(cl.name))
			cols = append(cols, cl)
		}
		if !replaced {
			sel = append(sel, as(v.sql, name))
			cols = append(cols, col{name, v.typ})
		}
		r = c.project(r, sel, cols, "")
	}
	return r, nil
}

func (c *compiler) orderBy(keys []SortKey, r *rel) (string, error) {
	var parts []string
	for _, k := range keys {
		v, err := c.expr(k.Expr, r)
		if err != nil {
			return "", err
		}
		s := v.sql
		if v.typ == tyDynamic {
			s = "CAST(" + s + " AS VARCHAR)"
		}
		if k.Desc {
			s += " DESC"
		} else {
			s += " ASC"
		}
		if k.NullsFirst {
			s += " NULLS FIRST"
		} else {
			s += " NULLS LAST"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", "), nil
}

func (c *compiler) distinct(r *rel, op *DistinctOp) (*rel, error) {
	if op.Star {
		return &rel{name: c.stage("SELECT DISTINCT " + strings.Join(passThrough(r), ", ") + " FROM " + r.name), cols: r.cols}, nil
	}
	names := newNamer()
	var sel []string
	var cols []col
	for _, it := range op.Items {
		v, err := c.expr(it.Expr, r)
		if err != nil {
			return nil, err
		}
		name := it.Name
		if name == "" {
			name = exprName(it.Expr)
		}
		name = names.unique(name)
		sel = append(sel, as(v.sql, name))
		cols = append(cols, col{name, v.typ})
	}
	return &rel{name: c.stage("SELECT DISTINCT " + strings.Join(sel, ", ") + " FROM " + r.name), cols: cols}, nil
}
