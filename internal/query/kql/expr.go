package kql

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// val is a compiled scalar: DuckDB SQL and its KQL type.
type val struct {
	sql string
	typ string
}

// quote puts a string from the query into SQL, as a positioned error if it cannot.
func (c *compiler) quote(s string, pos int) (string, error) {
	q, err := query.Quote(s)
	if err != nil {
		return "", errorAt(c.src, pos, "%v", err)
	}
	return q, nil
}

func (c *compiler) expr(e Expr, r *rel) (val, error) {
	switch e := e.(type) {
	case *Ident:
		if cl, ok := r.find(e.Name); ok {
			return val{query.Ident(cl.name), cl.typ}, nil
		}
		if l, ok := c.lets[e.Name]; ok {
			// A let is compiled where it is used; it cannot see columns.
			return c.expr(l.Expr, &rel{name: r.name})
		}
		return val{}, c.unknownColumn(e.Pos, e.Name, r)
	case *StringLit:
		q, err := c.quote(e.Val, e.Pos)
		return val{q, tyString}, err
	case *NumberLit:
		if !e.IsReal {
			if n, err := strconv.ParseInt(e.Text, 10, 64); err == nil {
				return val{"CAST(" + strconv.FormatInt(n, 10) + " AS BIGINT)", tyLong}, nil
			}
		}
		f, err := strconv.ParseFloat(e.Text, 64)
		if err != nil {
			return val{}, errorAt(c.src, e.Pos, "bad number %s", e.Text)
		}
		return val{"CAST(" + strconv.FormatFloat(f, 'g', -1, 64) + " AS DOUBLE)", tyReal}, nil
	case *BoolLit:
		if e.Val {
			return val{"TRUE", tyBool}, nil
		}
		return val{"FALSE", tyBool}, nil
	case *TimespanLit:
		return val{"to_microseconds(CAST(" + strconv.FormatInt(e.Micros, 10) + " AS BIGINT))", tyTimespan}, nil
	case *DatetimeLit:
		return val{sqlTimestamp(e.T), tyDatetime}, nil
	case *DynamicLit:
		if e.JSON == "null" || e.JSON == "" {
			return val{"CAST(NULL AS JSON)", tyDynamic}, nil
		}
		if !json.Valid([]byte(e.JSON)) {
			return val{}, errorAt(c.src, e.Pos, "dynamic(%s) is not valid JSON", e.JSON)
		}
		q, err := c.quote(e.JSON, e.Pos)
		return val{"CAST(" + q + " AS JSON)", tyDynamic}, err
	case *Unary:
		x, err := c.expr(e.X, r)
		if err != nil {
			return val{}, err
		}
		if x.typ == tyDynamic {
			x = toReal(x)
		}
		if !isNumeric(x.typ) && x.typ != tyTimespan {
			return val{}, errorAt(c.src, e.Pos, "unary minus needs a number or a timespan, found %s", x.typ)
		}
		return val{"(-" + x.sql + ")", x.typ}, nil
	case *Binary:
		return c.binary(e, r)
	case *Between:
		return c.between(e, r)
	case *In:
		return c.in(e, r)
	case *Member:
		x, err := c.expr(e.X, r)
		if err != nil {
			return val{}, err
		}
		q, err := c.quote(jsonPointer(e.Name), e.Pos)
		return val{"json_extract(" + toDynamic(x).sql + ", " + q + ")", tyDynamic}, err
	case *Index:
		return c.index(e, r)
	case *Call:
		return c.call(e, r)
	case *Star:
		return val{}, errorAt(c.src, e.Pos, "unexpected '*', expected an expression ('*' only fits count(*) and arg_max(x, *))")
	}
	return val{}, errorAt(c.src, e.exprPos(), "unsupported expression")
}

// inArray is the SQL list of the values a dynamic `in` item stands for:
// an array's elements, or the value itself when it is not an array,
// converted to the left side's type (lower-cased for in~). Elements that
// do not convert are null and match nothing.
func inArray(x, d val, ci bool) string {
	elems := "CASE WHEN json_type(" + d.sql + ") = 'ARRAY' THEN json_extract_string(" + d.sql + ", '$[*]') ELSE [json_extract_string(" + d.sql + ", '$')] END"
	switch {
	case ci:
		return "list_transform(" + elems + ", __e -> lower(__e))"
	case x.typ == tyString:
		return elems
	}
	return "list_transform(" + elems + ", __e -> " + convert(val{"__e", tyString}, x.typ).sql + ")"
}

