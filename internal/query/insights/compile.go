// Package insights compiles CloudWatch Logs Insights queries (Logs Insights
// QL) into one DuckDB SELECT over a case table, with the service's result
// shape: every value a string, @timestamp as "YYYY-MM-DD HH:MM:SS.mmm",
// columns named as the service names them, @ptr on raw-event rows.
//
// The query goes lexer → parser (AST with byte spans) → compiler. The
// compiler turns each command into one nested SELECT over the previous
// one, so commands apply in the order written (sort before filter, a limit
// in the middle, a second stats over the first).
package insights

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// Kind is the type of an Insights value as the compiler tracks it.
type Kind int

const (
	// String values compare as text.
	String Kind = iota
	// Number values compare and sort numerically.
	Number
	// Time values are TIMESTAMPs (@timestamp, bin(…)).
	Time
	// Bool values come from comparisons and ispresent-like functions.
	Bool
	// kindAny is a value read from an event's JSON: text that compares
	// as a number when both sides are numeric.
	kindAny
)

// Source is what one log group (or several) looks like to Insights: a
// case table and how Insights field names map onto SQL over it. All SQL in
// it is trusted (written by cloudhunt, not taken from the query), and its
// expressions name the table's columns unqualified.
type Source struct {
	From      string           // SQL FROM item, e.g. `"vpc_flow_logs"`
	Where     string           // SQL predicate restricting rows to the log group(s); "" = all
	Timestamp string           // SQL expr (TIMESTAMP) for @timestamp
	Message   string           // SQL expr (VARCHAR) for @message
	LogStream string           // SQL expr for @logStream ("" = NULL)
	Log       string           // SQL expr for @log (`<account-id>:<log-group-name>`, "" = NULL)
	Ptr       string           // SQL expr unique per row for @ptr
	Fields    map[string]Field // discovered fields with a typed column
	JSON      string           // SQL expr of the event's JSON text, for other dotted fields ("" = not JSON)
}

// Field is a discovered field backed by a typed SQL expression.
type Field struct {
	SQL  string
	Kind Kind
}

// Options are start-query's parameters besides the query text.
type Options struct {
	Start, End time.Time // inclusive window on @timestamp; zero = unbounded
	Limit      int       // most rows returned when the query has no limit; 0 = 10,000
}

// DefaultLimit is how many rows the service returns when nothing says otherwise.
const DefaultLimit = 10000

// value is a compiled expression: SQL and the kind of what it yields.
type value struct {
	sql  string
	kind Kind
}

// compiler holds the state of one compilation: the relation built so far
// (a SQL subquery), the fields visible in it and the current row order.
type compiler struct {
	text string
	src  Source
	from string // the current relation: SQL usable after FROM

	raw   bool             // rows are still log events (no stats yet)
	cols  map[string]value // fields defined by fields/parse/stats, by name
	order []string         // ORDER BY terms over the current relation

	outputs []string // result columns named by fields/stats, in order
	parsed  []string // fields made by parse on raw rows
	display []*FieldRef
	limit   int  // the query's own limit (last one), 0 = none
	stats   int  // stats commands seen
	n       int  // counter for generated column names
	inStats bool // compiling a stats command's aggregations
	inAgg   bool // compiling an aggregation's argument
}

// Compile turns an Insights query into DuckDB SQL over src. Errors are
// *query.Error with Lang "insights" and the line:column of the problem.
func Compile(text string, src Source, opts Options) (*query.Compiled, error) {
	pl, err := Parse(text)
	if err != nil {
		return nil, err
	}
	c := &compiler{text: text, src: src, raw: true, cols: map[string]value{}}
	c.from = c.base(opts)
	c.order = []string{src.Timestamp + " DESC NULLS LAST"} // the service's default: newest first
	for _, cmd := range pl.Commands {
		if err := c.command(cmd); err != nil {
			return nil, err
		}
	}
	return c.finish(opts)
}

