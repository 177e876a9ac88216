package athena

import (
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// function is one Athena function this compiler knows: how many
// arguments it takes, whether it aggregates, and how it prints as DuckDB.
type function struct {
	min, max int // argument count; max < 0 means any number
	agg      bool
	build    func(c *compiler, call *Call, args []cexpr) (cexpr, error)
}

// functions is filled in init, since builders call compiler methods.
var functions map[string]function

func (c *compiler) call(e *Call, sc *scope, env *withEnv, ctx exprCtx) (cexpr, error) {
	f, ok := functions[e.Name]
	if !ok {
		return cexpr{}, c.errorf(e.Pos, "function %s is not registered: found %s(…), expected a Trino function this engine knows (count, sum, from_unixtime, json_extract_scalar, regexp_like …)", e.Name, e.Name)
	}
	if n := len(e.Args); n < f.min || (f.max >= 0 && n > f.max) || (e.Star && e.Name != "count") {
		return cexpr{}, c.errorf(e.Pos, "%s takes %s: found %s", e.Name, arity(f), describeArgs(e))
	}
	if e.Distinct && !f.agg {
		return cexpr{}, c.errorf(e.Pos, "DISTINCT is only allowed in aggregate calls: found %s(DISTINCT …)", e.Name)
	}
	argCtx := ctx
	if f.agg {
		switch ctx {
		case ctxWhere:
			return cexpr{}, c.errorf(e.Pos, "aggregate functions are not allowed in WHERE or ON: found %s(…)", e.Name)
		case ctxGroupBy:
			return cexpr{}, c.errorf(e.Pos, "aggregate functions are not allowed in GROUP BY: found %s(…)", e.Name)
		case ctxAggArg:
			return cexpr{}, c.errorf(e.Pos, "aggregate calls cannot be nested: found %s(…) inside another aggregate", e.Name)
		}
		argCtx = ctxAggArg
	}
	args, err := c.exprs(e.Args, sc, env, argCtx)
	if err != nil {
		return cexpr{}, err
	}
	out, err := f.build(c, e, args)
	if err != nil {
		return cexpr{}, err
	}
	out.agg = f.agg || anyAgg(args...)
	return out, nil
}

func arity(f function) string {
	switch {
	case f.max < 0:
		return plural(f.min) + " or more"
	case f.min == f.max:
		return plural(f.min)
	}
	return itoa(f.min) + " to " + plural(f.max)
}

func plural(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return itoa(n) + " arguments"
}

func itoa(n int) string { return strconv.Itoa(n) }

func describeArgs(e *Call) string {
	if e.Star {
		return "*"
	}
	return plural(len(e.Args))
}

// want checks that argument i of call has a type pred accepts.
func (c *compiler) want(call *Call, args []cexpr, i int, pred func(*typ) bool, what string) error {
	if i >= len(args) || isUnknown(args[i].t) || pred(args[i].t) {
		return nil
	}
	return c.errorf(call.Args[i].exprPos(), "argument %d of %s must be %s: found %s", i+1, call.Name, what, args[i].t)
}

// stringLiteral returns argument i when it is a string literal; formats,
// units and JSON paths must be, so they can be checked and converted here.
func (c *compiler) stringLiteral(call *Call, i int, what string) (string, error) {
	if lit, ok := call.Args[i].(*Literal); ok && lit.Kind == LitString {
		return lit.Text, nil
	}
	return "", c.errorf(call.Args[i].exprPos(), "argument %d of %s must be a string literal (%s)", i+1, call.Name, what)
}

func sqls(args []cexpr) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.sql
	}
	return out
}

// simple prints name(args…) with a fixed result type.
func simple(duck string, t *typ) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		return cexpr{sql: duck + "(" + strings.Join(sqls(args), ", ") + ")", t: t}, nil
	}
}

// stringFn is simple for functions whose arguments are all varchar.
func stringFn(duck string, t *typ) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		for i := range args {
			if err := c.want(call, args, i, isString, "varchar"); err != nil {
				return cexpr{}, err
			}
		}
		return simple(duck, t)(c, call, args)
	}
}

// sameType prints name(args…) typed as its first argument.
func sameType(duck string, pred func(*typ) bool, what string) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		if pred != nil {
			if err := c.want(call, args, 0, pred, what); err != nil {
				return cexpr{}, err
			}
		}
		return cexpr{sql: duck + "(" + strings.Join(sqls(args), ", ") + ")", t: args[0].t}, nil
	}
}

