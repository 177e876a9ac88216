package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
