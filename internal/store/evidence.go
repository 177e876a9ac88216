package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Evidence is one evidence file as the case knows it.
type Evidence struct {
	ID         int        `json:"id"`
	Path       string     `json:"path"`
	Size       int64      `json:"size"`
	SHA256     string     `json:"sha256"`
	Format     string     `json:"format,omitempty"` // empty when skipped
	Table      string     `json:"table,omitempty"`
	Records    int64      `json:"records"`
	Rejected   int64      `json:"rejected"`
	Warnings   int64      `json:"warnings"`
	FirstTime  *time.Time `json:"first_time,omitempty"`
	LastTime   *time.Time `json:"last_time,omitempty"`
	Note       string     `json:"note,omitempty"`
	LogGroup   string     `json:"log_group,omitempty"` // CloudWatch Logs group its records belong to, when known
	IngestedAt time.Time  `json:"ingested_at"`
	Issues     []Issue    `json:"issues,omitempty"` // the first few; all are counted
}

// Issue is one problem found in an evidence file.
type Issue struct {
	Kind   string `json:"kind"` // reject | warning | error
	Line   int64  `json:"line,omitempty"`
	Record int64  `json:"record,omitempty"`
	Reason string `json:"reason"`
}

// Issue kinds.
const (
	IssueReject  = "reject"  // the record was not loaded
	IssueWarning = "warning" // the record was loaded, incomplete
	IssueError   = "error"   // the rest of the file could not be read
)

// MaxStoredIssues is how many issues per file the case keeps word for word;
// beyond that they are only counted.
const MaxStoredIssues = 100

// EvidenceBySHA256 returns every evidence file of the case by the SHA-256 of
// its content, so that ingest can tell a file it already holds without a
// query per file.
func (c *Case) EvidenceBySHA256() (map[string]Evidence, error) {
	all, err := c.queryEvidence(``)
	if err != nil {
		return nil, err
	}
	bySum := make(map[string]Evidence, len(all))
	for _, e := range all {
		bySum[e.SHA256] = e
	}
	return bySum, nil
}

// MaxEvidenceID is the highest evidence id in use (0 in a new case). Ingest
// numbers new files from there; DuckDB's single-writer lock keeps two
// processes from doing so at once.
func (c *Case) MaxEvidenceID() (int, error) {
	var id int
	err := c.DB.QueryRow(`SELECT coalesce(max(id), 0) FROM _evidence`).Scan(&id)
	return id, err
}

// Tables of the case's inventory, for AddEvidence.
const (
	EvidenceTable = "_evidence"
	IssuesTable   = "_issues"
)

// AddEvidence records files as ingested, with their issues (at most
// MaxStoredIssues each are stored; Rejected/Warnings count them all),
// through appenders on EvidenceTable and IssuesTable — one INSERT per file
// costs about a millisecond, which thousands of small CloudTrail files
// notice. Rows loaded under the files' ids count from the moment the
// evidence appender is flushed (see dropOrphans), so flush the rows first.
func AddEvidence(evidence, issues *Appender, files []*Evidence) error {
	for _, e := range files {
		err := evidence.Append([]any{int32(e.ID), e.Path, e.Size, e.SHA256, nullString(e.Format), nullString(e.Table),
			e.Records, e.Rejected, e.Warnings, nullTime(e.FirstTime), nullTime(e.LastTime), nullString(e.Note), e.IngestedAt.UTC(), nullString(e.LogGroup)})
		if err != nil {
			return fmt.Errorf("record evidence %s: %w", e.Path, err)
		}
		for i, is := range e.Issues {
			if i == MaxStoredIssues {
				break
			}
			if err := issues.Append([]any{int32(e.ID), is.Kind, nullInt(is.Line), nullInt(is.Record), is.Reason}); err != nil {
				return fmt.Errorf("record issues of %s: %w", e.Path, err)
			}
		}
	}
	if err := evidence.Flush(); err != nil {
		return fmt.Errorf("record evidence: %w", err)
	}
	return issues.Flush()
}

