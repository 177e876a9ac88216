package insights

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// expr compiles an expression over the current relation.
func (c *compiler) expr(e Expr) (value, error) {
	switch e := e.(type) {
	case *FieldRef:
		v, err := c.field(e.Name)
		if err != nil {
			return value{}, c.errorf(e, "%v", err)
		}
		return v, nil
	case *StringLit:
		q, err := query.Quote(e.Val)
		if err != nil {
			return value{}, c.errorf(e, "%v", err)
		}
		return value{sql: q, kind: String}, nil
	case *NumberLit:
		// The lexer only lets digits and dots through, so the text is safe
		// SQL; a decimal point makes it a DOUBLE rather than a DECIMAL.
		if strings.Contains(e.Val, ".") {
			return value{sql: "CAST(" + e.Val + " AS DOUBLE)", kind: Number}, nil
		}
		return value{sql: "CAST(" + e.Val + " AS BIGINT)", kind: Number}, nil
	case *RegexLit:
		return value{}, c.errorf(e, "a regular expression can only follow like, =~ or ~=, or be the pattern of parse")
	case *DurationLit:
		return value{}, c.errorf(e, "a time period such as %s can only be an argument of bin, datefloor or dateceil", e.Val)
	case *ListLit:
		return value{}, c.errorf(e, "a list can only follow in")
	case *Call:
		if !c.raw && !c.inStats {
			// After stats, sort count(*) means the column named count(*).
			if v, ok := c.cols[c.textOf(e)]; ok {
				return v, nil
			}
		}
		return c.call(e)
	case *Unary:
		x, err := c.expr(e.X)
		if err != nil {
			return value{}, err
		}
		if e.Op == "not" {
			b, err := c.toBool(x, e.X)
			if err != nil {
				return value{}, err
			}
			return value{sql: "(NOT " + b + ")", kind: Bool}, nil
		}
		return value{sql: "(-" + c.toNumber(x) + ")", kind: Number}, nil
	case *Binary:
		return c.binary(e)
	}
	return value{}, c.errorf(e, "unsupported expression")
}

func (c *compiler) binary(e *Binary) (value, error) {
	l, err := c.expr(e.L)
	if err != nil {
		return value{}, err
	}
	switch e.Op {
	case "in", "not in":
		list := e.R.(*ListLit)
		if len(list.Elems) == 0 {
			return value{}, c.errorf(list, "empty list after %s, expected at least one value", e.Op)
		}
		var alts []string
		for _, el := range list.Elems {
			r, err := c.expr(el)
			if err != nil {
				return value{}, err
			}
			alts = append(alts, compare("=", l, r))
		}
		s := "(" + strings.Join(alts, " OR ") + ")"
		if e.Op == "not in" {
			s = "(NOT " + s + ")"
		}
		return value{sql: s, kind: Bool}, nil
	case "like", "not like", "=~":
		s, err := c.match(l, e.R)
		if err != nil {
			return value{}, err
		}
		if e.Op == "not like" {
			s = "(NOT " + s + ")"
		}
		return value{sql: s, kind: Bool}, nil
	}
	r, err := c.expr(e.R)
	if err != nil {
		return value{}, err
	}
	switch e.Op {
	case "and", "or":
		lb, err := c.toBool(l, e.L)
		if err != nil {
			return value{}, err
		}
		rb, err := c.toBool(r, e.R)
		if err != nil {
			return value{}, err
		}
		return value{sql: "(" + lb + " " + strings.ToUpper(e.Op) + " " + rb + ")", kind: Bool}, nil
	case "=", "!=", "<", "<=", ">", ">=":
		return value{sql: compare(e.Op, l, r), kind: Bool}, nil
	case "^":
		return value{sql: "power(" + c.toNumber(l) + ", " + c.toNumber(r) + ")", kind: Number}, nil
	case "/":
		// Insights divides as real numbers: 5 / 2 is 2.5.
		return value{sql: "(CAST(" + c.toNumber(l) + " AS DOUBLE) / " + c.toNumber(r) + ")", kind: Number}, nil
	default: // + - * %
		return value{sql: "(" + c.toNumber(l) + " " + e.Op + " " + c.toNumber(r) + ")", kind: Number}, nil
	}
}

