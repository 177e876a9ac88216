package query

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func TestPosition(t *testing.T) {
	src := "ab\ncdé|f"
	for _, tc := range []struct{ offset, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {strings.Index(src, "|"), 2, 4}, {100, 2, 6},
	} {
		if l, c := Position(src, tc.offset); l != tc.line || c != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.offset, l, c, tc.line, tc.col)
		}
	}
	err := Errorf("kql", src, 3, "expected %s", "x")
	if err.Error() != "kql:2:1: expected x" {
		t.Errorf("Errorf = %q", err.Error())
	}
}

// Quote is what keeps query text from becoming SQL: whatever the string,
// DuckDB reads back exactly that string.
func TestQuoteRoundTrips(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range []string{"", "plain", "it's", "'; DROP TABLE x; --", `a\'b`, "''", "line\nbreak", "ünïcødé"} {
		q, err := Quote(s)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := db.QueryRow("SELECT " + q).Scan(&got); err != nil || got != s {
			t.Errorf("Quote(%q) = %s reads back %q, %v", s, q, got, err)
		}
	}
	for _, bad := range []string{"nul\x00byte", "bad\xffutf8"} {
		if _, err := Quote(bad); err == nil {
			t.Errorf("Quote(%q) accepted", bad)
		}
	}
	rows, err := db.Query(`SELECT 1 AS ` + Ident(`we"ird`))
	if err != nil {
		t.Fatalf("Ident: %v", err)
	}
	cols, _ := rows.Columns()
	rows.Close()
	if len(cols) != 1 || cols[0] != `we"ird` {
		t.Errorf("Ident column = %q", cols)
	}
}

func TestRunNormalizesAndCuts(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := &Compiled{
		SQL: `SELECT i::INTEGER AS a, (i * 10)::HUGEINT AS b, TIMESTAMP '2024-03-08 10:00:00' AS t,
			INTERVAL 90 MINUTE AS d, 1.5::DECIMAL(4,2) AS m FROM range(5) r(i) ORDER BY i`,
		Columns: []Column{{"a", "int"}, {"b", "long"}, {"t", "datetime"}, {"d", "timespan"}, {"m", "real"}},
		Limit:   3,
	}
	res, err := Run(context.Background(), db, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 3 || !res.Truncated {
		t.Fatalf("%d rows, truncated %v; want 3, true", len(res.Rows), res.Truncated)
	}
	row := res.Rows[2]
	want := []any{int64(2), int64(20), time.Date(2024, 3, 8, 10, 0, 0, 0, time.UTC), 90 * time.Minute, 1.5}
	for i := range want {
		if row[i] != want[i] {
			t.Errorf("column %s = %#v, want %#v", res.Columns[i].Name, row[i], want[i])
		}
	}
}
