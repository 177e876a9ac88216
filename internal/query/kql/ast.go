package kql

import (
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// The AST of a KQL query. Every node keeps the byte offset where it starts
// (for binary operators: where the operator is), so the compiler can point
// at the place a problem comes from.

// Query is the whole text: let statements, then one tabular expression.
type Query struct {
	Lets []*Let
	Body *Pipeline
}

// Let binds a name to a scalar expression or to a tabular expression.
type Let struct {
	Pos  int
	Name string
	Expr Expr      // the value, when it parsed as a scalar expression
	Tab  *Pipeline // the value, when it is tabular (T | …, or (T | …))
}

// Pipeline is a source followed by operators: T | where … | project ….
type Pipeline struct {
	Pos    int
	Source Source
	Ops    []Op
}

// Source is where a pipeline's rows come from: a table or let name, a
// parenthesised pipeline, or a leading union.
type Source interface{ sourcePos() int }

// TableRef names a table or a tabular let.
type TableRef struct {
	Pos  int
	Name string
}

func (t *TableRef) sourcePos() int { return t.Pos }
func (p *Pipeline) sourcePos() int { return p.Pos }
func (u *UnionOp) sourcePos() int  { return u.Pos }

// Op is one tabular operator after a '|'.
type Op interface{ opPos() int }

// Item is an output column of project/extend/summarize/distinct: Name is
// empty when the query did not name it.
type Item struct {
	Name    string
	NamePos int
	Expr    Expr
}

// SortKey is one key of sort/order by/top.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// JoinKey is one equality of join … on: `on a` has Left == Right == "a".
type JoinKey struct {
	Pos         int
	Left, Right string
}

// ParsePart is one element of a parse pattern: *, a string literal, or a
// column (name with an optional :type).
type ParsePart struct {
	Pos  int
	Star bool
	Lit  string
	Col  string
	Type string
}

// MvItem is one column of mv-expand.
type MvItem struct {
	Name   string
	Expr   Expr
	ToType string // from `to typeof(t)`; empty keeps dynamic
}

// Rename is one pair of project-rename new = old.
type Rename struct {
	Pos      int
	New, Old string
}

type (
	WhereOp struct {
		Pos  int
		Pred Expr
	}
	ProjectOp struct {
		Pos   int
		Items []Item
	}
	ProjectAwayOp struct {
		Pos   int
		Names []*Ident
	}
	ProjectRenameOp struct {
		Pos   int
		Pairs []Rename
	}
	ExtendOp struct {
		Pos   int
		Items []Item
	}
	SummarizeOp struct {
		Pos  int
		Aggs []Item
		By   []Item
	}
	SortOp struct {
		Pos  int
		Keys []SortKey
	}
	TopOp struct {
		Pos  int
		N    int64
		Keys []SortKey
	}
	TakeOp struct {
		Pos int
		N   int64
	}
	DistinctOp struct {
		Pos   int
		Star  bool
		Items []Item
	}
	CountOp struct {
		Pos int
	}
	JoinOp struct {
		Pos   int
		Kind  string
		Right *Pipeline
		On    []JoinKey
	}
	UnionOp struct {
		Pos        int
		WithSource string
		Tables     []*Pipeline
	}
	MvExpandOp struct {
		Pos   int
		Items []MvItem
	}
	ParseOp struct {
		Pos   int
		Expr  Expr
		Parts []ParsePart
	}
	RenderOp struct {
		Pos   int
		Chart query.Chart
	}
)

func (o *WhereOp) opPos() int         { return o.Pos }
func (o *ProjectOp) opPos() int       { return o.Pos }
func (o *ProjectAwayOp) opPos() int   { return o.Pos }
func (o *ProjectRenameOp) opPos() int { return o.Pos }
func (o *ExtendOp) opPos() int        { return o.Pos }
func (o *SummarizeOp) opPos() int     { return o.Pos }
func (o *SortOp) opPos() int          { return o.Pos }
func (o *TopOp) opPos() int           { return o.Pos }
func (o *TakeOp) opPos() int          { return o.Pos }
func (o *DistinctOp) opPos() int      { return o.Pos }
func (o *CountOp) opPos() int         { return o.Pos }
func (o *JoinOp) opPos() int          { return o.Pos }
func (o *UnionOp) opPos() int         { return o.Pos }
func (o *MvExpandOp) opPos() int      { return o.Pos }
func (o *ParseOp) opPos() int         { return o.Pos }
func (o *RenderOp) opPos() int        { return o.Pos }

// Expr is a scalar expression.
type Expr interface{ exprPos() int }

type (
	// Ident is a column, a scalar let, or $left.x / $right.x in a join.
	Ident struct {
		Pos  int
		Name string
	}
	StringLit struct {
		Pos int
		Val string
	}
	NumberLit struct {
		Pos    int
		Text   string
		IsReal bool
	}
	BoolLit struct {
		Pos int
		Val bool
	}
	TimespanLit struct {
		Pos    int
		Micros int64
	}
	DatetimeLit struct {
		Pos int
		T   time.Time
	}
	DynamicLit struct {
		Pos  int
		JSON string
	}
	// Binary is a two-operand operator: and, or, ==, contains, +, ….
	Binary struct {
		Pos  int
		Op   string
		L, R Expr
	}
	// Unary is -x.
	Unary struct {
		Pos int
		Op  string
		X   Expr
	}
	Call struct {
		Pos  int
		Name string
		Args []Expr
	}
	// Member is d.key on a dynamic value.
	Member struct {
		Pos  int
		X    Expr
		Name string
	}
	// Index is d[0] or d['key'].
	Index struct {
		Pos int
		X   Expr
		Idx Expr
	}
	Between struct {
		Pos       int
		Not       bool
		X, Lo, Hi Expr
	}
	// In is x in (…), !in, in~, !in~.
	In struct {
		Pos  int
		Op   string
		X    Expr
		List []Expr
	}
	// Star is * as an argument: count(*), arg_max(t, *).
	Star struct {
		Pos int
	}
)

func (e *Ident) exprPos() int       { return e.Pos }
func (e *StringLit) exprPos() int   { return e.Pos }
func (e *NumberLit) exprPos() int   { return e.Pos }
func (e *BoolLit) exprPos() int     { return e.Pos }
func (e *TimespanLit) exprPos() int { return e.Pos }
func (e *DatetimeLit) exprPos() int { return e.Pos }
func (e *DynamicLit) exprPos() int  { return e.Pos }
func (e *Binary) exprPos() int      { return e.Pos }
func (e *Unary) exprPos() int       { return e.Pos }
func (e *Call) exprPos() int        { return e.Pos }
func (e *Member) exprPos() int      { return e.Pos }
func (e *Index) exprPos() int       { return e.Pos }
func (e *Between) exprPos() int     { return e.Pos }
func (e *In) exprPos() int          { return e.Pos }
func (e *Star) exprPos() int        { return e.Pos }

// errorAt is the positioned error every stage reports.
func errorAt(src string, offset int, format string, args ...any) *query.Error {
	return query.Errorf("kql", src, offset, format, args...)
}