// jsonPointer is the RFC 6901 pointer to one object key (DuckDB's JSON
// functions take it as a path; ~ and / are escaped as the RFC says).
func jsonPointer(key string) string {
	return "/" + strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func (c *compiler) index(e *Index, r *rel) (val, error) {
	x, err := c.expr(e.X, r)
	if err != nil {
		return val{}, err
	}
	d := toDynamic(x).sql
	// Literal indexes become a constant path; d[-1] is the last element.
	switch idx := e.Idx.(type) {
	case *StringLit:
		q, err := c.quote(jsonPointer(idx.Val), idx.Pos)
		return val{"json_extract(" + d + ", " + q + ")", tyDynamic}, err
	case *NumberLit:
		if n, err := strconv.ParseInt(idx.Text, 10, 64); err == nil {
			return val{"json_extract(" + d + ", '$[" + strconv.FormatInt(n, 10) + "]')", tyDynamic}, nil
		}
	case *Unary:
		if num, ok := idx.X.(*NumberLit); ok {
			if n, err := strconv.ParseInt(num.Text, 10, 64); err == nil {
				return val{"json_extract(" + d + ", '$[#-" + strconv.FormatInt(n, 10) + "]')", tyDynamic}, nil
			}
		}
	}
	i, err := c.expr(e.Idx, r)
	if err != nil {
		return val{}, err
	}
	switch {
	case i.typ == tyLong || i.typ == tyInt:
		return val{"json_extract(" + d + ", '$[' || CAST(" + i.sql + " AS VARCHAR) || ']')", tyDynamic}, nil
	case i.typ == tyString:
		return val{"json_extract(" + d + ", '/' || replace(replace(" + i.sql + ", '~', '~0'), '/', '~1'))", tyDynamic}, nil
	}
	return val{}, errorAt(c.src, e.Idx.exprPos(), "index must be a whole number or a string, found %s", i.typ)
}

// boolExpr compiles a predicate; a dynamic value counts as its boolean.
func (c *compiler) boolExpr(e Expr, r *rel, context string) (val, error) {
	v, err := c.expr(e, r)
	if err != nil {
		return val{}, err
	}
	if v.typ == tyDynamic {
		v = toBool(v)
	}
	if v.typ != tyBool {
		return val{}, errorAt(c.src, e.exprPos(), "%s needs a boolean expression, found %s", context, v.typ)
	}
	return v, nil
}

func (c *compiler) binary(e *Binary, r *rel) (val, error) {
	if e.Op == "and" || e.Op == "or" {
		l, err := c.boolExpr(e.L, r, "'"+e.Op+"'")
		if err != nil {
			return val{}, err
		}
		rv, err := c.boolExpr(e.R, r, "'"+e.Op+"'")
		if err != nil {
			return val{}, err
		}
		return val{"(" + l.sql + " " + strings.ToUpper(e.Op) + " " + rv.sql + ")", tyBool}, nil
	}
	l, err := c.expr(e.L, r)
	if err != nil {
		return val{}, err
	}
	rv, err := c.expr(e.R, r)
	if err != nil {
		return val{}, err
	}
	switch {
	case compareOps[e.Op]:
		return c.compare(e, l, rv)
	case stringOps[e.Op]:
		return stringPredicate(e.Op, toString(l), toString(rv)), nil
	case e.Op == "matches regex":
		return val{"regexp_matches(" + toString(l).sql + ", " + toString(rv).sql + ")", tyBool}, nil
	}
	return c.arithmetic(e, l, rv)
}

// compare is == != < <= > >= =~ !~. A dynamic operand takes the other
// side's type (dynamic == True compares as bool; dynamic == "x" compares
// its string form); strings compare case-sensitively, a null string
// counting as "" as in Kusto.
func (c *compiler) compare(e *Binary, l, r val) (val, error) {
	if l.typ == tyDynamic && r.typ != tyDynamic {
		l = convert(l, r.typ)
	} else if r.typ == tyDynamic && l.typ != tyDynamic {
		r = convert(r, l.typ)
	} else if l.typ == tyDynamic && r.typ == tyDynamic {
		l, r = val{"CAST(" + l.sql + " AS VARCHAR)", tyString}, val{"CAST(" + r.sql + " AS VARCHAR)", tyString}
	}
	if l.typ == tyGuid {
		l = toString(l)
	}
	if r.typ == tyGuid {
		r = toString(r)
	}
	if e.Op == "=~" || e.Op == "!~" {
		if l.typ != tyString || r.typ != tyString {
			return val{}, errorAt(c.src, e.Pos, "%s compares strings, found %s and %s", e.Op, l.typ, r.typ)
		}
		op := "="
		if e.Op == "!~" {
			op = "<>"
		}
		return val{"(lower(" + strOperand(l) + ") " + op + " lower(" + strOperand(r) + "))", tyBool}, nil
	}
	if family(l.typ) != family(r.typ) {
		return val{}, errorAt(c.src, e.Pos, "cannot compare %s with %s using %s, expected both sides of one type (convert with tostring(), tolong(), todatetime() …)", l.typ, r.typ, e.Op)
	}
	op := e.Op
	if op == "==" {
		op = "="
	} else if op == "!=" {
		op = "<>"
	}
	if l.typ == tyString {
		return val{"(" + strOperand(l) + " " + op + " " + strOperand(r) + ")", tyBool}, nil
	}
	return val{"(" + l.sql + " " + op + " " + r.sql + ")", tyBool}, nil
}

// family groups the types that compare with each other.
func family(t string) string {
	if isNumeric(t) {
		return "number"
	}
	return t
}

// strOperand treats a null string as "", as Kusto strings are never null.
func strOperand(v val) string { return "coalesce(" + v.sql + ", '')" }

// stringPredicate is contains, has, startswith, endswith and their ! and
// _cs forms. Without _cs they ignore case. has matches whole terms: the
// term must not touch an ASCII letter or digit on either side (where it
// starts or ends with one).
func stringPredicate(op string, l, r val) val {
	neg := strings.HasPrefix(op, "!")
	op = strings.TrimPrefix(op, "!")
	cs := strings.HasSuffix(op, "_cs")
	op = strings.TrimSuffix(op, "_cs")
	a, b := strOperand(l), strOperand(r)
	if !cs {
		a, b = "lower("+a+")", "lower("+b+")"
	}
	var sql string
	switch op {
	case "contains":
		sql = "contains(" + a + ", " + b + ")"
	case "startswith":
		sql = "starts_with(" + a + ", " + b + ")"
	case "endswith":
		sql = "ends_with(" + a + ", " + b + ")"
	case "has", "hasprefix", "hassuffix":
		sql = "regexp_matches(" + a + ", " + hasPattern(op, b) + ")"
	}
	if neg {
		sql = "NOT " + sql
	}
	return val{"(" + sql + ")", tyBool}
}

// hasPattern builds, in SQL, the regular expression of a term match: the
// escaped term with a non-alphanumeric (or the text's edge) on each side
// where the term itself begins or ends with an alphanumeric.
func hasPattern(op, term string) string {
	// \Q…\E quotes the term for RE2; a \E inside the term is split out.
	esc := "'\\Q' || replace(" + term + ", '\\E', '\\E\\\\E\\Q') || '\\E'"
	before := "CASE WHEN regexp_matches(" + term + ", '^[0-9A-Za-z]') THEN '(^|[^0-9A-Za-z])' ELSE '' END"
	after := "CASE WHEN regexp_matches(" + term + ", '[0-9A-Za-z]$') THEN '([^0-9A-Za-z]|$)' ELSE '' END"
	switch op {
	case "hasprefix":
		after = "''"
	case "hassuffix":
		before = "''"
	}
	return "(" + before + " || " + esc + " || " + after + ")"
}

func (c *compiler) arithmetic(e *Binary, l, r val) (val, error) {
	if l.typ == tyDynamic {
		l = toReal(l)
	}
	if r.typ == tyDynamic {
		r = toReal(r)
	}
	bad := func() (val, error) {
		return val{}, errorAt(c.src, e.Pos, "operator %s cannot combine %s and %s, expected numbers, datetimes or timespans (join strings with strcat())", e.Op, l.typ, r.typ)
	}
	switch {
	case isNumeric(l.typ) && isNumeric(r.typ):
		t := tyLong
		if l.typ == tyReal || r.typ == tyReal {
			t = tyReal
		}
		st := sqlTypes[t]
		op := e.Op
		if e.Op == "/" && t == tyLong {
			op = "//" // Kusto divides whole numbers as whole numbers
		}
		return val{"(CAST(" + l.sql + " AS " + st + ") " + op + " CAST(" + r.sql + " AS " + st + "))", t}, nil
	case l.typ == tyDatetime && r.typ == tyDatetime && e.Op == "-":
		return val{"(" + l.sql + " - " + r.sql + ")", tyTimespan}, nil
	case l.typ == tyDatetime && r.typ == tyTimespan && (e.Op == "+" || e.Op == "-"):
		return val{"(" + l.sql + " " + e.Op + " " + r.sql + ")", tyDatetime}, nil
	case l.typ == tyTimespan && r.typ == tyDatetime && e.Op == "+":
		return val{"(" + r.sql + " + " + l.sql + ")", tyDatetime}, nil
	case l.typ == tyTimespan && r.typ == tyTimespan && (e.Op == "+" || e.Op == "-"):
		return val{"(" + l.sql + " " + e.Op + " " + r.sql + ")", tyTimespan}, nil
	case l.typ == tyTimespan && r.typ == tyTimespan && e.Op == "/":
		return val{"(epoch(" + l.sql + ") / epoch(" + r.sql + "))", tyReal}, nil
	case l.typ == tyTimespan && isNumeric(r.typ) && (e.Op == "*" || e.Op == "/"):
		return val{"to_microseconds(CAST(epoch_us(TIMESTAMP 'epoch' + " + l.sql + ") " + e.Op + " " + r.sql + " AS BIGINT))", tyTimespan}, nil
	case isNumeric(l.typ) && r.typ == tyTimespan && e.Op == "*":
		return val{"to_microseconds(CAST(epoch_us(TIMESTAMP 'epoch' + " + r.sql + ") * " + l.sql + " AS BIGINT))", tyTimespan}, nil
	}
	return bad()
}

func (c *compiler) between(e *Between, r *rel) (val, error) {
	x, err := c.expr(e.X, r)
	if err != nil {
		return val{}, err
	}
	lo, err := c.expr(e.Lo, r)
	if err != nil {
		return val{}, err
	}
	hi, err := c.expr(e.Hi, r)
	if err != nil {
		return val{}, err
	}
	if x.typ == tyDynamic {
		x = convert(x, lo.typ)
	}
	// x between (start .. 1d) ends one day after start.
	if (lo.typ == tyDatetime || lo.typ == tyTimespan) && hi.typ == tyTimespan && x.typ == tyDatetime {
		hi = val{"(" + lo.sql + " + " + hi.sql + ")", tyDatetime}
	}
	if family(x.typ) != family(lo.typ) || family(x.typ) != family(hi.typ) {
		return val{}, errorAt(c.src, e.Pos, "between compares %s with %s .. %s, expected one type", x.typ, lo.typ, hi.typ)
	}
	sql := "(" + x.sql + " BETWEEN " + lo.sql + " AND " + hi.sql + ")"
	if e.Not {
		sql = "(NOT " + sql + ")"
	}
	return val{sql, tyBool}, nil
}

func (c *compiler) in(e *In, r *rel) (val, error) {
	x, err := c.expr(e.X, r)
	if err != nil {
		return val{}, err
	}
	if len(e.List) == 0 {
		return val{}, errorAt(c.src, e.Pos, "%s needs at least one value", e.Op)
	}
	var items []val
	for _, it := range e.List {
		v, err := c.expr(it, r)
		if err != nil {
			return val{}, err
		}
		items = append(items, v)
	}
	if e.Op == "has_any" {
		var ors []string
		for _, it := range items {
			ors = append(ors, stringPredicate("has", toString(x), toString(it)).sql)
		}
		return val{"(" + strings.Join(ors, " OR ") + ")", tyBool}, nil
	}
	ci := strings.HasSuffix(e.Op, "~")
	if x.typ == tyDynamic {
		x = convert(x, items[0].typ)
		if x.typ == tyDynamic {
			x = toString(x) // compared with a dynamic array's elements, as text
		}
	}
	if ci {
		x = toString(x)
	}
	var list, arrays []string
	for i, it := range items {
		if it.typ == tyDynamic {
			// Kusto spreads a dynamic array among the values: x in (list)
			// with let list = dynamic(["a","b"]) is x in ("a", "b").
			arrays = append(arrays, inArray(x, it, ci))
			continue
		}
		if ci {
			it = convert(it, x.typ)
		}
		if family(it.typ) != family(x.typ) {
			return val{}, errorAt(c.src, e.List[i].exprPos(), "%s list holds a %s, expected %s like the left side", e.Op, it.typ, x.typ)
		}
		s := it.sql
		if x.typ == tyString {
			s = strOperand(it)
		}
		if ci {
			s = "lower(" + s + ")"
		}
		list = append(list, s)
	}
	lhs := x.sql
	if x.typ == tyString {
		lhs = strOperand(x)
	}
	if ci {
		lhs = "lower(" + lhs + ")"
	}
	var ors []string
	if len(list) > 0 {
		ors = append(ors, lhs+" IN ("+strings.Join(list, ", ")+")")
	}
	for _, a := range arrays {
		ors = append(ors, "coalesce(list_contains("+a+", "+lhs+"), FALSE)")
	}
	sql := "(" + strings.Join(ors, " OR ") + ")"
	if strings.HasPrefix(e.Op, "!") {
		sql = "(NOT " + sql + ")"
	}
	return val{sql, tyBool}, nil
}
