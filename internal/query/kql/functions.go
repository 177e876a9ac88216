package kql

import (
	"sort"
	"strconv"
	"strings"
)

// scalarFunc compiles one scalar function call from its compiled arguments.
type scalarFunc struct {
	minArgs, maxArgs int // maxArgs < 0: any number
	compile          func(c *compiler, call *Call, args []val) (val, error)
}

// conv is a one-argument conversion function (tostring, tolong, …).
func conv(f func(val) val) scalarFunc {
	return scalarFunc{1, 1, func(c *compiler, call *Call, a []val) (val, error) { return f(a[0]), nil }}
}

// strFunc wraps a SQL function of string arguments returning type t.
func strFunc(sqlName, t string, n int) scalarFunc {
	return scalarFunc{n, n, func(c *compiler, call *Call, a []val) (val, error) {
		parts := make([]string, len(a))
		for i, v := range a {
			parts[i] = toString(v).sql
		}
		return val{sqlName + "(" + strings.Join(parts, ", ") + ")", t}, nil
	}}
}

var scalarFuncs map[string]scalarFunc

func init() {
	scalarFuncs = map[string]scalarFunc{
		"tostring":       conv(toString),
		"toint":          conv(toInt),
		"tolong":         conv(toLong),
		"todouble":       conv(toReal),
		"toreal":         conv(toReal),
		"tobool":         conv(toBool),
		"toboolean":      conv(toBool),
		"todatetime":     conv(toDatetime),
		"totimespan":     conv(toTimespan),
		"todynamic":      conv(toDynamic),
		"parse_json":     conv(toDynamic),
		"toguid":         conv(toGuid),
		"tolower":        strFunc("lower", tyString, 1),
		"toupper":        strFunc("upper", tyString, 1),
		"strlen":         strFunc("length", tyLong, 1),
		"reverse":        strFunc("reverse", tyString, 1),
		"replace_string": strFunc("replace", tyString, 3),
		"strcat": {1, 64, func(c *compiler, call *Call, a []val) (val, error) {
			parts := make([]string, len(a))
			for i, v := range a {
				parts[i] = toString(v).sql
			}
			return val{"concat(" + strings.Join(parts, ", ") + ")", tyString}, nil
		}},
		"substring": {2, 3, func(c *compiler, call *Call, a []val) (val, error) {
			// Kusto counts from 0, DuckDB from 1; a negative start counts from 0.
			start := "greatest(" + toLong(a[1]).sql + ", 0) + 1"
			if len(a) == 3 {
				return val{"substring(" + toString(a[0]).sql + ", " + start + ", greatest(" + toLong(a[2]).sql + ", 0))", tyString}, nil
			}
			return val{"substring(" + toString(a[0]).sql + ", " + start + ")", tyString}, nil
		}},
		"trim": {2, 2, func(c *compiler, call *Call, a []val) (val, error) {
			re := toString(a[0]).sql
			return val{"regexp_replace(" + toString(a[1]).sql + ", '^(?:' || " + re + " || ')+|(?:' || " + re + " || ')+$', '', 'g')", tyString}, nil
		}},
		"replace_regex": {3, 3, func(c *compiler, call *Call, a []val) (val, error) {
			return val{"regexp_replace(" + toString(a[0]).sql + ", " + toString(a[1]).sql + ", " + toString(a[2]).sql + ", 'g')", tyString}, nil
		}},
		"extract": {3, 4, func(c *compiler, call *Call, a []val) (val, error) {
			g, ok := call.Args[1].(*NumberLit)
			if !ok || g.IsReal {
				return val{}, errorAt(c.src, call.Args[1].exprPos(), "extract() needs a whole-number capture group as its second argument")
			}
			v := val{"regexp_extract(" + toString(a[2]).sql + ", " + toString(a[0]).sql + ", " + g.Text + ")", tyString}
			if len(a) == 4 {
				return c.typedResult(call, 3, v)
			}
			return v, nil
		}},
		"split": {2, 3, func(c *compiler, call *Call, a []val) (val, error) {
			v := val{"to_json(string_split(" + toString(a[0]).sql + ", " + toString(a[1]).sql + "))", tyDynamic}
			if len(a) == 3 {
				v.sql = "json_extract(" + v.sql + ", '$[' || CAST(" + toLong(a[2]).sql + " AS VARCHAR) || ']')"
			}
			return v, nil
		}},
		"extract_json": {2, 3, extractJSON},
		"extractjson":  {2, 3, extractJSON},
		"array_length": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			d := toDynamic(a[0]).sql
			return val{"CASE WHEN json_type(" + d + ") = 'ARRAY' THEN CAST(json_array_length(" + d + ") AS BIGINT) END", tyLong}, nil
		}},
		"iff": {3, 3, iff},
		"iif": {3, 3, iff},
		"case": {3, -1, func(c *compiler, call *Call, a []val) (val, error) {
			if len(a)%2 == 0 {
				return val{}, errorAt(c.src, call.Pos, "case() needs condition, value pairs and a final else value, found %d arguments", len(a))
			}
			t := a[1].typ
			var b strings.Builder
			b.WriteString("CASE")
			for i := 0; i+1 < len(a); i += 2 {
				if a[i].typ != tyBool {
					return val{}, errorAt(c.src, call.Args[i].exprPos(), "case() condition must be boolean, found %s", a[i].typ)
				}
				b.WriteString(" WHEN " + a[i].sql + " THEN " + convert(a[i+1], t).sql)
			}
			b.WriteString(" ELSE " + convert(a[len(a)-1], t).sql + " END")
			return val{b.String(), t}, nil
		}},
		"not": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			v := a[0]
			if v.typ == tyDynamic {
				v = toBool(v)
			}
			if v.typ != tyBool {
				return val{}, errorAt(c.src, call.Args[0].exprPos(), "not() needs a boolean, found %s", v.typ)
			}
			return val{"(NOT " + v.sql + ")", tyBool}, nil
		}},
		"isempty":    {1, 1, func(c *compiler, call *Call, a []val) (val, error) { return isEmpty(a[0], false), nil }},
		"isnotempty": {1, 1, func(c *compiler, call *Call, a []val) (val, error) { return isEmpty(a[0], true), nil }},
		"isnull": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			return val{"(" + a[0].sql + " IS NULL)", tyBool}, nil
		}},
		"isnotnull": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			return val{"(" + a[0].sql + " IS NOT NULL)", tyBool}, nil
		}},
		"coalesce": {1, 64, func(c *compiler, call *Call, a []val) (val, error) {
			parts := make([]string, len(a))
			for i, v := range a {
				parts[i] = convert(v, a[0].typ).sql
				if a[0].typ == tyString && i < len(a)-1 {
					// Kusto skips empty strings as it skips nulls; the
					// last argument is the answer when all others are.
					parts[i] = "nullif(" + parts[i] + ", '')"
				}
			}
			return val{"coalesce(" + strings.Join(parts, ", ") + ")", a[0].typ}, nil
		}},
		"bin":   {2, 2, bin},
		"floor": {2, 2, bin},
		"now": {0, 0, func(c *compiler, call *Call, a []val) (val, error) {
			return val{sqlTimestamp(c.now), tyDatetime}, nil
		}},
		"ago": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			if a[0].typ != tyTimespan {
				return val{}, errorAt(c.src, call.Args[0].exprPos(), "ago() needs a timespan such as 1h or 7d, found %s", a[0].typ)
			}
			return val{"(" + sqlTimestamp(c.now) + " - " + a[0].sql + ")", tyDatetime}, nil
		}},
		"startofday": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			return val{"date_trunc('day', " + toDatetime(a[0]).sql + ")", tyDatetime}, nil
		}},
		"abs": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			return val{"abs(" + a[0].sql + ")", a[0].typ}, nil
		}},
		"sqrt": {1, 1, func(c *compiler, call *Call, a []val) (val, error) {
			// Kusto gives null for a negative number; DuckDB would fail the query.
			x := toReal(a[0]).sql
			return val{"CASE WHEN " + x + " >= 0 THEN sqrt(" + x + ") END", tyReal}, nil
		}},
		"round": {1, 2, func(c *compiler, call *Call, a []val) (val, error) {
			digits := "0"
			if len(a) == 2 {
				digits = toInt(a[1]).sql
			}
			return val{"round(" + toReal(a[0]).sql + ", " + digits + ")", tyReal}, nil
		}},
		"format_datetime": {2, 2, formatDatetime},
	}
}