// match compiles like / =~: a regex literal matches by regular expression,
// anything else is a case-sensitive substring test.
func (c *compiler) match(l value, r Expr) (string, error) {
	if re, ok := r.(*RegexLit); ok {
		q, err := c.regex(re)
		if err != nil {
			return "", err
		}
		return "regexp_matches(" + c.toString(l) + ", " + q + ")", nil
	}
	rv, err := c.expr(r)
	if err != nil {
		return "", err
	}
	return "contains(" + c.toString(l) + ", " + c.toString(rv) + ")", nil
}

// regex checks a regular expression (RE2 syntax, as DuckDB runs it) and
// returns it as a SQL string literal.
func (c *compiler) regex(re *RegexLit) (string, error) {
	pat := strings.ReplaceAll(re.Pattern, "(?<", "(?P<")
	if _, err := regexp.Compile(pat); err != nil {
		return "", c.errorf(re, "invalid regular expression: %v", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	q, err := query.Quote(pat)
	if err != nil {
		return "", c.errorf(re, "%v", err)
	}
	return q, nil
}

// numericText is the pattern of that a text value is a number.
const numericText = `'-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?'`

// compare builds a comparison with the service's typing: numbers compare
// numerically, text as text, and a JSON value against anything compares
// as numbers when both sides are numeric, else as text. A missing field
// (NULL) makes the comparison false.
func compare(op string, l, r value) string {
	sqlOp := op
	if l.kind == Bool {
		l = value{sql: "CAST(" + l.sql + " AS INTEGER)", kind: Number}
	}
	if r.kind == Bool {
		r = value{sql: "CAST(" + r.sql + " AS INTEGER)", kind: Number}
	}
	switch {
	case l.kind == Time || r.kind == Time:
		return "(" + toTime(l) + " " + sqlOp + " " + toTime(r) + ")"
	case l.kind == Number && r.kind == Number:
		return "(" + l.sql + " " + sqlOp + " " + r.sql + ")"
	case l.kind == String && r.kind == String:
		return "(" + l.sql + " " + sqlOp + " " + r.sql + ")"
	}
	ln, rn := "TRY_CAST("+l.sql+" AS DOUBLE)", "TRY_CAST("+r.sql+" AS DOUBLE)"
	if l.kind == Number {
		ln = l.sql
	}
	if r.kind == Number {
		rn = r.sql
	}
	ls, rs := "CAST("+l.sql+" AS VARCHAR)", "CAST("+r.sql+" AS VARCHAR)"
	return "(CASE WHEN " + isNumeric(l) + " AND " + isNumeric(r) +
		" THEN " + ln + " " + sqlOp + " " + rn +
		" ELSE " + ls + " " + sqlOp + " " + rs + " END)"
}

func isNumeric(v value) string {
	if v.kind == Number {
		return "(" + v.sql + " IS NOT NULL)"
	}
	return "regexp_full_match(CAST(" + v.sql + " AS VARCHAR), " + numericText + ")"
}

// toBool makes a value usable as a condition: comparisons are already
// booleans, numbers are true when non-zero (strcontains gives 1 or 0).
func (c *compiler) toBool(v value, n Node) (string, error) {
	switch v.kind {
	case Bool:
		return v.sql, nil
	case Number:
		return "(" + v.sql + " <> 0)", nil
	}
	return "", c.errorf(n, "%s is not a condition, expected a comparison (such as f = \"x\") or a function returning true/false", c.textOf(n))
}

// toNumber reads a value as a number; text that is not a number is NULL.
func (c *compiler) toNumber(v value) string {
	switch v.kind {
	case Number:
		return v.sql
	case Bool:
		return "CAST(" + v.sql + " AS INTEGER)"
	case Time:
		return "epoch_ms(" + v.sql + ")"
	}
	return "TRY_CAST(" + v.sql + " AS DOUBLE)"
}

// toTime reads a value as a timestamp: numbers are epoch milliseconds (as
// toMillis gives them), text is parsed.
func toTime(v value) string {
	switch v.kind {
	case Time:
		return v.sql
	case Number:
		return "epoch_ms(CAST(" + v.sql + " AS BIGINT))"
	}
	return "TRY_CAST(" + v.sql + " AS TIMESTAMP)"
}

// toString renders a value as the service prints it: @timestamp-like
// values as "YYYY-MM-DD HH:MM:SS.mmm", whole numbers without a decimal
// point (a sum of integers is "23"), other numbers in their shortest form.
func (c *compiler) toString(v value) string {
	switch v.kind {
	case Time:
		return "strftime(" + v.sql + ", '%Y-%m-%d %H:%M:%S.%g')"
	case Number:
		d := "CAST(" + v.sql + " AS DOUBLE)"
		return "(CASE WHEN isfinite(" + d + ") AND " + d + " = round(" + d + ") AND abs(" + d + ") < 1e15" +
			" THEN CAST(CAST(" + d + " AS BIGINT) AS VARCHAR) ELSE CAST(" + v.sql + " AS VARCHAR) END)"
	case Bool:
		return "(CASE WHEN " + v.sql + " THEN 'true' WHEN NOT " + v.sql + " THEN 'false' END)"
	}
	return "CAST(" + v.sql + " AS VARCHAR)"
}

// sortTerms are the ORDER BY terms for one sort key. Numbers and times
// sort by value; text sorts the service's "natural" way: every non-number
// before every number, numbers by value, and other text chunk by chunk,
// where a run of digits compares by its length and then its value (the
// run is prefixed with its length, zero-padded, so text order does it).
func sortTerms(v value, desc bool) []string {
	dir := " ASC NULLS LAST"
	if desc {
		dir = " DESC NULLS LAST"
	}
	switch v.kind {
	case Number, Time, Bool:
		return []string{v.sql + dir}
	}
	s := "CAST(" + v.sql + " AS VARCHAR)"
	natural := "array_to_string(list_transform(regexp_extract_all(" + s + `, '[0-9]+|[^0-9]+'), ` +
		"lambda p: CASE WHEN regexp_full_match(p, '[0-9]+') THEN lpad(CAST(length(p) AS VARCHAR), 4, '0') || p ELSE p END), '')"
	isNum := "regexp_full_match(" + s + ", " + numericText + ")"
	return []string{
		isNum + dir,
		"TRY_CAST(" + s + " AS DOUBLE)" + dir,
		"(CASE WHEN " + isNum + " THEN " + s + " END)" + dir, // 01 before 1
		natural + dir,
	}
}

// hasAggregate reports whether an expression calls an aggregation.
func hasAggregate(e Expr) bool {
	switch e := e.(type) {
	case *Call:
		if _, ok := aggregates[strings.ToLower(e.Name)]; ok {
			return true
		}
		for _, a := range e.Args {
			if hasAggregate(a) {
				return true
			}
		}
	case *Unary:
		return hasAggregate(e.X)
	case *Binary:
		return hasAggregate(e.L) || hasAggregate(e.R)
	}
	return false
}

// globRegex turns a parse glob into a regular expression: everything but
// * is literal; each * captures as little as it can, except a * ending
// the pattern, which takes the rest of the text.
func globRegex(glob string) string {
	parts := strings.Split(glob, "*")
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			if i == len(parts)-1 && p == "" {
				b.WriteString("(.*)")
			} else {
				b.WriteString("(.*?)")
			}
		}
		b.WriteString(regexp.QuoteMeta(p))
	}
	return b.String()
}

// namedGroups rewrites (?<name>…) to RE2's (?P<name>…) and returns the
// name of every capture group by index (group i+1 is names[i]; "" for an
// unnamed group).
func namedGroups(pattern string) (string, []string, error) {
	pat := strings.ReplaceAll(pattern, "(?<", "(?P<")
	re, err := regexp.Compile(pat)
	if err != nil {
		return "", nil, fmt.Errorf("invalid regular expression: %v", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	var names []string
	for i, n := range re.SubexpNames() {
		if i == 0 {
			continue
		}
		names = append(names, n)
	}
	return pat, names, nil
}