// common prints name(args…) typed as the common type of all arguments.
func common(duck string) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		t := tUnknown
		for i, a := range args {
			nt := commonType(t, a.t)
			if nt == nil {
				return cexpr{}, c.errorf(call.Args[i].exprPos(), "argument %d of %s has type %s, expected a type compatible with %s", i+1, call.Name, a.t, t)
			}
			t = nt
		}
		return cexpr{sql: duck + "(" + strings.Join(sqls(args), ", ") + ")", t: t}, nil
	}
}

func distinct(call *Call) string {
	if call.Distinct {
		return "DISTINCT "
	}
	return ""
}

func isArray(t *typ) bool    { return t.name == "array" }
func isBoolean(t *typ) bool  { return t.name == "boolean" }
func isTextish(t *typ) bool  { return isString(t) || t.name == "json" }
func isDateTime(t *typ) bool { return isTemporal(t) }

func init() {
	functions = map[string]function{
		// Aggregates.
		"count": {0, 1, true, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if call.Star || len(args) == 0 {
				return cexpr{sql: "count(*)", t: tBigint}, nil
			}
			return cexpr{sql: "count(" + distinct(call) + args[0].sql + ")", t: tBigint}, nil
		}},
		"sum": {1, 1, true, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isNumeric, "a number"); err != nil {
				return cexpr{}, err
			}
			sql := "sum(" + distinct(call) + args[0].sql + ")"
			if isInteger(args[0].t) || isUnknown(args[0].t) {
				// DuckDB sums integers to HUGEINT; Trino's sum is bigint.
				return cexpr{sql: "CAST(" + sql + " AS BIGINT)", t: tBigint}, nil
			}
			if args[0].t.name == "real" {
				return cexpr{sql: "CAST(" + sql + " AS FLOAT)", t: tReal}, nil
			}
			return cexpr{sql: sql, t: args[0].t}, nil
		}},
		"avg": {1, 1, true, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isNumeric, "a number"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "CAST(avg(" + distinct(call) + args[0].sql + ") AS DOUBLE)", t: tDouble}, nil
		}},
		"min":       {1, 1, true, aggSame("min")},
		"max":       {1, 1, true, aggSame("max")},
		"arbitrary": {1, 1, true, aggSame("any_value")},
		"any_value": {1, 1, true, aggSame("any_value")},
		"approx_distinct": {1, 2, true, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			// Exact, where Athena estimates: the estimate is within a few
			// percent of this, and an exact count is what an analyst wants.
			return cexpr{sql: "count(DISTINCT " + args[0].sql + ")", t: tBigint}, nil
		}},
		"count_if": {1, 1, true, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isBoolean, "boolean"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "CAST(count_if(" + args[0].sql + ") AS BIGINT)", t: tBigint}, nil
		}},
		"array_agg": {1, 1, true, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			return cexpr{sql: "list(" + distinct(call) + args[0].sql + ")", t: arrayOf(args[0].t)}, nil
		}},
		"bool_and":    {1, 1, true, boolAgg("bool_and")},
		"every":       {1, 1, true, boolAgg("bool_and")},
		"bool_or":     {1, 1, true, boolAgg("bool_or")},
		"max_by":      {2, 2, true, byAgg("arg_max")},
		"min_by":      {2, 2, true, byAgg("arg_min")},
		"stddev":      {1, 1, true, doubleAgg("stddev_samp")},
		"stddev_samp": {1, 1, true, doubleAgg("stddev_samp")},
		"stddev_pop":  {1, 1, true, doubleAgg("stddev_pop")},
		"variance":    {1, 1, true, doubleAgg("var_samp")},
		"var_samp":    {1, 1, true, doubleAgg("var_samp")},
		"var_pop":     {1, 1, true, doubleAgg("var_pop")},
		"approx_percentile": {2, 2, true, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isNumeric, "a number"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "quantile_disc(" + args[0].sql + ", " + args[1].sql + ")", t: args[0].t}, nil
		}},

		// Strings.
		"lower":       {1, 1, false, stringFn("lower", tVarchar)},
		"upper":       {1, 1, false, stringFn("upper", tVarchar)},
		"length":      {1, 1, false, stringFn("length", tBigint)},
		"trim":        {1, 1, false, stringFn("trim", tVarchar)},
		"ltrim":       {1, 1, false, stringFn("ltrim", tVarchar)},
		"rtrim":       {1, 1, false, stringFn("rtrim", tVarchar)},
		"reverse":     {1, 1, false, stringFn("reverse", tVarchar)},
		"strpos":      {2, 2, false, stringFn("strpos", tBigint)},
		"starts_with": {2, 2, false, stringFn("starts_with", tBoolean)},
		"regexp_like": {2, 2, false, stringFn("regexp_matches", tBoolean)},
		"split":       {2, 2, false, stringFn("string_split", arrayOf(tVarchar))},
		"substr":      {2, 3, false, substr},
		"substring":   {2, 3, false, substr},
		"concat": {1, -1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			for i := range args {
				if err := c.want(call, args, i, isString, "varchar"); err != nil {
					return cexpr{}, err
				}
			}
			// Trino's concat is NULL when any argument is; DuckDB's
			// concat skips NULLs, its || does not.
			return cexpr{sql: "(" + strings.Join(sqls(args), " || ") + ")", t: tVarchar}, nil
		}},
		"replace": {2, 3, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			for i := range args {
				if err := c.want(call, args, i, isString, "varchar"); err != nil {
					return cexpr{}, err
				}
			}
			with := "''"
			if len(args) == 3 {
				with = args[2].sql
			}
			return cexpr{sql: "replace(" + args[0].sql + ", " + args[1].sql + ", " + with + ")", t: tVarchar}, nil
		}},
		"split_part": {3, 3, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 2, isInteger, "an integer"); err != nil {
				return cexpr{}, err
			}
			// A list subscript is NULL past the end, as Trino's split_part
			// is; DuckDB's split_part would give ''.
			return cexpr{sql: "string_split(" + args[0].sql + ", " + args[1].sql + ")[" + args[2].sql + "]", t: tVarchar}, nil
		}},
		"regexp_extract": {2, 3, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			group := "0"
			if len(args) == 3 {
				lit, ok := call.Args[2].(*Literal)
				if !ok || lit.Kind != LitNumber {
					return cexpr{}, c.errorf(call.Args[2].exprPos(), "argument 3 of regexp_extract must be a whole-number literal (the group)")
				}
				group = lit.Text
			}
			// No match is NULL in Trino, '' in DuckDB.
			return cexpr{sql: "CASE WHEN regexp_matches(" + args[0].sql + ", " + args[1].sql + ") THEN regexp_extract(" +
				args[0].sql + ", " + args[1].sql + ", " + group + ") END", t: tVarchar}, nil
		}},
		"regexp_extract_all": {2, 3, false, simple("regexp_extract_all", arrayOf(tVarchar))},
		"regexp_replace": {2, 3, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			with := "''"
			if len(args) == 3 {
				lit, err := c.stringLiteral(call, 2, "the replacement")
				if err != nil {
					return cexpr{}, err
				}
				// Trino's replacement names groups $1; RE2's \1.
				with = query.MustQuote(dollarGroups(lit))
			}
			return cexpr{sql: "regexp_replace(" + args[0].sql + ", " + args[1].sql + ", " + with + ", 'g')", t: tVarchar}, nil
		}},

		// Numbers.
		"abs":      {1, 1, false, sameType("abs", isNumeric, "a number")},
		"round":    {1, 2, false, sameType("round", isNumeric, "a number")},
		"floor":    {1, 1, false, sameType("floor", isNumeric, "a number")},
		"ceil":     {1, 1, false, sameType("ceil", isNumeric, "a number")},
		"ceiling":  {1, 1, false, sameType("ceil", isNumeric, "a number")},
		"sqrt":     {1, 1, false, simple("sqrt", tDouble)},
		"ln":       {1, 1, false, simple("ln", tDouble)},
		"log10":    {1, 1, false, simple("log10", tDouble)},
		"power":    {2, 2, false, simple("pow", tDouble)},
		"pow":      {2, 2, false, simple("pow", tDouble)},
		"mod":      {2, 2, false, common("mod")},
		"greatest": {1, -1, false, common("greatest")},
		"least":    {1, -1, false, common("least")},

		// Conditionals.
		"coalesce": {1, -1, false, common("coalesce")},
		"nullif": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			return cexpr{sql: "nullif(" + args[0].sql + ", " + args[1].sql + ")", t: args[0].t}, nil
		}},
		"if": {2, 3, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isBoolean, "boolean"); err != nil {
				return cexpr{}, err
			}
			t, other := args[1].t, "NULL"
			if len(args) == 3 {
				if t = commonType(args[1].t, args[2].t); t == nil {
					return cexpr{}, c.errorf(call.Args[2].exprPos(), "the two results of if have types %s and %s, expected compatible types", args[1].t, args[2].t)
				}
				other = args[2].sql
			}
			return cexpr{sql: "CASE WHEN " + args[0].sql + " THEN " + args[1].sql + " ELSE " + other + " END", t: t}, nil
		}},

		// Dates and times.
		"from_unixtime": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isNumeric, "a number of seconds"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "CAST(to_timestamp(CAST(" + args[0].sql + " AS DOUBLE)) AS TIMESTAMP)", t: tTimestampTZ}, nil
		}},
		"to_unixtime": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isDateTime, "a timestamp"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "epoch(" + args[0].sql + ")", t: tDouble}, nil
		}},
		"from_iso8601_timestamp": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isString, "varchar"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "CAST(CAST(" + args[0].sql + " AS TIMESTAMPTZ) AS TIMESTAMP)", t: tTimestampTZ}, nil
		}},
		"from_iso8601_date": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			return cexpr{sql: "CAST(" + args[0].sql + " AS DATE)", t: tDate}, nil
		}},
		"to_iso8601": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isDateTime, "a date or timestamp"); err != nil {
				return cexpr{}, err
			}
			switch args[0].t.name {
			case "date":
				return cexpr{sql: "strftime(" + args[0].sql + ", '%Y-%m-%d')", t: tVarchar}, nil
			case "timestamp":
				return cexpr{sql: "strftime(" + args[0].sql + ", '%Y-%m-%dT%H:%M:%S.%g')", t: tVarchar}, nil
			}
			return cexpr{sql: "strftime(" + args[0].sql + ", '%Y-%m-%dT%H:%M:%S.%gZ')", t: tVarchar}, nil
		}},
		"date_parse": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isString, "varchar"); err != nil {
				return cexpr{}, err
			}
			format, err := c.mysqlFormat(call, 1)
			if err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "strptime(" + args[0].sql + ", " + format + ")", t: tTimestamp}, nil
		}},
		"date_format": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isDateTime, "a date or timestamp"); err != nil {
				return cexpr{}, err
			}
			format, err := c.mysqlFormat(call, 1)
			if err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "strftime(" + args[0].sql + ", " + format + ")", t: tVarchar}, nil
		}},
		"date_trunc": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			unit, err := c.unit(call, 0)
			if err != nil {
				return cexpr{}, err
			}
			if err := c.want(call, args, 1, isDateTime, "a date or timestamp"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "CAST(date_trunc(" + query.MustQuote(unit) + ", " + args[1].sql + ") AS " + temporalDuck(args[1].t) + ")", t: args[1].t}, nil
		}},
		"date_add": {3, 3, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			unit, err := c.unit(call, 0)
			if err != nil {
				return cexpr{}, err
			}
			if err := c.want(call, args, 1, isInteger, "an integer"); err != nil {
				return cexpr{}, err
			}
			if err := c.want(call, args, 2, isDateTime, "a date or timestamp"); err != nil {
				return cexpr{}, err
			}
			n := args[1].sql
			switch unit {
			case "quarter":
				unit, n = "month", "3 * "+n
			}
			return cexpr{sql: "CAST(" + args[2].sql + " + to_" + unit + "s(" + n + ") AS " + temporalDuck(args[2].t) + ")", t: args[2].t}, nil
		}},
		"date_diff": {3, 3, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			unit, err := c.unit(call, 0)
			if err != nil {
				return cexpr{}, err
			}
			for i := 1; i <= 2; i++ {
				if err := c.want(call, args, i, isDateTime, "a date or timestamp"); err != nil {
					return cexpr{}, err
				}
			}
			// Trino counts whole units elapsed, as DuckDB's date_sub does
			// (DuckDB's date_diff counts boundaries crossed).
			return cexpr{sql: "date_sub(" + query.MustQuote(unit) + ", " + args[1].sql + ", " + args[2].sql + ")", t: tBigint}, nil
		}},

		// JSON.
		"json_extract_scalar": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			j, path, err := c.jsonArgs(call, args)
			if err != nil {
				return cexpr{}, err
			}
			// Trino gives NULL for invalid JSON and for objects or arrays.
			return cexpr{sql: "CASE WHEN json_valid(" + j + ") AND json_type(" + j + ", " + path + ") NOT IN ('OBJECT', 'ARRAY') THEN json_extract_string(" + j + ", " + path + ") END", t: tVarchar}, nil
		}},
		"json_extract": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			j, path, err := c.jsonArgs(call, args)
			if err != nil {
				return cexpr{}, err
			}
			// JSON values travel as their text: that is what Athena prints,
			// and the other json functions read text as well.
			return cexpr{sql: "CASE WHEN json_valid(" + j + ") THEN CAST(json_extract(" + j + ", " + path + ") AS VARCHAR) END", t: tJSON}, nil
		}},
		"json_parse": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			return cexpr{sql: "CAST(CAST(" + args[0].sql + " AS JSON) AS VARCHAR)", t: tJSON}, nil
		}},
		"json_format": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			return cexpr{sql: "CAST(" + args[0].sql + " AS VARCHAR)", t: tVarchar}, nil
		}},
		"json_array_length": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isTextish, "json or varchar"); err != nil {
				return cexpr{}, err
			}
			j := args[0].sql
			return cexpr{sql: "CASE WHEN json_valid(" + j + ") AND json_type(" + j + ") = 'ARRAY' THEN CAST(json_array_length(" + j + ") AS BIGINT) END", t: tBigint}, nil
		}},

		// Arrays.
		"cardinality": {1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isArray, "an array"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "CAST(len(" + args[0].sql + ") AS BIGINT)", t: tBigint}, nil
		}},
		"element_at": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isArray, "an array"); err != nil {
				return cexpr{}, err
			}
			if err := c.want(call, args, 1, isInteger, "an integer"); err != nil {
				return cexpr{}, err
			}
			// Out of range is NULL in both; negative counts from the end in both.
			elem := tUnknown
			if isArray(args[0].t) {
				elem = args[0].t.elem
			}
			return cexpr{sql: "(" + args[0].sql + ")[" + args[1].sql + "]", t: elem}, nil
		}},
		"contains": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isArray, "an array"); err != nil {
				return cexpr{}, err
			}
			// DuckDB's contains() is a substring test; list_contains is Trino's.
			return cexpr{sql: "list_contains(" + args[0].sql + ", " + args[1].sql + ")", t: tBoolean}, nil
		}},
		"array_join": {2, 2, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			if err := c.want(call, args, 0, isArray, "an array"); err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: "array_to_string(" + args[0].sql + ", " + args[1].sql + ")", t: tVarchar}, nil
		}},
		"array": {0, -1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			t, err := common("list_value")(c, call, args)
			if err != nil {
				return cexpr{}, err
			}
			return cexpr{sql: t.sql, t: arrayOf(t.t)}, nil
		}},
	}
	// Functions Trino calls without parentheses.
	functions["current_timestamp"] = function{0, 0, false, func(*compiler, *Call, []cexpr) (cexpr, error) {
		return cexpr{sql: "CAST(current_timestamp AS TIMESTAMP)", t: tTimestampTZ}, nil
	}}
	functions["now"] = functions["current_timestamp"]
	functions["localtimestamp"] = function{0, 0, false, func(*compiler, *Call, []cexpr) (cexpr, error) {
		return cexpr{sql: "CAST(current_timestamp AS TIMESTAMP)", t: tTimestamp}, nil
	}}
	functions["current_date"] = function{0, 0, false, func(*compiler, *Call, []cexpr) (cexpr, error) {
		return cexpr{sql: "current_date", t: tDate}, nil
	}}
	// year(x), month(x) … are EXTRACT.
	for name := range extractFields {
		name := name
		functions[name] = function{1, 1, false, func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
			return c.extract(call.Pos, name, args[0])
		}}
	}
}