func iff(c *compiler, call *Call, a []val) (val, error) {
	cond := a[0]
	if cond.typ == tyDynamic {
		cond = toBool(cond)
	}
	if cond.typ != tyBool {
		return val{}, errorAt(c.src, call.Args[0].exprPos(), "%s() condition must be boolean, found %s", call.Name, cond.typ)
	}
	t := a[1].typ
	return val{"CASE WHEN " + cond.sql + " THEN " + a[1].sql + " ELSE " + convert(a[2], t).sql + " END", t}, nil
}

// isEmpty: a string is empty when null or ""; other values when null.
func isEmpty(v val, not bool) val {
	var sql string
	if v.typ == tyString {
		sql = "(coalesce(" + v.sql + ", '') = '')"
	} else {
		sql = "(" + v.sql + " IS NULL)"
	}
	if not {
		sql = "(NOT " + sql + ")"
	}
	return val{sql, tyBool}
}

// bin rounds down to a multiple of size: numbers, datetimes (from
// 0001-01-01 as Kusto does, so week bins start on Mondays) and timespans.
func bin(c *compiler, call *Call, a []val) (val, error) {
	v, size := a[0], a[1]
	if v.typ == tyDynamic {
		v = toReal(v)
	}
	switch {
	case isNumeric(v.typ) && isNumeric(size.typ):
		t := v.typ
		if size.typ == tyReal {
			t = tyReal
		}
		return val{"CAST(floor(" + v.sql + " / " + toReal(size).sql + ") * " + size.sql + " AS " + sqlTypes[t] + ")", t}, nil
	case v.typ == tyDatetime && size.typ == tyTimespan:
		us := "epoch_us(TIMESTAMP 'epoch' + " + size.sql + ")"
		const origin = "62135596800000000" // microseconds from 0001-01-01 to 1970-01-01
		return val{"make_timestamp(((epoch_us(" + v.sql + ") + " + origin + ") // " + us + ") * " + us + " - " + origin + ")", tyDatetime}, nil
	case v.typ == tyTimespan && size.typ == tyTimespan:
		us := "epoch_us(TIMESTAMP 'epoch' + " + size.sql + ")"
		return val{"to_microseconds((epoch_us(TIMESTAMP 'epoch' + " + v.sql + ") // " + us + ") * " + us + ")", tyTimespan}, nil
	}
	return val{}, errorAt(c.src, call.Pos, "%s() rounds a number by a number or a datetime by a timespan, found %s and %s", call.Name, v.typ, size.typ)
}

