package athena

// The syntax tree of the SELECT subset. Every node keeps the byte offset
// where it starts in the query text, so later stages can point at it.

// Query is a full query: optional WITH, a body (one SELECT or a set
// operation over several), then ORDER BY, OFFSET and LIMIT over the whole.
type Query struct {
	Pos     int
	With    []*CTE
	Body    queryBody
	OrderBy []*OrderItem
	Offset  *Literal
	Limit   *Literal // nil: no limit (LIMIT ALL too)
}

// CTE is one `name AS (query)` of a WITH clause.
type CTE struct {
	Pos   int
	Name  string
	Query *Query
}

// queryBody is a *Select, a *SetOp, or a parenthesised *Query.
type queryBody interface{ bodyPos() int }

// SetOp is `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right`.
type SetOp struct {
	Pos         int // of the operator keyword
	Op          string
	All         bool
	Left, Right queryBody
}

// Select is one SELECT … FROM … WHERE … GROUP BY … HAVING ….
type Select struct {
	Pos      int
	Distinct bool
	Items    []*SelectItem
	From     relation // nil for SELECT without FROM
	Where    Expr
	GroupBy  []Expr
	Having   Expr
}

// SelectItem is `expr [[AS] alias]`, `*` or `t.*`.
type SelectItem struct {
	Pos       int
	Star      bool
	Qualifier string // t of t.*
	Expr      Expr
	Alias     string
	HasAlias  bool
}

// OrderItem is `expr [ASC|DESC] [NULLS FIRST|LAST]`.
type OrderItem struct {
	Expr       Expr
	Desc       bool
	NullsFirst *bool // nil: Trino's default, NULLS LAST
}

func (q *Query) bodyPos() int  { return q.Pos }
func (s *SetOp) bodyPos() int  { return s.Pos }
func (s *Select) bodyPos() int { return s.Pos }

// relation is a FROM item: *TableRef, *SubqueryRef or *Join.
type relation interface{ relPos() int }

// TableRef names a table or a WITH query.
type TableRef struct {
	Pos   int
	Name  string
	Alias string
}

// SubqueryRef is `(query) [[AS] alias]`; Athena lets the alias out.
type SubqueryRef struct {
	Pos   int
	Query *Query
	Alias string
}

// Join is `left [INNER|LEFT|RIGHT|FULL|CROSS] JOIN right [ON cond | USING (cols)]`.
type Join struct {
	Pos         int
	Kind        string // INNER, LEFT, RIGHT, FULL, CROSS
	Left, Right relation
	On          Expr
	Using       []string
}

func (t *TableRef) relPos() int    { return t.Pos }
func (s *SubqueryRef) relPos() int { return s.Pos }
func (j *Join) relPos() int        { return j.Pos }

// Expr is an expression node.
type Expr interface{ exprPos() int }

// Name is a column reference, possibly qualified by a table and followed
// by struct fields: col, t.col, useridentity.sessioncontext.sessionissuer.
type Name struct {
	Pos   int
	Parts []string
}

// LitKind says what a Literal is.
type LitKind int

const (
	LitString LitKind = iota
	LitNumber
	LitBool
	LitNull
	LitDate
	LitTimestamp
	LitInterval
)

// Literal is a constant. For LitInterval, Text is the quantity (with a
// leading "-" for `INTERVAL -'1' DAY`) and Unit the field (DAY, HOUR …).
type Literal struct {
	Pos  int
	Kind LitKind
	Text string
	Unit string
}

// Unary is `-x`, `+x` or `NOT x`.
type Unary struct {
	Pos int
	Op  string
	X   Expr
}

// Binary is `x op y` for AND, OR, comparisons, arithmetic and ||.
type Binary struct {
	Pos   int // of x
	OpPos int // of the operator
	Op    string
	X, Y  Expr
}

// Between is `x [NOT] BETWEEN lo AND hi`.
type Between struct {
	Pos       int
	Not       bool
	X, Lo, Hi Expr
}

// In is `x [NOT] IN (list)` or `x [NOT] IN (subquery)`.
type In struct {
	Pos   int
	Not   bool
	X     Expr
	List  []Expr
	Query *Query
}

// Like is `x [NOT] LIKE pattern [ESCAPE esc]`.
type Like struct {
	Pos     int
	Not     bool
	X       Expr
	Pattern Expr
	Escape  Expr
}

// IsNull is `x IS [NOT] NULL`.
type IsNull struct {
	Pos int
	Not bool
	X   Expr
}

// Case is `CASE [operand] WHEN … THEN … [ELSE …] END`.
type Case struct {
	Pos     int
	Operand Expr
	Whens   []When
	Else    Expr
}

// When is one WHEN cond THEN result.
type When struct {
	Cond, Result Expr
}

// Cast is `CAST(x AS type)` or `TRY_CAST(x AS type)`.
type Cast struct {
	Pos  int
	Try  bool
	X    Expr
	Type string // Athena type name as written, lower-cased: varchar, bigint, decimal(10,2) …
}

// Call is a function call: name(args), count(*), count(DISTINCT x).
type Call struct {
	Pos      int
	Name     string
	Distinct bool
	Star     bool
	Args     []Expr
}

// Extract is `EXTRACT(field FROM x)`.
type Extract struct {
	Pos   int
	Field string
	X     Expr
}

// Subscript is `x[index]`.
type Subscript struct {
	Pos      int
	X, Index Expr
}

// Field is `x.name` on an expression other than a plain name, e.g.
// `resources[1].arn`.
type Field struct {
	Pos  int
	X    Expr
	Name string
}

// Exists is `EXISTS (query)`.
type Exists struct {
	Pos   int
	Query *Query
}

// ScalarQuery is `(query)` used as a value.
type ScalarQuery struct {
	Pos   int
	Query *Query
}

// Paren is `(x)`, kept so that printing keeps the user's grouping.
type Paren struct {
	Pos int
	X   Expr
}

func (e *Name) exprPos() int        { return e.Pos }
func (e *Literal) exprPos() int     { return e.Pos }
func (e *Unary) exprPos() int       { return e.Pos }
func (e *Binary) exprPos() int      { return e.Pos }
func (e *Between) exprPos() int     { return e.Pos }
func (e *In) exprPos() int          { return e.Pos }
func (e *Like) exprPos() int        { return e.Pos }
func (e *IsNull) exprPos() int      { return e.Pos }
func (e *Case) exprPos() int        { return e.Pos }
func (e *Cast) exprPos() int        { return e.Pos }
func (e *Call) exprPos() int        { return e.Pos }
func (e *Extract) exprPos() int     { return e.Pos }
func (e *Subscript) exprPos() int   { return e.Pos }
func (e *Field) exprPos() int       { return e.Pos }
func (e *Exists) exprPos() int      { return e.Pos }
func (e *ScalarQuery) exprPos() int { return e.Pos }
func (e *Paren) exprPos() int       { return e.Pos }
