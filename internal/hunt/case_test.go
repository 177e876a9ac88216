package hunt

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/awsconfig"
	"github.com/cloudhunt/cloudhunt/internal/source/awsfindings"
	"github.com/cloudhunt/cloudhunt/internal/source/cwlogs"
	"github.com/cloudhunt/cloudhunt/internal/source/s3access"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// Helpers that build small cases by hand: the tables are created by the
// store, rows are INSERTed with SQL, and the case is reopened read-only as
// `cloudhunt hunt` opens it.

func testTables() []*source.Table {
	tables := formats.Tables()
	// The AWS service tables, until internal/formats lists them: added
	// here when missing so that the hunts reading them load.
	var aws []*source.Table
	aws = append(aws, awsfindings.Tables...)
	aws = append(aws, awsconfig.Tables...)
	aws = append(aws, cwlogs.Table, s3access.Table)
	for _, t := range aws {
		if !slices.ContainsFunc(tables, func(have *source.Table) bool { return have.Name == t.Name }) {
			tables = append(tables, t)
		}
	}
	return tables
}

func builtin(t *testing.T) *Catalog {
	t.Helper()
	c, err := Builtin(testTables())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// event is a CloudTrail row; empty strings are NULL.
type event struct {
	Time    string // "2024-03-01 10:00:00"
	Name    string
	User    string // Username
	Arn     string
	Key     string // accessKeyId
	IP      string
	Agent   string
	Region  string
	Error   string
	Account string
	ID      string // eventID
	Raw     string // the whole record as JSON; {} when empty
}

// flow is a VPC flow log row.
type flow struct {
	Src, Dst         string
	SrcPort, DstPort int
	Proto            int // 6 when zero
	Bytes            int64
	Action           string
	Start            string // "2024-03-01 10:00:00"
}

// testCase is a case folder being filled.
type testCase struct {
	t      *testing.T
	dir    string
	db     *sql.DB
	record int
}

func newTestCase(t *testing.T) *testCase {
	t.Helper()
	dir := t.TempDir()
	c, err := store.Open(dir, testTables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	// Rows must belong to an evidence file: the store drops rows whose
	// file is unknown (an interrupted ingest) when a case is reopened.
	if _, err := c.DB.Exec(`INSERT INTO _evidence (id, path, size, sha256, format, "table", records, rejected, warnings, ingested_at)
		VALUES (1, '/evidence/test.json', 0, '', 'test', NULL, 0, 0, 0, now())`); err != nil {
		t.Fatal(err)
	}
	return &testCase{t: t, dir: dir, db: c.DB}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (tc *testCase) events(events ...event) *testCase {
	tc.t.Helper()
	tx := tc.begin()
	for _, e := range events {
		tc.record++
		raw := e.Raw
		if raw == "" {
			raw = "{}"
		}
		_, err := tx.Exec(`INSERT INTO cloudtrail (eventTime, eventName, Username, userIdentityArn, accessKeyId,
				sourceIPAddress, userAgent, awsRegion, errorCode, recipientAccountId, eventID, raw, _file, _record)
			VALUES (CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			e.Time, e.Name, nullable(e.User), nullable(e.Arn), nullable(e.Key), nullable(e.IP), nullable(e.Agent),
			nullable(e.Region), nullable(e.Error), nullable(e.Account), nullable(e.ID), raw, tc.record)
		if err != nil {
			tc.t.Fatal(err)
		}
	}
	tc.commit(tx)
	return tc
}

// begin starts a transaction: one commit for many rows keeps tests fast.
func (tc *testCase) begin() *sql.Tx {
	tc.t.Helper()
	tx, err := tc.db.Begin()
	if err != nil {
		tc.t.Fatal(err)
	}
	return tx
}

func (tc *testCase) commit(tx *sql.Tx) {
	tc.t.Helper()
	if err := tx.Commit(); err != nil {
		tc.t.Fatal(err)
	}
}

func (tc *testCase) flows(flows ...flow) *testCase {
	tc.t.Helper()
	tx := tc.begin()
	for _, f := range flows {
		tc.record++
		proto := f.Proto
		if proto == 0 {
			proto = 6
		}
		start, err := time.Parse(time.DateTime, f.Start)
		if err != nil {
			tc.t.Fatal(err)
		}
		_, err = tx.Exec(`INSERT INTO vpc_flow_logs (version, account, interfaceid, sourceaddress, destinationaddress,
				sourceport, destinationport, protocol, numpackets, numbytes, starttime, endtime, action, logstatus,
				start_time, _file, _record)
			VALUES (2, '123456789012', 'eni-0a1b2c3d', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 'OK', CAST(? AS TIMESTAMP), 1, ?)`,
			f.Src, f.Dst, f.SrcPort, f.DstPort, proto, f.Bytes, start.Unix(), start.Unix()+10, f.Action, f.Start, tc.record)
		if err != nil {
			tc.t.Fatal(err)
		}
	}
	tc.commit(tx)
	return tc
}

// repeat returns n copies of a flow, one second apart, each from a new
// source port (the way a tool opens connection after connection).
func repeat(n int, f flow) []flow {
	out := make([]flow, n)
	start, _ := time.Parse(time.DateTime, f.Start)
	for i := range out {
		out[i] = f
		out[i].SrcPort = 40000 + i
		out[i].Start = start.Add(time.Duration(i) * time.Second).Format(time.DateTime)
	}
	return out
}

// open closes the writable case and reopens it read-only.
func (tc *testCase) open() *store.Case {
	tc.t.Helper()
	c, err := store.Open(tc.dir, testTables(), store.Options{ReadOnly: true})
	if err != nil {
		tc.t.Fatal(err)
	}
	tc.t.Cleanup(func() { c.Close() })
	return c
}

// run runs the named hunts of the built-in catalog over the case.
func (tc *testCase) run(opts RunOptions, ids ...string) []Result {
	tc.t.Helper()
	cat := builtin(tc.t)
	hunts, err := cat.Select(Filter{IDs: ids})
	if err != nil {
		tc.t.Fatal(err)
	}
	// A writable and a read-only handle on one DuckDB file cannot be open
	// at once in one process: close the writer first.
	if err := tc.db.Close(); err != nil {
		tc.t.Fatal(err)
	}
	results, err := Run(context.Background(), tc.open(), hunts, opts)
	if err != nil {
		tc.t.Fatal(err)
	}
	return results
}

// keys returns the key column values of every finding, joined by "|"
// when the key has several columns.
func keys(t *testing.T, r Result) []string {
	t.Helper()
	if r.Status == StatusError {
		t.Fatalf("%s failed: %v", r.Hunt.ID, r.Err)
	}
	var idx []int
	for _, k := range r.Hunt.Key {
		i := columnIndex(r.Columns, k)
		if i < 0 {
			t.Fatalf("%s: key column %s not among %v", r.Hunt.ID, k, r.Columns)
		}
		idx = append(idx, i)
	}
	var out []string
	for _, row := range r.Rows {
		var parts []string
		for _, i := range idx {
			parts = append(parts, fmt.Sprint(row[i]))
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func columnIndex(columns []string, name string) int {
	for i, c := range columns {
		if c == name {
			return i
		}
	}
	return -1
}

// column returns one column of every finding.
func column(t *testing.T, r Result, name string) []any {
	t.Helper()
	i := columnIndex(r.Columns, name)
	if i < 0 {
		t.Fatalf("%s: no column %s among %v", r.Hunt.ID, name, r.Columns)
	}
	var out []any
	for _, row := range r.Rows {
		out = append(out, row[i])
	}
	return out
}