// base is the first relation: the source's rows in the time window.
func (c *compiler) base(opts Options) string {
	var conds []string
	if c.src.Where != "" {
		conds = append(conds, "("+c.src.Where+")")
	}
	const layout = "2006-01-02 15:04:05.999999"
	if !opts.Start.IsZero() {
		conds = append(conds, c.src.Timestamp+" >= CAST("+query.MustQuote(opts.Start.UTC().Format(layout))+" AS TIMESTAMP)")
	}
	if !opts.End.IsZero() {
		conds = append(conds, c.src.Timestamp+" <= CAST("+query.MustQuote(opts.End.UTC().Format(layout))+" AS TIMESTAMP)")
	}
	s := "SELECT * FROM " + c.src.From
	if len(conds) > 0 {
		s += " WHERE " + strings.Join(conds, " AND ")
	}
	return "(" + s + ")"
}

// wrap makes sel (a SELECT over the current relation) the new relation.
func (c *compiler) wrap(sel string) {
	c.n++
	c.from = "(" + sel + ") AS t" + strconv.Itoa(c.n)
}

// newCol returns a fresh generated column name; the leading "__" keeps it
// apart from the case tables' column names.
func (c *compiler) newCol() string {
	c.n++
	return query.Ident("__c" + strconv.Itoa(c.n))
}

func (c *compiler) errorf(n Node, format string, args ...any) error {
	pos, _ := n.Span()
	return query.Errorf("insights", c.text, pos, format, args...)
}

// textOf is a node's source text: the service names an unaliased result
// column by the expression as written.
func (c *compiler) textOf(n Node) string {
	pos, end := n.Span()
	return strings.TrimSpace(c.text[pos:end])
}

func (c *compiler) addOutput(name string) {
	for _, o := range c.outputs {
		if o == name {
			return
		}
	}
	c.outputs = append(c.outputs, name)
}

func (c *compiler) command(cmd Command) error {
	switch cmd := cmd.(type) {
	case *FieldsCmd:
		return c.fields(cmd)
	case *DisplayCmd:
		if !c.raw {
			for _, f := range cmd.Fields {
				if _, ok := c.cols[f.Name]; !ok {
					return c.errorf(f, "display: no field %q after stats, expected one of %s", f.Name, c.available())
				}
			}
		}
		c.display = cmd.Fields // the last display wins
		return nil
	case *FilterCmd:
		v, err := c.expr(cmd.Cond)
		if err != nil {
			return err
		}
		cond, err := c.toBool(v, cmd.Cond)
		if err != nil {
			return err
		}
		c.wrap("SELECT * FROM " + c.from + " WHERE " + cond)
		return nil
	case *StatsCmd:
		return c.statsCmd(cmd)
	case *SortCmd:
		var order []string
		for _, k := range cmd.Keys {
			v, err := c.expr(k.Expr)
			if err != nil {
				return err
			}
			order = append(order, sortTerms(v, k.Desc)...)
		}
		c.order = order
		return nil
	case *LimitCmd:
		// A limit applies where it stands: later commands see at most N rows.
		c.wrap("SELECT * FROM " + c.from + c.orderBy() + " LIMIT " + strconv.Itoa(cmd.N))
		c.limit = cmd.N
		return nil
	case *ParseCmd:
		return c.parse(cmd)
	case *DedupCmd:
		return c.dedup(cmd)
	}
	return c.errorf(cmd, "unsupported command")
}

func (c *compiler) orderBy() string {
	if len(c.order) == 0 {
		return ""
	}
	return " ORDER BY " + strings.Join(c.order, ", ")
}

// fields adds computed fields to the rows and names the result's columns.
func (c *compiler) fields(cmd *FieldsCmd) error {
	var adds []string
	for _, it := range cmd.Items {
		name := it.Alias
		if name == "" {
			name = c.textOf(it.Expr)
			if f, ok := it.Expr.(*FieldRef); ok {
				name = f.Name
			}
		}
		v, err := c.expr(it.Expr)
		if err != nil {
			return err
		}
		if f, ok := it.Expr.(*FieldRef); !ok || f.Name != name {
			col := c.newCol()
			adds = append(adds, v.sql+" AS "+col)
			v = value{sql: col, kind: v.kind}
		}
		c.cols[name] = v
		c.addOutput(name)
	}
	if len(adds) > 0 {
		c.wrap("SELECT *, " + strings.Join(adds, ", ") + " FROM " + c.from)
	}
	return nil
}

