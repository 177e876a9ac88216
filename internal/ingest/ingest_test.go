package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// linesTable and linesFormat are a minimal log source for testing the
// ingest machinery apart from the real parsers: files start with "LINES",
// then one "RFC3339-time message" per line; a line "BAD" is rejected.
var linesTable = &source.Table{
	Name:       "test_lines",
	TimeColumn: "ts",
	Columns:    []source.Column{{Name: "ts", Type: "TIMESTAMP"}, {Name: "msg", Type: "VARCHAR"}},
}

type linesFormat struct{}

func (linesFormat) Name() string         { return "test-lines" }
func (linesFormat) Table() *source.Table { return linesTable }
func (linesFormat) Sniff(path string, head []byte) bool {
	return bytes.HasPrefix(head, []byte("LINES\n"))
}
func (linesFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	sc := bufio.NewScanner(in.R)
	line, record := int64(0), int64(0)
	for sc.Scan() {
		line++
		if line == 1 {
			continue
		}
		record++
		loc := source.Location{Line: line, Record: record}
		ts, msg, ok := strings.Cut(sc.Text(), " ")
		t, err := time.Parse(time.RFC3339, ts)
		if !ok || err != nil {
			out.Reject(loc, "not a line of this format")
			continue
		}
		if err := out.Row(loc, []any{t, msg}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", line+1, err)
	}
	return nil
}

var skipDigest = source.Skip{
	Name:   "digest",
	Reason: "test digest: holds no records",
	Match:  func(path string, head []byte) bool { return strings.Contains(path, "Digest") },
}

func linesFile(n int, start time.Time) string {
	var b strings.Builder
	b.WriteString("LINES\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s event-%d\n", start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), i)
	}
	return b.String()
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func openCase(t *testing.T, dir string) *store.Case {
	t.Helper()
	c, err := store.Open(dir, []*source.Table{linesTable}, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func run(t *testing.T, c *store.Case, paths ...string) *ingest.Summary {
	t.Helper()
	s, err := ingest.Run(context.Background(), c, paths, ingest.Options{
		Formats: []source.Format{linesFormat{}},
		Skips:   []source.Skip{skipDigest},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func count(t *testing.T, c *store.Case, q string) int64 {
	t.Helper()
	var n int64
	if err := c.DB.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var t0 = time.Date(2024, 3, 8, 10, 0, 0, 0, time.UTC)

func TestIngestLoadsOnceAndRecordsProvenance(t *testing.T) {
	ev := t.TempDir()
	write(t, filepath.Join(ev, "a.log"), []byte(linesFile(3, t0)))
	write(t, filepath.Join(ev, "sub", "b.log.gz"), gz(t, linesFile(5, t0.Add(time.Hour))))
	c := openCase(t, t.TempDir())

	s := run(t, c, ev)
	if s.Loaded != 2 || s.Records != 8 || s.Duplicates != 0 {
		t.Fatalf("first run: loaded %d files, %d records, %d duplicates; want 2, 8, 0", s.Loaded, s.Records, s.Duplicates)
	}
	if got := count(t, c, `SELECT count(*) FROM test_lines`); got != 8 {
		t.Fatalf("rows = %d, want 8", got)
	}
	// Provenance: each row names its evidence file and line.
	var path string
	var line int64
	err := c.DB.QueryRow(`SELECT e.path, l._line FROM test_lines l JOIN _evidence e ON e.id = l._file WHERE l.msg = 'event-4'`).Scan(&path, &line)
	if err != nil || !strings.HasSuffix(path, "b.log.gz") || line != 6 {
		t.Fatalf("provenance of event-4 = %q line %d (%v); want b.log.gz line 6", path, line, err)
	}

	// The same files again, and a copy under another name: nothing is added.
	write(t, filepath.Join(ev, "copy-of-a.log"), []byte(linesFile(3, t0)))
	s = run(t, c, ev)
	if s.Loaded != 0 || s.Duplicates != 3 {
		t.Fatalf("second run: loaded %d, duplicates %d; want 0, 3", s.Loaded, s.Duplicates)
	}
	if got := count(t, c, `SELECT count(*) FROM test_lines`); got != 8 {
		t.Fatalf("rows after re-ingest = %d, want 8", got)
	}

	// The manifest lists each file with its hash, counts and time range.
	data, err := os.ReadFile(c.ManifestPath())
	if err != nil {
		t.Fatal(err)
	}
	var m store.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 2 {
		t.Fatalf("manifest lists %d files, want 2", len(m.Files))
	}
	want, _ := ingest.HashFile(filepath.Join(ev, "a.log"))
	var a store.Evidence
	for _, f := range m.Files {
		if filepath.Base(f.Path) == "a.log" {
			a = f
		}
	}
	if !strings.HasSuffix(a.Path, "a.log") || a.SHA256 != want || a.Records != 3 || a.Format != "test-lines" ||
		a.FirstTime == nil || !a.FirstTime.Equal(t0) || !a.LastTime.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("manifest entry = %+v", a)
	}
}

func TestIngestReportsBadInputAndGoesOn(t *testing.T) {
	ev := t.TempDir()
	good := linesFile(4, t0)
	write(t, filepath.Join(ev, "1-good.log"), []byte(good))
	write(t, filepath.Join(ev, "2-reject.log"), []byte(linesFile(2, t0)+"BAD\n"+linesFile(1, t0)[6:]))
	truncated := gz(t, linesFile(2000, t0))
	write(t, filepath.Join(ev, "3-truncated.log.gz"), truncated[:len(truncated)/2])
	write(t, filepath.Join(ev, "4-empty.log"), nil)
	write(t, filepath.Join(ev, "5-unknown.bin"), []byte{0, 1, 2, 3, 0xff})
	write(t, filepath.Join(ev, "6-Digest.json"), []byte(`{"digest": true}`))
	write(t, filepath.Join(ev, "7-notgzip.gz"), []byte{0x1f, 0x8b, 9, 9, 9})

	c := openCase(t, t.TempDir())
	s := run(t, c, ev)
	if s.Files != 7 || s.Loaded != 3 || s.Skipped != 4 {
		t.Fatalf("files %d loaded %d skipped %d; want 7, 3, 4", s.Files, s.Loaded, s.Skipped)
	}
	if s.Rejected != 1 {
		t.Fatalf("rejected = %d, want 1", s.Rejected)
	}
	byName := map[string]ingest.FileResult{}
	for _, r := range s.Results {
		byName[filepath.Base(r.Evidence.Path)] = r
	}
	rej := byName["2-reject.log"].Evidence
	if rej.Records != 3 || len(rej.Issues) != 1 || rej.Issues[0].Line != 4 || rej.Issues[0].Kind != store.IssueReject {
		t.Fatalf("2-reject.log: %+v", rej)
	}
	tr := byName["3-truncated.log.gz"].Evidence
	if tr.Records == 0 || tr.Records >= 2000 || !strings.Contains(tr.Note, "truncated") {
		t.Fatalf("3-truncated.log.gz: records %d note %q; want some rows and a note naming the truncation", tr.Records, tr.Note)
	}
	for name, want := range map[string]string{
		"4-empty.log":   "empty file",
		"5-unknown.bin": "unknown format",
		"6-Digest.json": "test digest",
		"7-notgzip.gz":  "gzip",
	} {
		r := byName[name]
		if r.Status != ingest.StatusSkipped || !strings.Contains(r.Evidence.Note, want) {
			t.Errorf("%s: status %s note %q; want skipped, %q", name, r.Status, r.Evidence.Note, want)
		}
	}
	// Everything is in the case's inventory, skipped files included.
	if got := count(t, c, `SELECT count(*) FROM _evidence`); got != 7 {
		t.Fatalf("_evidence rows = %d, want 7", got)
	}
	if got := count(t, c, `SELECT count(*) FROM test_lines`); got != 4+3+tr.Records {
		t.Fatalf("rows = %d, want %d", got, 4+3+tr.Records)
	}
}

func TestIngestNeverWritesEvidence(t *testing.T) {
	ev := t.TempDir()
	path := filepath.Join(ev, "a.log")
	write(t, path, []byte(linesFile(3, t0)))
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(path, old, old)
	os.Chmod(path, 0o444)
	os.Chmod(ev, 0o555)
	t.Cleanup(func() { os.Chmod(ev, 0o755) })
	before, _ := ingest.HashFile(path)

	c := openCase(t, t.TempDir())
	if s := run(t, c, ev); s.Loaded != 1 {
		t.Fatalf("loaded %d, want 1", s.Loaded)
	}
	after, _ := ingest.HashFile(path)
	info, _ := os.Stat(path)
	if before != after || !info.ModTime().Equal(old) || info.Mode().Perm() != 0o444 {
		t.Fatalf("evidence changed: hash %s→%s mtime %v mode %v", before, after, info.ModTime(), info.Mode())
	}
	entries, _ := os.ReadDir(ev)
	if len(entries) != 1 {
		t.Fatalf("evidence folder holds %d entries after ingest, want 1", len(entries))
	}
}

func TestIngestLeavesOutTheCaseFolder(t *testing.T) {
	ev := t.TempDir()
	write(t, filepath.Join(ev, "a.log"), []byte(linesFile(3, t0)))
	c := openCase(t, filepath.Join(ev, "case"))
	s := run(t, c, ev)
	if s.Files != 1 {
		t.Fatalf("read %d files, want only a.log (the case folder is not evidence)", s.Files)
	}
}

func TestOpenDropsRowsOfUnfinishedFiles(t *testing.T) {
	dir := t.TempDir()
	c := openCase(t, dir)
	if _, err := c.DB.Exec(`INSERT INTO test_lines VALUES (now(), 'orphan', 999, 1, 1)`); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c = openCase(t, dir)
	if got := count(t, c, `SELECT count(*) FROM test_lines`); got != 0 {
		t.Fatalf("rows of a file never recorded as ingested survived reopening: %d", got)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	c := openCase(t, dir)
	c.DB.Exec(`UPDATE _meta SET value = '99' WHERE key = 'schema_version'`)
	c.Close()
	_, err := store.Open(dir, []*source.Table{linesTable}, store.Options{})
	if err == nil || !strings.Contains(err.Error(), "newer cloudhunt") {
		t.Fatalf("opening a case of schema 99: err = %v, want a refusal naming the newer version", err)
	}
}

func TestIngestReportsUnreadableEntriesAndGoesOn(t *testing.T) {
	ev := t.TempDir()
	write(t, filepath.Join(ev, "a.log"), []byte(linesFile(3, t0)))
	if err := os.Symlink(filepath.Join(ev, "gone.log"), filepath.Join(ev, "broken.log")); err != nil {
		t.Fatal(err)
	}
	c := openCase(t, t.TempDir())
	s := run(t, c, ev)
	if s.Loaded != 1 || s.Failed != 1 || s.Records != 3 {
		t.Fatalf("loaded %d failed %d records %d; want 1, 1, 3", s.Loaded, s.Failed, s.Records)
	}
	for _, r := range s.Results {
		if r.Status == ingest.StatusFailed && (filepath.Base(r.Evidence.Path) != "broken.log" || r.Err == nil) {
			t.Fatalf("failed result %+v, want broken.log with its error", r)
		}
	}
}
