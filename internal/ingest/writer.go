package ingest

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// batchRows is how many rows a parser hands the writer at once.
const batchRows = 1024

// Commit points. The writer commits the appended rows, then the _evidence
// rows of the files they belong to, when this many rows or files are
// pending: often enough to bound memory, rarely enough that the thousands of
// small files of an S3 CloudTrail dump do not each pay for a commit.
const (
	flushRows  = 64 * 1024
	flushFiles = 512
)

// writerMsg is either a batch of rows or the end of one file.
type writerMsg struct {
	table string
	rows  [][]any
	file  *store.Evidence // for a batch: whose rows; alone: the file is done
}

// writer is the one goroutine that loads rows into the case: DuckDB's
// appender is not safe for concurrent use, and parallel appenders do not
// load faster (measured), so parsers run in parallel and feed it.
type writer struct {
	c         *store.Case
	in        chan writerMsg
	appenders map[string]*store.Appender
	rows      int
	files     []*store.Evidence
}

func newWriter(c *store.Case) *writer {
	return &writer{c: c, in: make(chan writerMsg, 16), appenders: map[string]*store.Appender{}}
}

// run loads what arrives on w.in until it is closed. After a failure it
// keeps draining w.in, so that parsers blocked on a send can finish.
func (w *writer) run(ctx context.Context) (err error) {
	defer func() {
		for _, a := range w.appenders {
			if cerr := a.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
	}()
	for msg := range w.in {
		if err != nil {
			continue
		}
		if err = ctx.Err(); err == nil {
			err = w.handle(msg)
		}
	}
	if err != nil {
		return err
	}
	return w.flush()
}

func (w *writer) handle(msg writerMsg) error {
	if msg.rows == nil {
		w.files = append(w.files, msg.file)
		if len(w.files) >= flushFiles {
			return w.flush()
		}
		return nil
	}
	app, err := w.appender(msg.table)
	if err != nil {
		return err
	}
	for _, row := range msg.rows {
		if err := app.Append(row); err != nil {
			// Parsers hand over typed values; a failure here is a bug in a
			// parser, not bad evidence, so the run stops loudly.
			return fmt.Errorf("load %s, record %v: %w", msg.file.Path, row[len(row)-2], err)
		}
	}
	w.rows += len(msg.rows)
	if w.rows >= flushRows {
		return w.flush()
	}
	return nil
}

func (w *writer) appender(table string) (*store.Appender, error) {
	if a, ok := w.appenders[table]; ok {
		return a, nil
	}
	a, err := w.c.NewAppender(table)
	if err != nil {
		return nil, err
	}
	w.appenders[table] = a
	return a, nil
}

// flush commits the pending rows, then records the finished files. The
// order matters: a file is in the case only once all its rows are.
func (w *writer) flush() error {
	for table, a := range w.appenders {
		if table == store.EvidenceTable || table == store.IssuesTable {
			continue // after the rows, below
		}
		if err := a.Flush(); err != nil {
			return fmt.Errorf("commit rows of %s: %w", table, err)
		}
	}
	w.rows = 0
	if len(w.files) == 0 {
		return nil
	}
	evidence, err := w.appender(store.EvidenceTable)
	if err != nil {
		return err
	}
	issues, err := w.appender(store.IssuesTable)
	if err != nil {
		return err
	}
	if err := store.AddEvidence(evidence, issues, w.files); err != nil {
		return err
	}
	w.files = w.files[:0]
	return nil
}

// rowWriter is the source.RowWriter a parser writes one file's rows to.
type rowWriter struct {
	w        *writer
	table    *source.Table
	ev       *store.Evidence
	timeIdx  int
	batch    [][]any
	records  *atomic.Int64
	rejected *atomic.Int64
}

func newRowWriter(w *writer, t *source.Table, ev *store.Evidence, records, rejected *atomic.Int64) *rowWriter {
	idx := -1
	for i, c := range t.Columns {
		if c.Name == t.TimeColumn {
			idx = i
		}
	}
	return &rowWriter{w: w, table: t, ev: ev, timeIdx: idx, records: records, rejected: rejected}
}

func (rw *rowWriter) Row(loc source.Location, values []any) error {
	if len(values) != len(rw.table.Columns) {
		return fmt.Errorf("parser bug: %d values for the %d columns of %s", len(values), len(rw.table.Columns), rw.table.Name)
	}
	if rw.timeIdx >= 0 {
		if t, ok := values[rw.timeIdx].(time.Time); ok {
			rw.noteTime(t)
		}
	}
	rw.ev.Records++
	rw.records.Add(1)
	record := loc.Record
	if record == 0 {
		record = rw.ev.Records
	}
	var line any
	if loc.Line > 0 {
		line = loc.Line
	}
	row := make([]any, 0, len(values)+3)
	row = append(row, values...)
	row = append(row, int32(rw.ev.ID), record, line)
	rw.batch = append(rw.batch, row)
	if len(rw.batch) >= batchRows {
		rw.send()
	}
	return nil
}

func (rw *rowWriter) noteTime(t time.Time) {
	t = t.UTC()
	if rw.ev.FirstTime == nil || t.Before(*rw.ev.FirstTime) {
		rw.ev.FirstTime = &t
	}
	if rw.ev.LastTime == nil || t.After(*rw.ev.LastTime) {
		t := t
		rw.ev.LastTime = &t
	}
}

func (rw *rowWriter) Reject(loc source.Location, reason string) {
	rw.ev.Rejected++
	rw.rejected.Add(1)
	rw.issue(store.IssueReject, loc, reason)
}

func (rw *rowWriter) Warn(loc source.Location, reason string) {
	rw.ev.Warnings++
	rw.issue(store.IssueWarning, loc, reason)
}

func (rw *rowWriter) issue(kind string, loc source.Location, reason string) {
	if len(rw.ev.Issues) < store.MaxStoredIssues {
		rw.ev.Issues = append(rw.ev.Issues, store.Issue{Kind: kind, Line: loc.Line, Record: loc.Record, Reason: reason})
	}
}

func (rw *rowWriter) send() {
	if len(rw.batch) == 0 {
		return
	}
	rw.w.in <- writerMsg{table: rw.table.Name, rows: rw.batch, file: rw.ev}
	rw.batch = make([][]any, 0, batchRows)
}

// close hands over the last rows.
func (rw *rowWriter) close() error {
	rw.send()
	return nil
}
