package athena

import (
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// cexpr is a compiled expression: its DuckDB SQL, its Athena type, and
// whether it holds an aggregate.
type cexpr struct {
	sql string
	t   *typ
	agg bool
}

// exprCtx says where an expression is, for the places Trino refuses
// aggregates.
type exprCtx int

const (
	ctxSelect  exprCtx = iota // select list, HAVING, ORDER BY
	ctxWhere                  // WHERE and JOIN … ON
	ctxGroupBy                // GROUP BY
	ctxAggArg                 // inside an aggregate's arguments
)

func (c *compiler) exprs(list []Expr, sc *scope, env *withEnv, ctx exprCtx) ([]cexpr, error) {
	out := make([]cexpr, len(list))
	for i, e := range list {
		ce, err := c.expr(e, sc, env, ctx)
		if err != nil {
			return nil, err
		}
		out[i] = ce
	}
	return out, nil
}

func (c *compiler) wantBoolean(e Expr, ce cexpr, clause string) error {
	if ce.t.name != "boolean" && !isUnknown(ce.t) {
		return c.errorf(e.exprPos(), "%s needs a boolean condition: found a value of type %s", clause, ce.t)
	}
	return nil
}

func (c *compiler) expr(e Expr, sc *scope, env *withEnv, ctx exprCtx) (cexpr, error) {
	switch e := e.(type) {
	case *Name:
		return c.name(e, sc)
	case *Literal:
		return c.literal(e)
	case *Paren:
		x, err := c.expr(e.X, sc, env, ctx)
		x.sql = "(" + x.sql + ")"
		return x, err
	case *Unary:
		x, err := c.expr(e.X, sc, env, ctx)
		if err != nil {
			return x, err
		}
		if e.Op == "NOT" {
			if err := c.wantBoolean(e.X, x, "NOT"); err != nil {
				return x, err
			}
			return cexpr{sql: "(NOT " + x.sql + ")", t: tBoolean, agg: x.agg}, nil
		}
		if !isNumeric(x.t) && !isUnknown(x.t) && !strings.HasPrefix(x.t.name, "interval") {
			return x, c.errorf(e.Pos, "cannot apply unary %s to a value of type %s, expected a number", e.Op, x.t)
		}
		return cexpr{sql: "(" + e.Op + x.sql + ")", t: x.t, agg: x.agg}, nil
	case *Binary:
		return c.binary(e, sc, env, ctx)
	case *Between:
		xs, err := c.exprs([]Expr{e.X, e.Lo, e.Hi}, sc, env, ctx)
		if err != nil {
			return cexpr{}, err
		}
		t := commonType(commonTypeOr(xs[0].t, xs[1].t), xs[2].t)
		if commonType(xs[0].t, xs[1].t) == nil || t == nil {
			return cexpr{}, c.errorf(e.Pos, "cannot apply BETWEEN to %s, %s and %s, expected values of one kind", xs[0].t, xs[1].t, xs[2].t)
		}
		not := ""
		if e.Not {
			not = "NOT "
		}
		return cexpr{sql: "(" + xs[0].sql + " " + not + "BETWEEN " + xs[1].sql + " AND " + xs[2].sql + ")", t: tBoolean, agg: anyAgg(xs...)}, nil
	case *In:
		return c.in(e, sc, env, ctx)
	case *Like:
		xs, err := c.exprs([]Expr{e.X, e.Pattern}, sc, env, ctx)
		if err != nil {
			return cexpr{}, err
		}
		for i, x := range xs {
			if !isString(x.t) && !isUnknown(x.t) {
				what := []string{"value", "pattern"}[i]
				return cexpr{}, c.errorf([]Expr{e.X, e.Pattern}[i].exprPos(), "LIKE needs a varchar %s: found a value of type %s", what, x.t)
			}
		}
		not := ""
		if e.Not {
			not = "NOT "
		}
		sql := "(" + xs[0].sql + " " + not + "LIKE " + xs[1].sql
		if e.Escape != nil {
			esc, err := c.expr(e.Escape, sc, env, ctx)
			if err != nil {
				return cexpr{}, err
			}
			if lit, ok := e.Escape.(*Literal); !ok || lit.Kind != LitString || len([]rune(lit.Text)) != 1 {
				return cexpr{}, c.errorf(e.Escape.exprPos(), "ESCAPE needs a string of one character")
			}
			sql += " ESCAPE " + esc.sql
		}
		return cexpr{sql: sql + ")", t: tBoolean, agg: anyAgg(xs...)}, nil
	case *IsNull:
		x, err := c.expr(e.X, sc, env, ctx)
		if err != nil {
			return x, err
		}
		op := " IS NULL)"
		if e.Not {
			op = " IS NOT NULL)"
		}
		return cexpr{sql: "(" + x.sql + op, t: tBoolean, agg: x.agg}, nil
	case *Case:
		return c.caseExpr(e, sc, env, ctx)
	case *Cast:
		return c.cast(e, sc, env, ctx)
	case *Call:
		return c.call(e, sc, env, ctx)
	case *Extract:
		x, err := c.expr(e.X, sc, env, ctx)
		if err != nil {
			return x, err
		}
		return c.extract(e.Pos, e.Field, x)
	case *Subscript:
		xs, err := c.exprs([]Expr{e.X, e.Index}, sc, env, ctx)
		if err != nil {
			return cexpr{}, err
		}
		if xs[0].t.name != "array" {
			return cexpr{}, c.errorf(e.Pos, "found [ after a value of type %s, expected an array", xs[0].t)
		}
		if !isInteger(xs[1].t) {
			return cexpr{}, c.errorf(e.Index.exprPos(), "an array index must be an integer: found %s", xs[1].t)
		}
		return cexpr{sql: "(" + xs[0].sql + ")[" + xs[1].sql + "]", t: xs[0].t.elem, agg: anyAgg(xs...)}, nil
	case *Field:
		x, err := c.expr(e.X, sc, env, ctx)
		if err != nil {
			return x, err
		}
		return c.field(x, e.Name, e.Pos)
	case *Exists:
		sql, _, err := c.subquery(e.Query, env, sc)
		if err != nil {
			return cexpr{}, err
		}
		return cexpr{sql: "(EXISTS (" + sql + "))", t: tBoolean}, nil
	case *ScalarQuery:
		sql, cols, err := c.subquery(e.Query, env, sc)
		if err != nil {
			return cexpr{}, err
		}
		if len(cols) != 1 {
			return cexpr{}, c.errorf(e.Pos, "a subquery used as a value must return one column: found %d", len(cols))
		}
		return cexpr{sql: "(" + sql + ")", t: cols[0].t}, nil
	}
	return cexpr{}, c.errorf(e.exprPos(), "unsupported expression")
}

func anyAgg(xs ...cexpr) bool {
	for _, x := range xs {
		if x.agg {
			return true
		}
	}
	return false
}

// commonTypeOr is commonType, falling back to a when the two do not mix
// (the caller reports the error).
func commonTypeOr(a, b *typ) *typ {
	if t := commonType(a, b); t != nil {
		return t
	}
	return a
}

// name resolves a column reference, possibly qualified by a table alias
// and followed by row fields, in the innermost scope that has it.
func (c *compiler) name(n *Name, sc *scope) (cexpr, error) {
	first := n.Parts[0]
	for s := sc; s != nil; s = s.parent {
		// alias.column …
		if len(n.Parts) > 1 {
			for _, r := range s.rels {
				if r.alias != first {
					continue
				}
				for _, col := range r.cols {
					if col.name == n.Parts[1] {
						return c.fields(cexpr{sql: query.Ident(r.sql) + "." + query.Ident(col.name), t: col.t}, n, 2)
					}
				}
				return cexpr{}, c.errorf(n.Pos, "column %s.%s cannot be resolved: %s has no column %s, expected one of: %s", first, n.Parts[1], first, n.Parts[1], names(r.cols))
			}
		}
		// column …
		var found *rel
		var foundCol column
		for _, r := range s.rels {
			for _, col := range r.cols {
				if col.name == first {
					if found != nil {
						return cexpr{}, c.errorf(n.Pos, "column %s is ambiguous: both %s and %s have it, expected a qualified name", first, relName(found), relName(r))
					}
					found, foundCol = r, col
				}
			}
		}
		if found != nil {
			return c.fields(cexpr{sql: query.Ident(found.sql) + "." + query.Ident(foundCol.name), t: foundCol.t}, n, 1)
		}
	}
	var avail []column
	if sc != nil {
		for _, r := range sc.rels {
			avail = append(avail, r.cols...)
		}
	}
	if len(avail) == 0 {
		return cexpr{}, c.errorf(n.Pos, "column %s cannot be resolved: the query reads no table", strings.Join(n.Parts, "."))
	}
	return cexpr{}, c.errorf(n.Pos, "column %s cannot be resolved, expected one of: %s", strings.Join(n.Parts, "."), names(avail))
}

func relName(r *rel) string {
	if r.alias == "" {
		return "the subquery"
	}
	return r.alias
}

// fields applies n.Parts[from:] as row field accesses to x.
func (c *compiler) fields(x cexpr, n *Name, from int) (cexpr, error) {
	var err error
	for _, f := range n.Parts[from:] {
		if x, err = c.field(x, f, n.Pos); err != nil {
			return x, err
		}
	}
	return x, nil
}

func (c *compiler) field(x cexpr, name string, pos int) (cexpr, error) {
	if x.t.name != "row" {
		return cexpr{}, c.errorf(pos, "cannot read field %s of a value of type %s, expected a row", name, x.t)
	}
	var fieldNames []string
	for _, f := range x.t.fields {
		if f.name == name {
			return cexpr{sql: "struct_extract(" + x.sql + ", " + query.MustQuote(f.name) + ")", t: f.t, agg: x.agg}, nil
		}
		fieldNames = append(fieldNames, f.name)
	}
	return cexpr{}, c.errorf(pos, "field %s cannot be resolved, expected one of: %s", name, strings.Join(fieldNames, ", "))
}

func (c *compiler) literal(l *Literal) (cexpr, error) {
	switch l.Kind {
	case LitString:
		q, err := query.Quote(l.Text)
		if err != nil {
			return cexpr{}, c.errorf(l.Pos, "%v", err)
		}
		return cexpr{sql: q, t: tVarchar}, nil
	case LitNumber:
		if !strings.ContainsAny(l.Text, ".eE") {
			n, err := strconv.ParseInt(l.Text, 10, 64)
			if err != nil {
				return cexpr{}, c.errorf(l.Pos, "number %s is too large for bigint", l.Text)
			}
			if n > 1<<31-1 {
				return cexpr{sql: l.Text, t: tBigint}, nil
			}
			return cexpr{sql: l.Text, t: tInteger}, nil
		}
		return cexpr{sql: "CAST(" + l.Text + " AS DOUBLE)", t: tDouble}, nil
	case LitBool:
		return cexpr{sql: strings.ToUpper(l.Text), t: tBoolean}, nil
	case LitNull:
		return cexpr{sql: "NULL", t: tUnknown}, nil
	case LitDate:
		if _, err := time.Parse("2006-01-02", l.Text); err != nil {
			return cexpr{}, c.errorf(l.Pos, "found DATE '%s', expected a date as 'YYYY-MM-DD'", l.Text)
		}
		return cexpr{sql: "DATE " + query.MustQuote(l.Text), t: tDate}, nil
	case LitTimestamp:
		if !validTimestamp(l.Text) {
			return cexpr{}, c.errorf(l.Pos, "found TIMESTAMP '%s', expected a time as 'YYYY-MM-DD HH:MM:SS[.fff]'", l.Text)
		}
		return cexpr{sql: "TIMESTAMP " + query.MustQuote(l.Text), t: tTimestamp}, nil
	case LitInterval:
		qty := strings.TrimPrefix(l.Text, "-")
		if _, err := strconv.ParseUint(qty, 10, 32); err != nil {
			return cexpr{}, c.errorf(l.Pos, "found INTERVAL '%s', expected a whole number between the quotes", qty)
		}
		sql := "(INTERVAL " + query.MustQuote(qty) + " " + strings.ToUpper(l.Unit) + ")"
		if strings.HasPrefix(l.Text, "-") {
			sql = "(-" + sql + ")"
		}
		t := tIntervalDay
		if l.Unit == "year" || l.Unit == "month" {
			t = tIntervalMonth
		}
		return cexpr{sql: sql, t: t}, nil
	}
	return cexpr{}, c.errorf(l.Pos, "unsupported literal")
}

func validTimestamp(s string) bool {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

func (c *compiler) binary(e *Binary, sc *scope, env *withEnv, ctx exprCtx) (cexpr, error) {
	xs, err := c.exprs([]Expr{e.X, e.Y}, sc, env, ctx)
	if err != nil {
		return cexpr{}, err
	}
	x, y := xs[0], xs[1]
	agg := x.agg || y.agg
	mismatch := func() error {
		return c.errorf(e.OpPos, "cannot apply operator: %s %s %s", x.t, e.Op, y.t)
	}
	switch e.Op {
	case "AND", "OR":
		for i, v := range xs {
			if err := c.wantBoolean([]Expr{e.X, e.Y}[i], v, e.Op); err != nil {
				return cexpr{}, err
			}
		}
		return cexpr{sql: "(" + x.sql + " " + e.Op + " " + y.sql + ")", t: tBoolean, agg: agg}, nil
	case "=", "<>", "<", "<=", ">", ">=":
		if commonType(x.t, y.t) == nil {
			return cexpr{}, mismatch()
		}
		return cexpr{sql: "(" + x.sql + " " + e.Op + " " + y.sql + ")", t: tBoolean, agg: agg}, nil
	case "||":
		switch {
		case (isString(x.t) || isUnknown(x.t)) && (isString(y.t) || isUnknown(y.t)):
			return cexpr{sql: "(" + x.sql + " || " + y.sql + ")", t: tVarchar, agg: agg}, nil
		case x.t.name == "array" && commonType(x.t, y.t) != nil:
			return cexpr{sql: "list_concat(" + x.sql + ", " + y.sql + ")", t: commonType(x.t, y.t), agg: agg}, nil
		}
		return cexpr{}, mismatch()
	}
	// Arithmetic.
	isInterval := func(t *typ) bool { return strings.HasPrefix(t.name, "interval") }
	switch {
	case (isNumeric(x.t) || isUnknown(x.t)) && (isNumeric(y.t) || isUnknown(y.t)):
		t := commonType(x.t, y.t)
		if isUnknown(t) {
			t = tInteger
		}
		op := e.Op
		if op == "/" && isInteger(t) {
			// Trino divides integers to an integer, truncating; DuckDB's
			// "/" would give a double.
			op = "//"
		}
		return cexpr{sql: "(" + x.sql + " " + op + " " + y.sql + ")", t: t, agg: agg}, nil
	case isTemporal(x.t) && isInterval(y.t) && (e.Op == "+" || e.Op == "-"):
		return cexpr{sql: "CAST(" + x.sql + " " + e.Op + " " + y.sql + " AS " + temporalDuck(x.t) + ")", t: x.t, agg: agg}, nil
	case isInterval(x.t) && isTemporal(y.t) && e.Op == "+":
		return cexpr{sql: "CAST(" + y.sql + " + " + x.sql + " AS " + temporalDuck(y.t) + ")", t: y.t, agg: agg}, nil
	case x.t.name == "timestamp" && y.t.name == "timestamp" && e.Op == "-":
		return cexpr{sql: "(" + x.sql + " - " + y.sql + ")", t: tIntervalDay, agg: agg}, nil
	}
	return cexpr{}, mismatch()
}

// temporalDuck is the DuckDB type a date or timestamp is kept as.
func temporalDuck(t *typ) string {
	if t.name == "date" {
		return "DATE"
	}
	return "TIMESTAMP"
}

func (c *compiler) in(e *In, sc *scope, env *withEnv, ctx exprCtx) (cexpr, error) {
	x, err := c.expr(e.X, sc, env, ctx)
	if err != nil {
		return x, err
	}
	not := ""
	if e.Not {
		not = "NOT "
	}
	if e.Query != nil {
		sql, cols, err := c.subquery(e.Query, env, sc)
		if err != nil {
			return cexpr{}, err
		}
		if len(cols) != 1 {
			return cexpr{}, c.errorf(e.Query.Pos, "a subquery after IN must return one column: found %d", len(cols))
		}
		if commonType(x.t, cols[0].t) == nil {
			return cexpr{}, c.errorf(e.Query.Pos, "cannot compare %s with the subquery's %s in IN", x.t, cols[0].t)
		}
		return cexpr{sql: "(" + x.sql + " " + not + "IN (" + sql + "))", t: tBoolean, agg: x.agg}, nil
	}
	items, err := c.exprs(e.List, sc, env, ctx)
	if err != nil {
		return cexpr{}, err
	}
	parts := make([]string, len(items))
	agg := x.agg
	for i, it := range items {
		if commonType(x.t, it.t) == nil {
			return cexpr{}, c.errorf(e.List[i].exprPos(), "IN list value has type %s, expected a value comparable with %s", it.t, x.t)
		}
		parts[i] = it.sql
		agg = agg || it.agg
	}
	return cexpr{sql: "(" + x.sql + " " + not + "IN (" + strings.Join(parts, ", ") + "))", t: tBoolean, agg: agg}, nil
}

func (c *compiler) caseExpr(e *Case, sc *scope, env *withEnv, ctx exprCtx) (cexpr, error) {
	var b strings.Builder
	b.WriteString("CASE")
	agg := false
	var operand cexpr
	if e.Operand != nil {
		var err error
		if operand, err = c.expr(e.Operand, sc, env, ctx); err != nil {
			return cexpr{}, err
		}
		agg = operand.agg
		b.WriteString(" " + operand.sql)
	}
	t := tUnknown
	addResult := func(r Expr, rc cexpr) error {
		nt := commonType(t, rc.t)
		if nt == nil {
			return c.errorf(r.exprPos(), "CASE results have different types: found %s after %s", rc.t, t)
		}
		t = nt
		return nil
	}
	for _, w := range e.Whens {
		cond, err := c.expr(w.Cond, sc, env, ctx)
		if err != nil {
			return cexpr{}, err
		}
		if e.Operand != nil {
			if commonType(operand.t, cond.t) == nil {
				return cexpr{}, c.errorf(w.Cond.exprPos(), "cannot compare CASE operand of type %s with WHEN value of type %s", operand.t, cond.t)
			}
		} else if err := c.wantBoolean(w.Cond, cond, "WHEN"); err != nil {
			return cexpr{}, err
		}
		res, err := c.expr(w.Result, sc, env, ctx)
		if err != nil {
			return cexpr{}, err
		}
		if err := addResult(w.Result, res); err != nil {
			return cexpr{}, err
		}
		agg = agg || cond.agg || res.agg
		b.WriteString(" WHEN " + cond.sql + " THEN " + res.sql)
	}
	if e.Else != nil {
		res, err := c.expr(e.Else, sc, env, ctx)
		if err != nil {
			return cexpr{}, err
		}
		if err := addResult(e.Else, res); err != nil {
			return cexpr{}, err
		}
		agg = agg || res.agg
		b.WriteString(" ELSE " + res.sql)
	}
	b.WriteString(" END")
	return cexpr{sql: b.String(), t: t, agg: agg}, nil
}

func (c *compiler) cast(e *Cast, sc *scope, env *withEnv, ctx exprCtx) (cexpr, error) {
	x, err := c.expr(e.X, sc, env, ctx)
	if err != nil {
		return x, err
	}
	t, duck, err := castTarget(e.Type)
	if err != nil {
		return cexpr{}, c.errorf(e.Pos, "%v", err)
	}
	fn := "CAST"
	if e.Try {
		fn = "TRY_CAST"
	}
	if t == tVarchar && isTemporal(x.t) && x.t.name != "date" {
		// Trino writes timestamps as text with milliseconds.
		return cexpr{sql: "strftime(" + x.sql + ", '%Y-%m-%d %H:%M:%S.%g')", t: tVarchar, agg: x.agg}, nil
	}
	return cexpr{sql: fn + "(" + x.sql + " AS " + duck + ")", t: t, agg: x.agg}, nil
}

// extractFields maps EXTRACT fields (and the functions year(), month() …)
// to DuckDB date parts.
var extractFields = map[string]string{
	"year": "year", "quarter": "quarter", "month": "month", "week": "week",
	"day": "day", "day_of_month": "day", "day_of_week": "isodow", "dow": "isodow",
	"day_of_year": "doy", "doy": "doy", "hour": "hour", "minute": "minute", "second": "second",
	"year_of_week": "isoyear", "yow": "isoyear",
}

func (c *compiler) extract(pos int, field string, x cexpr) (cexpr, error) {
	part, ok := extractFields[field]
	if !ok {
		return cexpr{}, c.errorf(pos, "unknown date field %s, expected one of YEAR, QUARTER, MONTH, WEEK, DAY, DAY_OF_WEEK, DAY_OF_YEAR, HOUR, MINUTE, SECOND", field)
	}
	if !isTemporal(x.t) && !isUnknown(x.t) {
		return cexpr{}, c.errorf(pos, "cannot extract %s from a value of type %s, expected a date or timestamp", field, x.t)
	}
	return cexpr{sql: "CAST(extract(" + part + " FROM " + x.sql + ") AS BIGINT)", t: tBigint, agg: x.agg}, nil
}
