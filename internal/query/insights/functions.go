package insights

import (
	"encoding/hex"
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// function is one Insights function: how many arguments it takes and how
// it compiles. Most compile from their compiled arguments (args); those
// marked raw read the AST themselves (a time period, a CIDR literal).
type function struct {
	min, max int // max < 0: any number
	raw      bool
	compile  func(c *compiler, call *Call, args []value) (value, error)
}

// functions and aggregates are keyed by lower-case name: the playbook and
// AWS examples spell them in several cases (isValidIp, isIpv4InSubnet).
var functions, aggregates map[string]function

func init() {
	num1 := func(sqlName string) function {
		return function{min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: sqlName + "(" + c.toNumber(a[0]) + ")", kind: Number}, nil
		}}
	}
	numN := func(sqlName string) function {
		return function{min: 1, max: -1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: sqlName + "(" + c.joinArgs(a, c.toNumber) + ")", kind: Number}, nil
		}}
	}
	str1 := func(sqlName string) function {
		return function{min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: sqlName + "(" + c.toString(a[0]) + ")", kind: String}, nil
		}}
	}
	trim := func(sqlName string) function {
		return function{min: 1, max: 2, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: sqlName + "(" + c.joinArgs(a, c.toString) + ")", kind: String}, nil
		}}
	}
	functions = map[string]function{
		// String functions.
		"concat": {min: 1, max: -1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "concat(" + c.joinArgs(a, c.toString) + ")", kind: String}, nil
		}},
		"ltrim":   trim("ltrim"),
		"rtrim":   trim("rtrim"),
		"trim":    trim("trim"),
		"toupper": str1("upper"),
		"tolower": str1("lower"),
		"strlen": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "length(" + c.toString(a[0]) + ")", kind: Number}, nil
		}},
		// substr is 0-based in Insights, 1-based in SQL.
		"substr": {min: 2, max: 3, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			s := "substring(" + c.toString(a[0]) + ", CAST(" + c.toNumber(a[1]) + " AS BIGINT) + 1"
			if len(a) == 3 {
				s += ", CAST(" + c.toNumber(a[2]) + " AS BIGINT)"
			}
			return value{sql: s + ")", kind: String}, nil
		}},
		"replace": {min: 3, max: 3, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "replace(" + c.joinArgs(a, c.toString) + ")", kind: String}, nil
		}},
		// strcontains gives 1 or 0, which a filter reads as true or false.
		"strcontains": {min: 2, max: 2, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "(CASE WHEN contains(" + c.joinArgs(a, c.toString) + ") THEN 1 ELSE 0 END)", kind: Number}, nil
		}},

		// Numeric functions.
		"abs":      num1("abs"),
		"ceil":     num1("ceil"),
		"floor":    num1("floor"),
		"log":      num1("ln"), // the natural logarithm
		"sqrt":     num1("sqrt"),
		"greatest": numN("greatest"),
		"least":    numN("least"),

		// General functions.
		"ispresent": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "(" + a[0].sql + " IS NOT NULL)", kind: Bool}, nil
		}},
		"isempty": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "(" + a[0].sql + " IS NULL OR " + c.toString(a[0]) + " = '')", kind: Bool}, nil
		}},
		"isblank": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "(" + a[0].sql + " IS NULL OR regexp_full_match(" + c.toString(a[0]) + ", '\\s*'))", kind: Bool}, nil
		}},
		"coalesce": {min: 1, max: -1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			same := true
			for _, v := range a {
				same = same && v.kind == a[0].kind
			}
			if same {
				return value{sql: "coalesce(" + c.joinArgs(a, func(v value) string { return v.sql }) + ")", kind: a[0].kind}, nil
			}
			return value{sql: "coalesce(" + c.joinArgs(a, c.toString) + ")", kind: String}, nil
		}},

		// Datetime functions.
		"bin": {min: 1, max: 1, raw: true, compile: func(c *compiler, call *Call, _ []value) (value, error) {
			ts, err := c.field("@timestamp")
			if err != nil {
				return value{}, c.errorf(call, "bin: %v", err)
			}
			iv, err := c.period(call.Args[0])
			if err != nil {
				return value{}, err
			}
			return value{sql: "time_bucket(" + iv + ", " + ts.sql + ")", kind: Time}, nil
		}},
		"datefloor": {min: 2, max: 2, raw: true, compile: func(c *compiler, call *Call, _ []value) (value, error) {
			ts, iv, err := c.timeAndPeriod(call)
			if err != nil {
				return value{}, err
			}
			return value{sql: "time_bucket(" + iv + ", " + ts + ")", kind: Time}, nil
		}},
		"dateceil": {min: 2, max: 2, raw: true, compile: func(c *compiler, call *Call, _ []value) (value, error) {
			ts, iv, err := c.timeAndPeriod(call)
			if err != nil {
				return value{}, err
			}
			fl := "time_bucket(" + iv + ", " + ts + ")"
			return value{sql: "(CASE WHEN " + fl + " = " + ts + " THEN " + fl + " ELSE " + fl + " + " + iv + " END)", kind: Time}, nil
		}},
		"frommillis": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "epoch_ms(CAST(" + c.toNumber(a[0]) + " AS BIGINT))", kind: Time}, nil
		}},
		"tomillis": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "epoch_ms(" + toTime(a[0]) + ")", kind: Number}, nil
		}},

		// IP address functions.
		"isvalidip": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			s := c.toString(a[0])
			return value{sql: "(" + validV4(s) + " OR " + v6Hex(s) + " IS NOT NULL)", kind: Bool}, nil
		}},
		"isvalidipv4": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: validV4(c.toString(a[0])), kind: Bool}, nil
		}},
		"isvalidipv6": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "(" + v6Hex(c.toString(a[0])) + " IS NOT NULL)", kind: Bool}, nil
		}},
		"isipinsubnet":   subnetFunc(""),
		"isipv4insubnet": subnetFunc("v4"),
		"isipv6insubnet": subnetFunc("v6"),
	}

	numAgg := func(sqlName string) function {
		return function{min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: sqlName + "(" + c.toNumber(a[0]) + ")", kind: Number}, nil
		}}
	}
	// min and max keep times as times (min(@timestamp)), else compare numbers.
	minMax := func(sqlName string) function {
		return function{min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			if a[0].kind == Time {
				return value{sql: sqlName + "(" + a[0].sql + ")", kind: Time}, nil
			}
			return value{sql: sqlName + "(" + c.toNumber(a[0]) + ")", kind: Number}, nil
		}}
	}
	// earliest and latest take the value of the first or last event in time.
	byTime := func(sqlName string) function {
		return function{min: 1, max: 1, compile: func(c *compiler, call *Call, a []value) (value, error) {
			ts, err := c.field("@timestamp")
			if err != nil {
				return value{}, c.errorf(call, "%s: %v", call.Name, err)
			}
			return value{sql: sqlName + "(" + a[0].sql + ", " + ts.sql + ")", kind: a[0].kind}, nil
		}}
	}
	aggregates = map[string]function{
		"count": {min: 0, max: 1, compile: func(c *compiler, call *Call, a []value) (value, error) {
			if len(a) == 0 {
				return value{sql: "count(*)", kind: Number}, nil
			}
			return value{sql: "count(" + a[0].sql + ")", kind: Number}, nil
		}},
		"count_distinct": {min: 1, max: 1, compile: func(c *compiler, _ *Call, a []value) (value, error) {
			return value{sql: "count(DISTINCT " + a[0].sql + ")", kind: Number}, nil
		}},
		"sum":    numAgg("sum"),
		"avg":    numAgg("avg"),
		"stddev": numAgg("stddev_samp"),
		"min":    minMax("min"),
		"max":    minMax("max"),
		// pct(f, 95): the value below which 95% of the values fall, taken
		// from the data (nearest rank).
		"pct": {min: 2, max: 2, raw: true, compile: func(c *compiler, call *Call, _ []value) (value, error) {
			_, ok := call.Args[1].(*NumberLit)
			p, err := strconv.ParseFloat(strings.TrimSpace(c.textOf(call.Args[1])), 64)
			if !ok || err != nil || p < 0 || p > 100 {
				return value{}, c.errorf(call.Args[1], "pct: unexpected %s, expected a percentile from 0 to 100", c.textOf(call.Args[1]))
			}
			v, err := c.expr(call.Args[0])
			if err != nil {
				return value{}, err
			}
			return value{sql: "quantile_disc(" + c.toNumber(v) + ", " + strconv.FormatFloat(p/100, 'f', -1, 64) + ")", kind: Number}, nil
		}},
		"earliest": byTime("arg_min"),
		"latest":   byTime("arg_max"),
	}
}