// statsCmd groups the rows: the new relation holds only the by terms and
// the aggregates, named as the service names them.
func (c *compiler) statsCmd(cmd *StatsCmd) error {
	if c.stats == 2 {
		return c.errorf(cmd, "a query can have at most two stats commands, found a third")
	}
	c.stats++
	var sel, group, names []string
	cols := map[string]value{}
	var order []string
	for _, it := range cmd.By {
		v, err := c.expr(it.Expr)
		if err != nil {
			return err
		}
		name := it.Alias
		if name == "" {
			name = c.textOf(it.Expr)
		}
		col := c.newCol()
		sel = append(sel, v.sql+" AS "+col)
		group = append(group, v.sql)
		cols[name] = value{sql: col, kind: v.kind}
		names = append(names, name)
		order = append(order, sortTerms(value{sql: col, kind: v.kind}, false)...)
	}
	c.inStats = true
	for _, it := range cmd.Aggs {
		v, err := c.expr(it.Expr)
		if err != nil {
			c.inStats = false
			return err
		}
		if !hasAggregate(it.Expr) {
			c.inStats = false
			return c.errorf(it.Expr, "stats: %s is not an aggregation, expected a function such as count(*), sum(f) or avg(f)", c.textOf(it.Expr))
		}
		name := it.Alias
		if name == "" {
			name = c.textOf(it.Expr)
		}
		col := c.newCol()
		sel = append(sel, v.sql+" AS "+col)
		cols[name] = value{sql: col, kind: v.kind}
		names = append(names, name)
	}
	c.inStats = false
	s := "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from
	if len(group) > 0 {
		s += " GROUP BY " + strings.Join(group, ", ")
	}
	c.wrap(s)
	c.raw = false
	c.cols = cols
	c.outputs = names
	c.parsed = nil
	c.display = nil
	c.order = order
	return nil
}

// parse extracts fields from a text field with a glob ("…*…") or a regex
// with named groups. A row the pattern does not match gets no such fields.
func (c *compiler) parse(cmd *ParseCmd) error {
	v, err := c.expr(cmd.Field)
	if err != nil {
		return err
	}
	s := c.toString(v)
	var re string
	var names []string
	if cmd.Regex {
		re, names, err = namedGroups(cmd.Pattern)
		if err != nil {
			return query.Errorf("insights", c.text, cmd.PatPos, "parse: %v", err)
		}
		named := 0
		for _, n := range names {
			if n != "" {
				named++
			}
		}
		if named == 0 {
			return query.Errorf("insights", c.text, cmd.PatPos, "parse: the regular expression has no named group, expected (?<name>…)")
		}
	} else {
		re, names = globRegex(cmd.Pattern), cmd.Names
	}
	q, err := query.Quote(re)
	if err != nil {
		return query.Errorf("insights", c.text, cmd.PatPos, "parse: %v", err)
	}
	var adds []string
	for i, name := range names {
		if name == "" {
			continue // an unnamed group only groups
		}
		col := c.newCol()
		adds = append(adds, fmt.Sprintf("CASE WHEN regexp_matches(%s, %s) THEN regexp_extract(%s, %s, %d) END AS %s", s, q, s, q, i+1, col))
		c.cols[name] = value{sql: col, kind: String}
		if c.raw {
			c.parsed = append(c.parsed, name)
		}
	}
	c.wrap("SELECT *, " + strings.Join(adds, ", ") + " FROM " + c.from)
	return nil
}

// dedup keeps the first row (in the current order) of each combination of
// values; rows where one of the fields is missing are all kept.
func (c *compiler) dedup(cmd *DedupCmd) error {
	var parts, nulls []string
	for _, f := range cmd.Fields {
		v, err := c.expr(f)
		if err != nil {
			return err
		}
		parts = append(parts, v.sql)
		nulls = append(nulls, v.sql+" IS NULL")
	}
	c.wrap("SELECT * FROM " + c.from + " QUALIFY " + strings.Join(nulls, " OR ") +
		" OR row_number() OVER (PARTITION BY " + strings.Join(parts, ", ") + c.orderBy() + ") = 1")
	return nil
}