func aggSame(duck string) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		return cexpr{sql: duck + "(" + distinct(call) + args[0].sql + ")", t: args[0].t}, nil
	}
}

func boolAgg(duck string) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		if err := c.want(call, args, 0, isBoolean, "boolean"); err != nil {
			return cexpr{}, err
		}
		return cexpr{sql: duck + "(" + args[0].sql + ")", t: tBoolean}, nil
	}
}

func byAgg(duck string) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		return cexpr{sql: duck + "(" + args[0].sql + ", " + args[1].sql + ")", t: args[0].t}, nil
	}
}

func doubleAgg(duck string) func(*compiler, *Call, []cexpr) (cexpr, error) {
	return func(c *compiler, call *Call, args []cexpr) (cexpr, error) {
		if err := c.want(call, args, 0, isNumeric, "a number"); err != nil {
			return cexpr{}, err
		}
		return cexpr{sql: duck + "(" + args[0].sql + ")", t: tDouble}, nil
	}
}

func substr(c *compiler, call *Call, args []cexpr) (cexpr, error) {
	if err := c.want(call, args, 0, isString, "varchar"); err != nil {
		return cexpr{}, err
	}
	for i := 1; i < len(args); i++ {
		if err := c.want(call, args, i, isInteger, "an integer"); err != nil {
			return cexpr{}, err
		}
	}
	return cexpr{sql: "substr(" + strings.Join(sqls(args), ", ") + ")", t: tVarchar}, nil
}

