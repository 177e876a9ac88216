// Package query holds what every query language of cloudhunt shares: the
// compiled form a language compiler hands over (DuckDB SQL plus the result's
// column names and types in the language's own terms), the positioned error
// a compiler reports, the SQL quoting every compiler uses for literals and
// identifiers, and the runner that executes compiled SQL on a case.
//
// Each language lives in its own sub-package (query/kql, query/insights,
// query/athena) as lexer → parser (AST with positions) → compiler.
package query

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Error is a query the language would reject, with the place it went wrong.
// Line and Col are 1-based; Col counts characters (runes), not bytes.
type Error struct {
	Lang string // "kql", "insights", "athena", "sql"
	Line int
	Col  int
	Msg  string // what was found and what was expected
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Lang, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Lang, e.Line, e.Col, e.Msg)
}

// Position turns a byte offset in src into a 1-based line and column
// (column in runes), for Error.
func Position(src string, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line, col = 1, 1
	for _, r := range src[:offset] {
		if r == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	return line, col
}

// Errorf builds an Error at a byte offset of src.
func Errorf(lang, src string, offset int, format string, args ...any) *Error {
	line, col := Position(src, offset)
	return &Error{Lang: lang, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Column is one column of a query result: its name as the language names it
// and its type in the language's own type names (KQL: string, long, int,
// real, bool, datetime, timespan, dynamic, guid; Athena: varchar, bigint,
// integer, double, boolean, timestamp, …; Logs Insights: empty — every
// value is a string there).
type Column struct {
	Name string
	Type string
}

// Chart is a KQL `render` hint kept with the result: the data is unchanged,
// the kind and properties say how the service would have drawn it.
type Chart struct {
	Kind       string            // columnchart, timechart, …
	Properties map[string]string // with (title="…", …)
}

// Compiled is a query turned into one DuckDB SELECT over the case's tables.
type Compiled struct {
	SQL string
	// Args are bound to the SQL's positional parameters ($1, $2 …), when
	// the compiler chose to bind values rather than quote them.
	Args []any
	// Columns are the result's columns, in order, one per SQL output
	// column; the SQL's own column names are not relied upon.
	Columns []Column
	Chart   *Chart
	// Limit, when positive, is the most rows the service would return
	// (Logs Insights: 10,000); Run reads one more row to tell when the
	// result was cut and says so in Result.Truncated.
	Limit int
}

// Result is what a query returned.
type Result struct {
	Columns   []Column
	Rows      [][]any // string, int64, float64, bool, time.Time, time.Duration, nil, []any, map[string]any
	Chart     *Chart
	Truncated bool // more rows matched than Compiled.Limit
	Duration  time.Duration
}

// Run executes c on db (a read-only connection to the case) and reads all
// its rows. duckdb-go panics on a few binding mistakes; those become errors.
func Run(ctx context.Context, db *sql.DB, c *Compiled) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error running the query: %v", p)
		}
	}()
	start := time.Now()
	rows, err := db.QueryContext(ctx, c.SQL, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("running the compiled query: %w", err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res = &Result{Columns: c.Columns, Chart: c.Chart, Rows: [][]any{}}
	if len(res.Columns) != len(names) {
		// A compiler that did not say its columns: name them as the SQL does.
		res.Columns = make([]Column, len(names))
		for i, n := range names {
			res.Columns[i] = Column{Name: n}
		}
	}
	for rows.Next() {
		if c.Limit > 0 && len(res.Rows) == c.Limit {
			res.Truncated = true
			break
		}
		row := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range row {
			row[i] = Normalize(v)
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// Normalize turns what duckdb-go scans into the few Go types results use:
// string, int64, float64, bool, time.Time (UTC), time.Duration, nil, []any and
// map[string]any (nested the same way). Other integer widths widen to
// int64; HUGEINT (*big.Int) becomes int64 when it fits, else its digits;
// DECIMAL becomes float64; []byte becomes string.
func Normalize(v any) any {
	switch v := v.(type) {
	case nil, string, bool, int64, float64:
		return v
	case int:
		return int64(v)
	case int8:
		return int64(v)
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case uint8:
		return int64(v)
	case uint16:
		return int64(v)
	case uint32:
		return int64(v)
	case uint64:
		if v > 1<<63-1 {
			return float64(v)
		}
		return int64(v)
	case float32:
		return float64(v)
	case time.Time:
		return v.UTC()
	case []byte:
		return string(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = Normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = Normalize(e)
		}
		return out
	case *big.Int:
		if v.IsInt64() {
			return v.Int64()
		}
		return v.String() // exact, where a float would round
	case duckdb.UUID:
		return (&v).String()
	case duckdb.Interval:
		// KQL timespans and Athena intervals: days and microseconds (a
		// month counts as 30 days, as DuckDB's own epoch() counts it).
		days := int64(v.Months)*30 + int64(v.Days)
		return time.Duration(days)*24*time.Hour + time.Duration(v.Micros)*time.Microsecond
	case interface{ Float64() float64 }: // DECIMAL
		return v.Float64()
	case fmt.Stringer: // UUID, INTERVAL
		return v.String()
	}
	return fmt.Sprint(v)
}

// Quote returns s as a DuckDB string literal. It is the one way compilers
// put a value taken from query text into SQL: every quote is doubled, and
// text DuckDB could misread (a NUL byte, invalid UTF-8) is refused rather
// than passed through.
func Quote(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("a string holds a NUL character")
	}
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("a string is not valid UTF-8")
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
}

// MustQuote is Quote for text known to be clean (a compiler's own constants).
func MustQuote(s string) string {
	q, err := Quote(s)
	if err != nil {
		panic(err)
	}
	return q
}

// Ident returns name as a DuckDB quoted identifier (double quotes doubled).
// Column names in KQL, Insights and Athena can hold any character once
// quoted, so compilers always quote them.
func Ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Schema is what a compiler needs of the case: its tables and their typed
// columns. *store.Case satisfies it.
type Schema interface {
	Table(name string) *source.Table
}