func (c *compiler) joinArgs(a []value, f func(value) string) string {
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = f(v)
	}
	return strings.Join(parts, ", ")
}

// call compiles a function or aggregation call.
func (c *compiler) call(call *Call) (value, error) {
	name := strings.ToLower(call.Name)
	f, isAgg := aggregates[name]
	if isAgg {
		if !c.inStats {
			return value{}, c.errorf(call, "%s is an aggregation, usable only in stats", call.Name)
		}
		if c.inAgg {
			return value{}, c.errorf(call, "%s inside another aggregation, expected a field or a function of fields", call.Name)
		}
		c.inAgg = true
		defer func() { c.inAgg = false }()
	} else {
		var ok bool
		if f, ok = functions[name]; !ok {
			return value{}, c.errorf(call, "unknown function %q, expected one of %s", call.Name, knownFunctions())
		}
	}
	if call.Star && name != "count" {
		return value{}, c.errorf(call, "%s(*): only count takes *, expected a field", call.Name)
	}
	if n := len(call.Args); n < f.min || (f.max >= 0 && n > f.max) {
		return value{}, c.errorf(call, "%s takes %s, found %d", call.Name, arity(f), n)
	}
	if f.raw {
		return f.compile(c, call, nil)
	}
	args := make([]value, len(call.Args))
	for i, a := range call.Args {
		v, err := c.expr(a)
		if err != nil {
			return value{}, err
		}
		args[i] = v
	}
	return f.compile(c, call, args)
}