// jsonArgs checks json_extract(_scalar)'s arguments and returns the JSON
// value's SQL and the path as a DuckDB literal.
func (c *compiler) jsonArgs(call *Call, args []cexpr) (string, string, error) {
	if err := c.want(call, args, 0, isTextish, "json or varchar"); err != nil {
		return "", "", err
	}
	path, err := c.stringLiteral(call, 1, "a JSONPath such as '$.a.b'")
	if err != nil {
		return "", "", err
	}
	if !strings.HasPrefix(path, "$") {
		return "", "", c.errorf(call.Args[1].exprPos(), "invalid JSON path '%s': expected it to start with $", path)
	}
	q, err := query.Quote(bracketPath(path))
	if err != nil {
		return "", "", c.errorf(call.Args[1].exprPos(), "%v", err)
	}
	return args[0].sql, q, nil
}

// bracketPath rewrites Trino's $["key"] steps as DuckDB's $."key".
func bracketPath(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if strings.HasPrefix(path[i:], `["`) {
			if end := strings.Index(path[i+2:], `"]`); end >= 0 {
				b.WriteString(`."` + path[i+2:i+2+end] + `"`)
				i += 2 + end + 1
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// dollarGroups turns Trino's $1 group references into RE2's \1.
func dollarGroups(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			b.WriteByte('\\')
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var dateUnits = map[string]bool{"millisecond": true, "second": true, "minute": true, "hour": true, "day": true, "week": true, "month": true, "quarter": true, "year": true}

// unit reads the unit argument of date_trunc, date_add and date_diff.
func (c *compiler) unit(call *Call, i int) (string, error) {
	u, err := c.stringLiteral(call, i, "a unit such as 'day'")
	if err != nil {
		return "", err
	}
	u = strings.ToLower(u)
	if !dateUnits[u] {
		return "", c.errorf(call.Args[i].exprPos(), "unknown unit '%s' in %s, expected one of millisecond, second, minute, hour, day, week, month, quarter, year", u, call.Name)
	}
	return u, nil
}

// mysqlFormats maps the MySQL format specifiers of date_parse and
// date_format to strftime's.
var mysqlFormats = map[byte]string{
	'Y': "%Y", 'y': "%y", 'm': "%m", 'c': "%-m", 'd': "%d", 'e': "%-d",
	'H': "%H", 'k': "%-H", 'h': "%I", 'I': "%I", 'l': "%-I", 'i': "%M",
	's': "%S", 'S': "%S", 'f': "%f", 'p': "%p", 'T': "%H:%M:%S", 'r': "%I:%M:%S %p",
	'b': "%b", 'M': "%B", 'a': "%a", 'W': "%A", 'j': "%j", '%': "%%",
}

// mysqlFormat converts argument i, a MySQL format literal, to a DuckDB
// strftime format literal.
func (c *compiler) mysqlFormat(call *Call, i int) (string, error) {
	f, err := c.stringLiteral(call, i, "a format such as '%Y-%m-%d %H:%i:%s'")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for j := 0; j < len(f); j++ {
		if f[j] != '%' {
			b.WriteByte(f[j])
			continue
		}
		if j+1 >= len(f) {
			return "", c.errorf(call.Args[i].exprPos(), "format '%s' ends with a lone %%", f)
		}
		j++
		s, ok := mysqlFormats[f[j]]
		if !ok {
			return "", c.errorf(call.Args[i].exprPos(), "format '%s' uses %%%c, which %s does not support", f, f[j], call.Name)
		}
		b.WriteString(s)
	}
	q, err := query.Quote(b.String())
	if err != nil {
		return "", c.errorf(call.Args[i].exprPos(), "%v", err)
	}
	return q, nil
}
