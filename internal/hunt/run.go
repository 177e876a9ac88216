package hunt

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// Status is how a hunt's run ended.
type Status string

// The statuses of a hunt run.
const (
	StatusFindings   Status = "findings"    // the detection returned rows
	StatusNoFindings Status = "no findings" // it ran over data and returned none
	StatusNoData     Status = "no data"     // a source table is empty: nothing could be found
	StatusError      Status = "error"       // the hunt failed; Err says why
	// StatusConsoleOnly is a hunt with no query: the playbook's steps are
	// clicks in a web console (its procedures say which). It is neither a
	// finding nor missing data.
	StatusConsoleOnly Status = "console only"
)

// RunOptions are the user's choices for a run.
type RunOptions struct {
	// Since and Until bound the time window (inclusive). Nil means the
	// first (last) time of the hunt's sources in the case.
	Since, Until *time.Time
	// Params are --param values by name, as text; CheckParams rules apply.
	Params map[string]string
	// Workers is how many hunts run at once; zero means DefaultWorkers.
	Workers int
}

// DefaultWorkers keeps two queries in flight: each DuckDB query already
// uses every core, so more would only compete for memory.
const DefaultWorkers = 2

// Result is one hunt's run.
type Result struct {
	Hunt   *Hunt
	Status Status
	// Note explains a status other than findings, e.g. "no cloudtrail in
	// this case".
	Note string
	// Err is why the hunt failed (StatusError only).
	Err error
	// Since and Until are the window the query ran with; zero when the
	// case holds no time for the hunt's sources and the user gave none.
	Since, Until time.Time
	// Params are the parameter values the query ran with.
	Params []Value
	// Columns and Rows are the findings. Values are string, int64,
	// float64, bool, time.Time (UTC), nil, or []any / map[string]any of
	// those for lists, structs and JSON.
	Columns []string
	Rows    [][]any
	// Chart is how a KQL detection's `render` would draw the rows; nil
	// when it has none.
	Chart *query.Chart
	// Duration is how long the hunt took, query and reading included.
	Duration time.Duration
}

// Run runs hunts over the case and returns one result per hunt, in the
// order given. A hunt that fails does not stop the others: its result has
// StatusError. Run itself fails only when the options are wrong (a bad
// --param, a window that ends before it starts), before any hunt runs.
func Run(ctx context.Context, c *store.Case, hunts []*Hunt, opts RunOptions) ([]Result, error) {
	if err := CheckParams(hunts, opts.Params); err != nil {
		return nil, err
	}
	if opts.Since != nil && opts.Until != nil && opts.Until.Before(*opts.Since) {
		return nil, fmt.Errorf("the window ends (%s) before it starts (%s)", opts.Until.UTC().Format(time.RFC3339), opts.Since.UTC().Format(time.RFC3339))
	}
	stats := tableStats(ctx, c, hunts)

	workers := opts.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	results := make([]Result, len(hunts))
	slots := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, h := range hunts {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i] = runHunt(ctx, c, h, stats, opts)
		})
	}
	wg.Wait()
	return results, nil
}

// sourceStats is what the case holds of one table: how many rows and the
// time range they cover.
type sourceStats struct {
	rows        int64
	first, last sql.NullTime
	err         error
}

// tableStats reads, once per table, the row count and time range of every
// table the hunts read. A table the case does not have counts as empty.
func tableStats(ctx context.Context, c *store.Case, hunts []*Hunt) map[string]sourceStats {
	stats := map[string]sourceStats{}
	for _, h := range hunts {
		for _, name := range h.Sources {
			if _, done := stats[name]; done {
				continue
			}
			t := c.Table(name)
			if t == nil {
				stats[name] = sourceStats{}
				continue
			}
			var s sourceStats
			q := fmt.Sprintf(`SELECT count(*), min(%[1]s), max(%[1]s) FROM %[2]s`, store.QuoteIdent(t.TimeColumn), store.QuoteIdent(t.Name))
			if err := c.DB.QueryRowContext(ctx, q).Scan(&s.rows, &s.first, &s.last); err != nil {
				s.err = fmt.Errorf("read %s: %w", name, err)
			}
			stats[name] = s
		}
	}
	return stats
}