// Evidence lists every evidence file of the case, in ingest order, each with
// its first issues (at most perFile; 0 for none).
func (c *Case) Evidence(perFile int) ([]Evidence, error) {
	all, err := c.queryEvidence(`ORDER BY id`)
	if err != nil || perFile == 0 {
		return all, err
	}
	index := map[int]*Evidence{}
	for i := range all {
		index[all[i].ID] = &all[i]
	}
	rows, err := c.DB.Query(`SELECT file, kind, coalesce(line, 0), coalesce(record, 0), reason
		FROM (SELECT *, row_number() OVER (PARTITION BY file ORDER BY coalesce(line, record), record) AS n FROM _issues)
		WHERE n <= ? ORDER BY file, n`, perFile)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		var is Issue
		if err := rows.Scan(&id, &is.Kind, &is.Line, &is.Record, &is.Reason); err != nil {
			return nil, err
		}
		if e := index[id]; e != nil {
			e.Issues = append(e.Issues, is)
		}
	}
	return all, rows.Err()
}

func (c *Case) queryEvidence(where string, args ...any) ([]Evidence, error) {
	rows, err := c.DB.Query(`SELECT id, path, size, sha256, coalesce(format, ''), coalesce("table", ''),
		records, rejected, warnings, first_time, last_time, coalesce(note, ''), ingested_at, coalesce(log_group, '') FROM _evidence `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []Evidence
	for rows.Next() {
		var e Evidence
		var first, last sql.NullTime
		if err := rows.Scan(&e.ID, &e.Path, &e.Size, &e.SHA256, &e.Format, &e.Table,
			&e.Records, &e.Rejected, &e.Warnings, &first, &last, &e.Note, &e.IngestedAt, &e.LogGroup); err != nil {
			return nil, err
		}
		e.FirstTime, e.LastTime = timePtr(first), timePtr(last)
		e.IngestedAt = e.IngestedAt.UTC()
		all = append(all, e)
	}
	return all, rows.Err()
}

// Manifest is manifest.json: the case's inventory of evidence, readable
// without cloudhunt.
type Manifest struct {
	SchemaVersion int        `json:"schema_version"`
	Generated     time.Time  `json:"generated"`
	Files         []Evidence `json:"files"`
}

// manifestIssues is how many issues per file manifest.json shows.
const manifestIssues = 10

// WriteManifest rewrites manifest.json from the database. It is written to
// a temporary file and renamed, so a reader never sees half of it.
func (c *Case) WriteManifest() error {
	files, err := c.Evidence(manifestIssues)
	if err != nil {
		return err
	}
	m := Manifest{SchemaVersion: SchemaVersion, Generated: time.Now().UTC(), Files: files}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(c.Dir, manifestFile+".tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(c.Dir, manifestFile))
}

// ManifestPath is where the case's manifest.json lives.
func (c *Case) ManifestPath() string { return filepath.Join(c.Dir, manifestFile) }

// Appender bulk-loads rows into one table through DuckDB's appender, which
// is several times faster than INSERT statements.
type Appender struct {
	conn *sql.Conn
	app  *duckdb.Appender
}

// NewAppender opens an appender on its own connection.
func (c *Case) NewAppender(table string) (*Appender, error) {
	conn, err := c.DB.Conn(context.Background())
	if err != nil {
		return nil, err
	}
	var app *duckdb.Appender
	err = conn.Raw(func(dc any) error {
		var err error
		app, err = duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		return err
	})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("appender for %s: %w", table, err)
	}
	return &Appender{conn: conn, app: app}, nil
}

// Append adds one row; values follow the table's columns, _file, _record and _line included.
func (a *Appender) Append(values []any) error {
	args := make([]driver.Value, len(values))
	for i, v := range values {
		args[i] = v
	}
	return a.app.AppendRow(args...)
}

// Flush commits the rows appended so far.
func (a *Appender) Flush() error { return a.app.Flush() }

// Close flushes and releases the appender.
func (a *Appender) Close() error {
	err := a.app.Close()
	if cerr := a.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
