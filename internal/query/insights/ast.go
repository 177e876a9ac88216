package insights

// The AST of a query: a pipeline of commands over expressions. Every node
// records its byte span in the query text, for error positions and for the
// names of unaliased result columns (the service names them by their text).

// Node is anything with a span in the query.
type Node interface {
	Span() (pos, end int)
}

type span struct{ Pos, End int }

func (s span) Span() (int, int) { return s.Pos, s.End }

// Pipeline is a whole query: commands separated by |.
type Pipeline struct {
	Commands []Command
}

// Command is one stage of the pipeline.
type Command interface {
	Node
	command()
}

// Item is an expression with an optional alias (fields, stats).
type Item struct {
	Expr  Expr
	Alias string // "" = none
}

// FieldsCmd is `fields a, b, expr as c`.
type FieldsCmd struct {
	span
	Items []Item
}

// DisplayCmd is `display a, b`.
type DisplayCmd struct {
	span
	Fields []*FieldRef
}

// FilterCmd is `filter cond`.
type FilterCmd struct {
	span
	Cond Expr
}

// StatsCmd is `stats agg [as n], … [by expr [as n], …]`.
type StatsCmd struct {
	span
	Aggs []Item
	By   []Item
}

// SortKey is one key of a sort command.
type SortKey struct {
	Expr Expr
	Desc bool
}

// SortCmd is `sort a [asc|desc], …`.
type SortCmd struct {
	span
	Keys []SortKey
}

// LimitCmd is `limit N`.
type LimitCmd struct {
	span
	N int
}

// ParseCmd is `parse field "glob * glob" as a, b` or `parse field /(?<a>re)/`.
type ParseCmd struct {
	span
	Field   Expr
	Pattern string
	PatPos  int
	Regex   bool
	Names   []string // glob: the names after as
}

// DedupCmd is `dedup a, b`.
type DedupCmd struct {
	span
	Fields []*FieldRef
}

func (*FieldsCmd) command()  {}
func (*DisplayCmd) command() {}
func (*FilterCmd) command()  {}
func (*StatsCmd) command()   {}
func (*SortCmd) command()    {}
func (*LimitCmd) command()   {}
func (*ParseCmd) command()   {}
func (*DedupCmd) command()   {}

// Expr is a value-producing node.
type Expr interface {
	Node
	expr()
}

// FieldRef names a field: @timestamp, srcAddr, a.b.0, `x-y`.
type FieldRef struct {
	span
	Name string
}

// StringLit is "…" or '…'.
type StringLit struct {
	span
	Val string
}

// NumberLit is 22 or 2.5, kept as written.
type NumberLit struct {
	span
	Val string
}

// RegexLit is /…/.
type RegexLit struct {
	span
	Pattern string
}

// DurationLit is a period such as 5m or 1h.
type DurationLit struct {
	span
	Val string
}

// ListLit is [a, b] (the right side of in).
type ListLit struct {
	span
	Elems []Expr
}

// Call is a function call; Star marks count(*).
type Call struct {
	span
	Name string
	Args []Expr
	Star bool
}

// Unary is `not x` or `-x`.
type Unary struct {
	span
	Op string
	X  Expr
}

// Binary is x op y. Op is one of: or and = != < <= > >= like "not like"
// =~ in "not in" + - * / % ^ ("==" is stored as "=", "~=" as "=~").
type Binary struct {
	span
	Op   string
	L, R Expr
}

func (*FieldRef) expr()    {}
func (*StringLit) expr()   {}
func (*NumberLit) expr()   {}
func (*RegexLit) expr()    {}
func (*DurationLit) expr() {}
func (*ListLit) expr()     {}
func (*Call) expr()        {}
func (*Unary) expr()       {}
func (*Binary) expr()      {}