// runHunt runs one hunt. It never fails: problems end up in the result.
func runHunt(ctx context.Context, c *store.Case, h *Hunt, stats map[string]sourceStats, opts RunOptions) Result {
	start := time.Now()
	r := Result{Hunt: h}
	fail := func(err error) Result {
		r.Status = StatusError
		r.Err = err
		r.Note = err.Error()
		r.Duration = time.Since(start)
		return r
	}
	if h.ConsoleOnly() {
		r.Status = StatusConsoleOnly
		r.Note = "no log records this; follow the procedures in the console"
		return r
	}

	params, err := values(h, opts.Params)
	if err != nil {
		return fail(err)
	}
	r.Params = params

	// The default window is the time range of the hunt's sources, so that
	// old evidence is hunted whole whatever today's date is.
	var empty []string
	var first, last time.Time
	for _, name := range h.Sources {
		if c.Table(name) == nil {
			r.Status = StatusNoData
			r.Note = "this case has no " + name + " table"
			r.Duration = time.Since(start)
			return r
		}
		s := stats[name]
		if s.err != nil {
			return fail(s.err)
		}
		if s.rows == 0 {
			empty = append(empty, name)
		}
		if s.first.Valid && (first.IsZero() || s.first.Time.Before(first)) {
			first = s.first.Time
		}
		if s.last.Valid && s.last.Time.After(last) {
			last = s.last.Time
		}
	}
	r.Since, r.Until = first.UTC(), last.UTC()
	if opts.Since != nil {
		r.Since = opts.Since.UTC()
	}
	if opts.Until != nil {
		r.Until = opts.Until.UTC()
	}
	// With no time in the sources (no rows, or none with a time) the
	// window stays unknown (zero) in the result; the query still runs over
	// all time, so that it names its columns.
	since, until := r.Since, r.Until
	if since.IsZero() && opts.Since == nil {
		since = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if until.IsZero() && opts.Until == nil {
		until = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	}

	if h.Detection.Lang == LangKQL {
		r.Columns, r.Rows, r.Chart, err = runKQL(ctx, c, h, since, until, params)
	} else {
		r.Columns, r.Rows, err = runSQL(ctx, c, h, since, until, params)
	}
	if err != nil {
		return fail(err)
	}
	r.Duration = time.Since(start)

	switch {
	case len(r.Rows) > 0:
		r.Status = StatusFindings
		if len(empty) > 0 {
			r.Note = "searched without " + strings.Join(empty, " or ") + ": none in this case"
		}
	case len(empty) > 0:
		// An empty source cannot yield findings; saying "no findings"
		// would claim the hunt looked and found nothing.
		r.Status = StatusNoData
		r.Note = "no " + strings.Join(empty, " or ") + " in this case"
	default:
		r.Status = StatusNoFindings
	}
	return r
}

// runSQL runs a DuckDB SQL detection. Every value is bound by name: user
// text never becomes SQL. Scalars carry their DuckDB type explicitly so
// that binding does not depend on what DuckDB can infer from the query;
// lists bind as DuckDB lists.
func runSQL(ctx context.Context, c *store.Case, h *Hunt, since, until time.Time, params []Value) ([]string, [][]any, error) {
	args := []any{
		sql.Named(ParamSince, duckdb.Typed(since, duckdb.TYPE_TIMESTAMP)),
		sql.Named(ParamUntil, duckdb.Typed(until, duckdb.TYPE_TIMESTAMP)),
	}
	for _, v := range params {
		args = append(args, sql.Named(v.Name, bindValue(v.Value)))
	}
	return runQuery(ctx, c, h.Detection.Query, args)
}

// runKQL compiles a KQL detection with this run's values as lets (see
// kql.go) and runs it. Columns are named as KQL names them (count_ …).
func runKQL(ctx context.Context, c *store.Case, h *Hunt, since, until time.Time, params []Value) ([]string, [][]any, *query.Chart, error) {
	compiled, err := compileKQL(h, c, since, until, params)
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := query.Run(ctx, c.DB, compiled)
	if err != nil {
		return nil, nil, nil, err
	}
	columns := make([]string, len(res.Columns))
	for i, col := range res.Columns {
		columns[i] = col.Name
	}
	return columns, res.Rows, res.Chart, nil
}

// runQuery runs one detection query and reads its rows. duckdb-go panics on
// some binding mistakes (a Go value of another type than DuckDB inferred);
// that becomes this hunt's error instead of ending the whole run.
func runQuery(ctx context.Context, c *store.Case, q string, args []any) (columns []string, data [][]any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error running the query: %v", p)
		}
	}()
	rows, err := c.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	return ReadRows(rows)
}

func bindValue(v any) any {
	switch v := v.(type) {
	case string:
		return duckdb.Typed(v, duckdb.TYPE_VARCHAR)
	case int64:
		return duckdb.Typed(v, duckdb.TYPE_BIGINT)
	case float64:
		return duckdb.Typed(v, duckdb.TYPE_DOUBLE)
	}
	return v // []string, []int64: DuckDB lists
}

// Failed reports whether any result is an error, and joins their errors.
func Failed(results []Result) error {
	var errs []error
	for _, r := range results {
		if r.Status == StatusError {
			errs = append(errs, fmt.Errorf("%s: %w", r.Hunt.ID, r.Err))
		}
	}
	return errors.Join(errs...)
}