// finish builds the outer SELECT: the result columns as strings, in the
// current order, limited.
func (c *compiler) finish(opts Options) (*query.Compiled, error) {
	names := c.outputs
	if c.display != nil {
		names = nil
		for _, f := range c.display {
			names = append(names, f.Name)
		}
	} else if c.raw && len(names) == 0 {
		names = []string{"@timestamp", "@message"}
	}
	if c.raw && c.display == nil && len(c.outputs) == 0 {
		// With no fields command, fields made by parse show after the
		// default ones; otherwise the fields commands choose.
		for _, p := range c.parsed {
			if !contains(names, p) {
				names = append(names, p)
			}
		}
	}
	if c.raw && !contains(names, "@ptr") {
		names = append(names, "@ptr")
	}
	var sel []string
	var cols []query.Column
	for i, name := range names {
		v, err := c.field(name)
		if err != nil {
			return nil, err
		}
		sel = append(sel, c.toString(v)+" AS "+query.Ident("c"+strconv.Itoa(i+1)))
		cols = append(cols, query.Column{Name: name})
	}
	limit, sqlLimit := c.limit, c.limit
	if limit == 0 {
		limit = opts.Limit
		if limit <= 0 {
			limit = DefaultLimit
		}
		// One row more than the service returns, so the runner can tell
		// that the result was cut (query.Result.Truncated).
		sqlLimit = limit + 1
	}
	s := "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from + c.orderBy() + " LIMIT " + strconv.Itoa(sqlLimit)
	return &query.Compiled{SQL: s, Columns: cols, Limit: limit}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// available lists the fields a stats result has, for error messages.
func (c *compiler) available() string {
	var names []string
	for _, o := range c.outputs {
		names = append(names, strconv.Quote(o))
	}
	return strings.Join(names, ", ")
}

// field resolves a field name in the current relation: a field defined by
// fields/parse/stats, a system field, a discovered typed field, or a path
// into the event's JSON. A field no event has is NULL (absent).
func (c *compiler) field(name string) (value, error) {
	if v, ok := c.cols[name]; ok {
		return v, nil
	}
	if !c.raw {
		return value{}, fmt.Errorf("no field %q after stats, expected one of %s", name, c.available())
	}
	orNull := func(sql string, k Kind) value {
		if sql == "" {
			return value{sql: "CAST(NULL AS VARCHAR)", kind: k}
		}
		return value{sql: sql, kind: k}
	}
	switch name {
	case "@timestamp":
		return value{sql: c.src.Timestamp, kind: Time}, nil
	case "@message":
		return orNull(c.src.Message, String), nil
	case "@logStream":
		return orNull(c.src.LogStream, String), nil
	case "@log":
		return orNull(c.src.Log, String), nil
	case "@ptr":
		return orNull(c.src.Ptr, String), nil
	}
	if f, ok := c.src.Fields[name]; ok {
		return value{sql: f.SQL, kind: f.Kind}, nil
	}
	if c.src.JSON == "" {
		return value{sql: "CAST(NULL AS VARCHAR)", kind: kindAny}, nil
	}
	ptr, err := query.Quote(jsonPointer(name))
	if err != nil {
		return value{}, err
	}
	return value{sql: "json_extract_string(" + c.src.JSON + ", " + ptr + ")", kind: kindAny}, nil
}

// jsonPointer turns a flattened Insights name (a.b.0.c) into a JSON
// pointer (/a/b/0/c): a numeric step indexes an array, or names an object
// key, whichever the event has — as the service's flattening does.
func jsonPointer(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, ".") {
		b.WriteByte('/')
		part = strings.ReplaceAll(part, "~", "~0")
		b.WriteString(strings.ReplaceAll(part, "/", "~1"))
	}
	return b.String()
}