func arity(f function) string {
	switch {
	case f.max < 0:
		return fmt.Sprintf("at least %d argument(s)", f.min)
	case f.min == f.max:
		return fmt.Sprintf("%d argument(s)", f.min)
	}
	return fmt.Sprintf("%d to %d arguments", f.min, f.max)
}

func knownFunctions() string {
	var names []string
	for n := range functions {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// periodRE is a time period: a count and a unit (5m, 1h, 30sec, 2days).
var periodRE = regexp.MustCompile(`^([0-9]+)([a-zA-Z]+)$`)

// periodUnits maps the service's unit spellings to DuckDB interval units.
var periodUnits = map[string]string{
	"ms": "millisecond", "msec": "millisecond", "millisecond": "millisecond",
	"s": "second", "sec": "second", "second": "second",
	"m": "minute", "min": "minute", "minute": "minute",
	"h": "hour", "hr": "hour", "hour": "hour",
	"d": "day", "day": "day",
	"w": "week", "week": "week",
	"mo": "month", "mon": "month", "month": "month",
	"q": "quarter", "qtr": "quarter", "quarter": "quarter",
	"y": "year", "yr": "year", "year": "year",
}

// period compiles a time period argument into a DuckDB INTERVAL. Only a
// validated count and a unit from periodUnits reach the SQL.
func (c *compiler) period(e Expr) (string, error) {
	d, ok := e.(*DurationLit)
	m := periodRE.FindStringSubmatch(c.textOf(e))
	if !ok || m == nil {
		return "", c.errorf(e, "unexpected %s, expected a time period such as 5m or 1h", c.textOf(e))
	}
	unit := strings.ToLower(m[2])
	u, ok := periodUnits[unit]
	if !ok && strings.HasSuffix(unit, "s") {
		u, ok = periodUnits[strings.TrimSuffix(unit, "s")]
	}
	n, err := strconv.Atoi(m[1])
	if !ok || err != nil || n <= 0 {
		return "", c.errorf(d, "unexpected time period %s, expected a positive count and a unit (ms, s, m, h, d, w, mo, q, y)", d.Val)
	}
	if u == "quarter" {
		n, u = n*3, "month"
	}
	return "INTERVAL '" + strconv.Itoa(n) + " " + u + "'", nil
}

func (c *compiler) timeAndPeriod(call *Call) (string, string, error) {
	v, err := c.expr(call.Args[0])
	if err != nil {
		return "", "", err
	}
	iv, err := c.period(call.Args[1])
	if err != nil {
		return "", "", err
	}
	return toTime(v), iv, nil
}

// v4Octet matches 0–255 without leading zeros.
const v4Octet = `(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`

func validV4(s string) string {
	return "regexp_full_match(" + s + ", '" + v4Octet + `\.` + v4Octet + `\.` + v4Octet + `\.` + v4Octet + "')"
}

// v4Int is the address as a 32-bit number (only for valid addresses).
func v4Int(a string) string {
	var parts []string
	for i, mul := range []string{"16777216", "65536", "256", "1"} {
		parts = append(parts, "TRY_CAST(split_part("+a+", '.', "+strconv.Itoa(i+1)+") AS BIGINT) * "+mul)
	}
	return "(" + strings.Join(parts, " + ") + ")"
}

// v6Hex is the IPv6 address s written out as 32 lower-case hex digits, or
// NULL when s is not an IPv6 address. "::" expands to the missing groups.
// The lambdas bind s (and its groups) once instead of repeating them.
func v6Hex(s string) string {
	left := "CASE WHEN split_part(a, '::', 1) = '' THEN CAST([] AS VARCHAR[]) ELSE string_split(split_part(a, '::', 1), ':') END"
	right := "CASE WHEN split_part(a, '::', 2) = '' THEN CAST([] AS VARCHAR[]) ELSE string_split(split_part(a, '::', 2), ':') END"
	groups := "CASE WHEN contains(a, '::') THEN list_concat(" + left + ", list_transform(range(8 - len(" + left + ") - len(" + right + ")), lambda x: '0'), " + right + ") ELSE string_split(a, ':') END"
	valid := "regexp_full_match(a, '[0-9a-f:]+') AND length(a) - length(replace(a, '::', '')) <= 2" +
		" AND (NOT contains(a, '::') OR len(" + left + ") + len(" + right + ") <= 7)" +
		" AND len(g) = 8 AND len(list_filter(g, lambda x: NOT regexp_full_match(x, '[0-9a-f]{1,4}'))) = 0"
	return "list_transform([lower(" + s + ")], lambda a: list_transform([" + groups + "], lambda g: CASE WHEN " + valid +
		" THEN array_to_string(list_transform(g, lambda x: lpad(x, 4, '0')), '') END)[1])[1]"
}

// subnetFunc compiles isIpInSubnet (family "") and its v4/v6 variants. The
// subnet must be a literal: its bounds are computed here, so only numbers
// and hex digits reach the SQL.
func subnetFunc(family string) function {
	return function{min: 2, max: 2, raw: true, compile: func(c *compiler, call *Call, _ []value) (value, error) {
		lit, ok := call.Args[1].(*StringLit)
		var pfx netip.Prefix
		var err error
		if ok {
			pfx, err = netip.ParsePrefix(lit.Val)
		}
		want := map[string]string{"": "a subnet in CIDR notation such as \"10.0.0.0/8\"", "v4": "an IPv4 subnet such as \"192.0.2.0/24\"", "v6": "an IPv6 subnet such as \"2001:db8::/32\""}[family]
		if !ok || err != nil || (family == "v4" && !pfx.Addr().Is4()) || (family == "v6" && !pfx.Addr().Is6()) {
			return value{}, c.errorf(call.Args[1], "%s: unexpected %s, expected %s", call.Name, c.textOf(call.Args[1]), want)
		}
		ip, err := c.expr(call.Args[0])
		if err != nil {
			return value{}, err
		}
		s := c.toString(ip)
		pfx = pfx.Masked()
		bits := pfx.Bits()
		if pfx.Addr().Is4() {
			b := pfx.Addr().As4()
			lo := uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
			hi := lo | (1<<(32-bits) - 1)
			cond := "list_transform([" + s + "], lambda a: " + validV4("a") + " AND " + v4Int("a") +
				" BETWEEN " + strconv.FormatUint(lo, 10) + " AND " + strconv.FormatUint(hi, 10) + ")[1]"
			return value{sql: "coalesce(" + cond + ", false)", kind: Bool}, nil
		}
		b := pfx.Addr().As16()
		netHex := hex.EncodeToString(b[:])
		cond := "left(h, " + strconv.Itoa(bits/4) + ") = '" + netHex[:bits/4] + "'"
		if r := bits % 4; r != 0 {
			mask := (0xF << (4 - r)) & 0xF
			nib, _ := strconv.ParseUint(netHex[bits/4:bits/4+1], 16, 8)
			cond += " AND ((strpos('0123456789abcdef', substr(h, " + strconv.Itoa(bits/4+1) + ", 1)) - 1) & " +
				strconv.Itoa(mask) + ") = " + strconv.FormatUint(nib&uint64(mask), 10)
		}
		sql := "list_transform([" + v6Hex(s) + "], lambda h: h IS NOT NULL AND " + cond + ")[1]"
		return value{sql: "coalesce(" + sql + ", false)", kind: Bool}, nil
	}}
}
