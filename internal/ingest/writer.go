package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// batchRows is how many rows a parser hands the writer at once.
const batchRows = 1024

// Load points. The writer loads the staged rows, then records the files
// they belong to, when a stage holds this many bytes or this many files are
// pending: often enough to bound the disk used for staging, rarely enough
// that the thousands of small files of an S3 CloudTrail dump do not each
// pay for a load.
const (
	flushBytes = 256 << 20
	flushFiles = 4096
)

// writerMsg is either a batch of rows or the end of one file.
type writerMsg struct {
	table string
	rows  [][]any
	file  *store.Evidence // for a batch: whose rows; alone: the file is done
}

// writer is the one goroutine that writes rows for the case: parsers run
// in parallel and feed it; it stages their rows per table (see stage.go)
// and hands full stages to the loader, which has DuckDB load them while the
// next stages fill.
type writer struct {
	c      *store.Case
	dir    string // staging folder, inside the case
	in     chan writerMsg
	stages map[string]*stage
	staged int // stages made so far, for unique names
	files  []*store.Evidence
	loads  chan loadBatch
	loaded chan error // the loader's result, once loads is closed
}

// loadBatch is a unit of work for the loader: stages to load, then the
// files to record as ingested. Batches are loaded in order, so when a
// batch's files are recorded every row of theirs, in this batch or an
// earlier one, is in the case.
type loadBatch struct {
	stages []*stage
	files  []*store.Evidence
}

func newWriter(c *store.Case) (*writer, error) {
	dir := filepath.Join(c.Dir, "staging")
	// A staging folder left by a killed run holds nothing of value: its
	// rows were never loaded, and their files never recorded.
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	w := &writer{c: c, dir: dir, in: make(chan writerMsg, 16), stages: map[string]*stage{},
		loads: make(chan loadBatch, 1), loaded: make(chan error, 1)}
	go func() { w.loaded <- load(c, w.loads) }()
	return w, nil
}

// load loads batches until loads is closed. After a failure it keeps
// draining, deleting the stages, so that the writer never blocks.
func load(c *store.Case, loads <-chan loadBatch) (err error) {
	var evidence, issues *store.Appender
	defer func() {
		for _, a := range []*store.Appender{evidence, issues} {
			if a == nil {
				continue
			}
			if cerr := a.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
	}()
	for batch := range loads {
		for _, s := range batch.stages {
			if err == nil {
				err = s.load(c)
			} else {
				s.discard()
			}
		}
		if err != nil || len(batch.files) == 0 {
			continue
		}
		if evidence == nil {
			if evidence, err = c.NewAppender(store.EvidenceTable); err != nil {
				continue
			}
			if issues, err = c.NewAppender(store.IssuesTable); err != nil {
				continue
			}
		}
		err = store.AddEvidence(evidence, issues, batch.files)
	}
	return err
}

// run stages what arrives on w.in until it is closed, then waits for the
// loader. After a failure it keeps draining w.in, so that parsers blocked
// on a send can finish.
func (w *writer) run(ctx context.Context) (err error) {
	for msg := range w.in {
		if err != nil {
			continue
		}
		if err = ctx.Err(); err == nil {
			err = w.handle(msg)
		}
	}
	if err == nil {
		w.flush()
	}
	for _, s := range w.stages {
		s.discard()
	}
	close(w.loads)
	if lerr := <-w.loaded; err == nil {
		err = lerr
	}
	os.RemoveAll(w.dir)
	return err
}

func (w *writer) handle(msg writerMsg) error {
	if msg.rows == nil {
		w.files = append(w.files, msg.file)
		if len(w.files) >= flushFiles {
			w.flush()
		}
		return nil
	}
	s := w.stages[msg.table]
	if s == nil {
		t := w.c.Table(msg.table)
		if t == nil {
			return fmt.Errorf("no table %s in the case", msg.table)
		}
		var err error
		w.staged++
		if s, err = newStage(w.dir, t, w.staged); err != nil {
			return err
		}
		w.stages[msg.table] = s
	}
	for _, row := range msg.rows {
		if err := s.add(row); err != nil {
			// Parsers hand over typed values; a failure here is a bug in
			// a parser, not bad evidence, so the run stops loudly.
			return fmt.Errorf("load %s, record %v: %w", msg.file.Path, row[len(row)-2], err)
		}
	}
	if s.bytes >= flushBytes {
		w.flush()
	}
	return nil
}

// flush hands the current stages and the files finished so far to the
// loader, and starts new stages.
func (w *writer) flush() {
	batch := loadBatch{files: w.files}
	for table, s := range w.stages {
		batch.stages = append(batch.stages, s)
		delete(w.stages, table)
	}
	w.files = nil
	w.loads <- batch
}

// rowWriter is the source.RowWriter a parser writes one file's rows to.
// Rows go to the format's table, or to the tables the parser names with
// TableRow; each table's rows are batched apart.
type rowWriter struct {
	w        *writer
	table    *source.Table // the format's; nil when it names tables itself
	ev       *store.Evidence
	batches  map[*source.Table]*tableBatch
	order    []*source.Table // tables written to, in first-use order
	records  *atomic.Int64
	rejected *atomic.Int64
}

func newRowWriter(w *writer, t *source.Table, ev *store.Evidence, records, rejected *atomic.Int64) *rowWriter {
	return &rowWriter{w: w, table: t, ev: ev, batches: map[*source.Table]*tableBatch{}, records: records, rejected: rejected}
}

// tableBatch is one table's pending rows, with where its time column is.
type tableBatch struct {
	rows    [][]any
	timeIdx int
}

func (rw *rowWriter) Row(loc source.Location, values []any) error {
	if rw.table == nil {
		return fmt.Errorf("parser bug: Row without a table; use TableRow")
	}
	return rw.TableRow(rw.table, loc, values)
}

func (rw *rowWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	if len(values) != len(t.Columns) {
		return fmt.Errorf("parser bug: %d values for the %d columns of %s", len(values), len(t.Columns), t.Name)
	}
	b := rw.batches[t]
	if b == nil {
		b = &tableBatch{timeIdx: t.ColumnIndex(t.TimeColumn)}
		rw.batches[t] = b
		rw.order = append(rw.order, t)
		names := make([]string, len(rw.order))
		for i, t := range rw.order {
			names[i] = t.Name
		}
		rw.ev.Table = strings.Join(names, ",")
	}
	if b.timeIdx >= 0 {
		if ts, ok := values[b.timeIdx].(time.Time); ok {
			rw.noteTime(ts)
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
	b.rows = append(b.rows, row)
	if len(b.rows) >= batchRows {
		rw.sendTable(t, b)
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

// send hands every table's pending rows to the writer.
func (rw *rowWriter) send() {
	for _, t := range rw.order {
		rw.sendTable(t, rw.batches[t])
	}
}

func (rw *rowWriter) sendTable(t *source.Table, b *tableBatch) {
	if len(b.rows) == 0 {
		return
	}
	rw.w.in <- writerMsg{table: t.Name, rows: b.rows, file: rw.ev}
	b.rows = make([][]any, 0, batchRows)
}