// typedResult applies typeof(t) from argument i (extract, extract_json).
func (c *compiler) typedResult(call *Call, i int, v val) (val, error) {
	tc, ok := call.Args[i].(*Call)
	if !ok || tc.Name != "typeof" || len(tc.Args) != 1 {
		return val{}, errorAt(c.src, call.Args[i].exprPos(), "%s() takes typeof(type) as its last argument", call.Name)
	}
	id, _ := tc.Args[0].(*Ident)
	t, ok := "", false
	if id != nil {
		t, ok = typeNames[id.Name]
	}
	if !ok {
		return val{}, errorAt(c.src, tc.Pos, "unknown type in typeof(…), expected string, long, int, real, bool, datetime, timespan, dynamic or guid")
	}
	return convert(v, t), nil
}

// extractJSON is extract_json(path, json[, typeof(t)]): the value at a
// JSONPath as a string ("" when the path is missing or the text is not JSON).
func extractJSON(c *compiler, call *Call, a []val) (val, error) {
	lit, ok := call.Args[0].(*StringLit)
	if !ok {
		return val{}, errorAt(c.src, call.Args[0].exprPos(), "%s() needs a literal JSONPath such as \"$.key\" as its first argument", call.Name)
	}
	path, err := jsonPath(lit.Val)
	if err != nil {
		return val{}, errorAt(c.src, lit.Pos, "%v", err)
	}
	qpath, err := c.quote(path, lit.Pos)
	if err != nil {
		return val{}, err
	}
	doc := a[1]
	var text string
	if doc.typ == tyDynamic {
		text = "json_extract_string(" + doc.sql + ", " + qpath + ")"
	} else {
		s := toString(doc).sql
		text = "CASE WHEN json_valid(" + s + ") THEN json_extract_string(" + s + ", " + qpath + ") END"
	}
	v := val{"coalesce(" + text + ", '')", tyString}
	if len(a) == 3 {
		return c.typedResult(call, 2, val{"nullif(" + v.sql + ", '')", tyString})
	}
	return v, nil
}

