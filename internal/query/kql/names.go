package kql

import (
	"strconv"
	"strings"
)

// Kusto names an output column the query did not name from its expression
// (Kusto.Language's GetExpressionResultName): a column keeps its name,
// d.key becomes d_key, d[0] d_0, functions that pass their first argument
// through (tostring, bin, split, …) take that argument's name, aggregates
// get a prefix (sum_x, count_). Anything else is Column1, Column2 ….

// firstArgNamed are the functions whose result is named after their first argument.
var firstArgNamed = map[string]bool{
	"tostring": true, "toint": true, "tolong": true, "todouble": true, "toreal": true,
	"tobool": true, "toboolean": true, "todatetime": true, "totimespan": true, "toguid": true,
	"todecimal": true, "bin": true, "floor": true, "split": true, "tolower": true, "toupper": true,
}

// exprName is the name Kusto gives an unnamed expression, or "".
func exprName(e Expr) string {
	switch e := e.(type) {
	case *Ident:
		return e.Name
	case *Member:
		if base := exprName(e.X); base != "" {
			return base + "_" + e.Name
		}
		return e.Name
	case *Index:
		base := exprName(e.X)
		var key string
		switch idx := e.Idx.(type) {
		case *NumberLit:
			key = idx.Text
		case *StringLit:
			key = idx.Val
		case *Unary:
			if n, ok := idx.X.(*NumberLit); ok {
				key = "_" + n.Text
			}
		}
		if base == "" || key == "" {
			return base
		}
		return base + "_" + key
	case *Call:
		if firstArgNamed[e.Name] && len(e.Args) > 0 {
			return exprName(e.Args[0])
		}
	}
	return ""
}

// aggName is the name of an unnamed aggregate: count() → count_, sum(x) →
// sum_x, make_set(x) → set_x, percentile(x, 95) → percentile_x_95.
func aggName(c *Call) string {
	arg := ""
	if len(c.Args) > 0 {
		arg = exprName(c.Args[0])
	}
	switch c.Name {
	case "count", "countif", "dcountif", "sumif", "avgif":
		if c.Name == "count" || c.Name == "countif" {
			return c.Name + "_"
		}
		return c.Name + "_" + arg
	case "make_set", "makeset":
		return "set_" + arg
	case "make_list", "makelist":
		return "list_" + arg
	case "take_any", "any":
		return arg
	case "percentile":
		if len(c.Args) > 1 {
			if n, ok := c.Args[1].(*NumberLit); ok {
				return "percentile_" + arg + "_" + strings.ReplaceAll(n.Text, ".", "_")
			}
		}
		return "percentile_" + arg
	}
	return c.Name + "_" + arg
}

// namer hands out output column names, adding 1, 2, … to repeats the way
// Kusto does (Name, Name1, Name2) and Column1, Column2 … to unnamed ones.
type namer struct {
	used    map[string]bool
	unnamed int
}

func newNamer(taken ...string) *namer {
	n := &namer{used: map[string]bool{}}
	for _, t := range taken {
		n.used[t] = true
	}
	return n
}

// unique returns name, or name with the smallest numeric suffix not yet used.
func (n *namer) unique(name string) string {
	if name == "" {
		for {
			n.unnamed++
			c := "Column" + strconv.Itoa(n.unnamed)
			if !n.used[c] {
				n.used[c] = true
				return c
			}
		}
	}
	if !n.used[name] {
		n.used[name] = true
		return name
	}
	for i := 1; ; i++ {
		c := name + strconv.Itoa(i)
		if !n.used[c] {
			n.used[c] = true
			return c
		}
	}
}