// jsonPath turns the JSONPath subset Kusto accepts ($, .key, ['key'],
// [n]; also $.[0] and keys with spaces such as $.File Path) into a JSON
// pointer DuckDB reads ("$" alone is the root).
func jsonPath(p string) (string, error) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return "", errPath(p, "a JSONPath starts with $")
	}
	var out strings.Builder
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
			if i < len(p) && p[i] == '[' {
				continue // $.[0]
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i {
				return "", errPath(p, "a key after '.'")
			}
			out.WriteString(jsonPointer(p[i:j]))
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return "", errPath(p, "']'")
			}
			inner := strings.TrimSpace(p[i+1 : i+end])
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				out.WriteString(jsonPointer(inner[1 : len(inner)-1]))
			} else if n, err := strconv.Atoi(inner); err == nil && n >= 0 {
				out.WriteString("/" + strconv.Itoa(n))
			} else {
				return "", errPath(p, "a whole number or a quoted key inside [ ]")
			}
			i += end + 1
		default:
			return "", errPath(p, "'.' or '['")
		}
	}
	if out.Len() == 0 {
		return "$", nil
	}
	return out.String(), nil
}

func errPath(p, expected string) error {
	return &pathError{p, expected}
}

type pathError struct{ path, expected string }

func (e *pathError) Error() string {
	return "bad JSONPath " + strconv.Quote(e.path) + ", expected " + e.expected
}

// formatDatetime maps Kusto's format specifiers (yyyy MM dd HH mm ss fff
// tt …) onto strftime.
func formatDatetime(c *compiler, call *Call, a []val) (val, error) {
	lit, ok := call.Args[1].(*StringLit)
	if !ok {
		return val{}, errorAt(c.src, call.Args[1].exprPos(), "format_datetime() needs a literal format such as \"yyyy-MM-dd HH:mm:ss\"")
	}
	specs := []struct{ kql, strf string }{
		{"yyyy", "%Y"}, {"yy", "%y"}, {"MM", "%m"}, {"dd", "%d"}, {"HH", "%H"}, {"hh", "%I"},
		{"mm", "%M"}, {"ss", "%S"}, {"fffffff", "%f0"}, {"ffffff", "%f"}, {"fff", "%g"}, {"tt", "%p"},
		{"M", "%-m"}, {"d", "%-d"}, {"H", "%-H"}, {"h", "%-I"}, {"m", "%-M"}, {"s", "%-S"},
	}
	var b strings.Builder
	f := lit.Val
	for i := 0; i < len(f); {
		matched := false
		for _, s := range specs {
			if strings.HasPrefix(f[i:], s.kql) {
				b.WriteString(s.strf)
				i += len(s.kql)
				matched = true
				break
			}
		}
		if !matched {
			if f[i] == '%' {
				b.WriteString("%%")
			} else {
				b.WriteByte(f[i])
			}
			i++
		}
	}
	q, err := c.quote(b.String(), lit.Pos)
	if err != nil {
		return val{}, err
	}
	return val{"strftime(" + toDatetime(a[0]).sql + ", " + q + ")", tyString}, nil
}

func (c *compiler) call(e *Call, r *rel) (val, error) {
	if _, ok := aggregates[e.Name]; ok {
		if c.aggIn == nil {
			return val{}, errorAt(c.src, e.Pos, "%s() is an aggregation, expected it inside summarize", e.Name)
		}
		return c.aggregate(e, c.aggIn)
	}
	f, ok := scalarFuncs[e.Name]
	if !ok {
		return val{}, errorAt(c.src, e.Pos, "unknown function '%s'%s", e.Name, suggest(e.Name))
	}
	if len(e.Args) < f.minArgs || (f.maxArgs >= 0 && len(e.Args) > f.maxArgs) {
		want := strconv.Itoa(f.minArgs)
		if f.maxArgs != f.minArgs {
			want += " to " + strconv.Itoa(f.maxArgs)
			if f.maxArgs < 0 {
				want = "at least " + strconv.Itoa(f.minArgs)
			}
		}
		return val{}, errorAt(c.src, e.Pos, "%s() takes %s arguments, found %d", e.Name, want, len(e.Args))
	}
	args := make([]val, len(e.Args))
	for i, a := range e.Args {
		if tc, ok := a.(*Call); ok && tc.Name == "typeof" {
			continue // a type argument, read by the function itself
		}
		v, err := c.expr(a, r)
		if err != nil {
			return val{}, err
		}
		args[i] = v
	}
	return f.compile(c, e, args)
}

// suggest lists the known functions that start like name, for typos.
func suggest(name string) string {
	var close []string
	for k := range scalarFuncs {
		if len(name) >= 3 && strings.HasPrefix(k, name[:3]) {
			close = append(close, k)
		}
	}
	for k := range aggregates {
		if len(name) >= 3 && strings.HasPrefix(k, name[:3]) {
			close = append(close, k)
		}
	}
	if len(close) == 0 {
		return ""
	}
	sort.Strings(close)
	if len(close) > 5 {
		close = close[:5]
	}
	return "; did you mean " + strings.Join(close, ", ") + "?"
}
