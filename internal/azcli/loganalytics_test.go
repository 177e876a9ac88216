package azcli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

func sampleResult() *query.Result {
	return &query.Result{
		Columns: []query.Column{
			{Name: "Computer", Type: "string"},
			{Name: "count_", Type: "long"},
			{Name: "avg", Type: "real"},
			{Name: "ok", Type: "bool"},
			{Name: "t", Type: "datetime"},
			{Name: "d", Type: "dynamic"},
			{Name: "ts", Type: "timespan"},
			{Name: "g", Type: "guid"},
			{Name: "n", Type: "string"},
		},
		Rows: [][]any{{
			"web1", int64(57), float64(5), true,
			time.Date(2023, 8, 9, 10, 11, 12, 123000000, time.UTC),
			`{"a":1}`, duckdb.Interval{Micros: 60_000_000},
			"6c1b0e52-0000-4000-8000-000000000001", nil,
		}},
	}
}

func TestLogAnalyticsRows(t *testing.T) {
	var b strings.Builder
	if err := FormatJSON(&b, LogAnalyticsRows(sampleResult())); err != nil {
		t.Fatal(err)
	}
	want := `[
  {
    "Computer": "web1",
    "TableName": "PrimaryResult",
    "avg": "5.0",
    "count_": "57",
    "d": "{\"a\":1}",
    "g": "6c1b0e52-0000-4000-8000-000000000001",
    "n": "None",
    "ok": "True",
    "t": "2023-08-09T10:11:12.123Z",
    "ts": "00:01:00"
  }
]
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}

	// The CLI's own row order: TableName first, then the columns.
	var tsv strings.Builder
	if err := FormatTSV(&tsv, LogAnalyticsRows(sampleResult())); err != nil {
		t.Fatal(err)
	}
	wantTSV := "PrimaryResult\tweb1\t57\t5.0\tTrue\t2023-08-09T10:11:12.123Z\t{\"a\":1}\t00:01:00\t6c1b0e52-0000-4000-8000-000000000001\tNone\n"
	if tsv.String() != wantTSV {
		t.Errorf("tsv got %q, want %q", tsv.String(), wantTSV)
	}
}

func TestLogAnalyticsRowsEmpty(t *testing.T) {
	res := &query.Result{Columns: []query.Column{{Name: "x", Type: "string"}}, Rows: [][]any{}}
	var b strings.Builder
	if err := FormatJSON(&b, LogAnalyticsRows(res)); err != nil {
		t.Fatal(err)
	}
	if b.String() != "[]\n" {
		t.Errorf("got %q, want %q", b.String(), "[]\n")
	}
}

func TestLogAnalyticsResponse(t *testing.T) {
	got, err := json.Marshal(LogAnalyticsResponse(sampleResult()))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"tables":[{"name":"PrimaryResult","columns":[` +
		`{"name":"Computer","type":"string"},{"name":"count_","type":"long"},{"name":"avg","type":"real"},` +
		`{"name":"ok","type":"bool"},{"name":"t","type":"datetime"},{"name":"d","type":"dynamic"},` +
		`{"name":"ts","type":"timespan"},{"name":"g","type":"guid"},{"name":"n","type":"string"}],` +
		`"rows":[["web1",57,5.0,true,"2023-08-09T10:11:12.123Z","{\"a\":1}","00:01:00","6c1b0e52-0000-4000-8000-000000000001",null]]}]}`
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestAPIValue(t *testing.T) {
	tests := []struct {
		in   any
		typ  string
		want string // PyStr of the API value
	}{
		{int64(3), "real", "3.0"},
		{float64(7), "long", "7"},
		{2.5, "real", "2.5"},
		{[]any{"a", int64(1)}, "dynamic", `["a",1]`},
		{map[string]any{"b": true}, "dynamic", `{"b":true}`},
	}
	for _, tt := range tests {
		if got := PyStr(apiValue(tt.in, tt.typ)); got != tt.want {
			t.Errorf("apiValue(%#v, %s) prints %q, want %q", tt.in, tt.typ, got, tt.want)
		}
	}
}

func TestKustoDatetime(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2023, 8, 9, 10, 11, 12, 0, time.UTC), "2023-08-09T10:11:12Z"},
		{time.Date(2023, 8, 9, 10, 11, 12, 500000000, time.UTC), "2023-08-09T10:11:12.5Z"},
		{time.Date(2023, 8, 9, 10, 11, 12, 123456789, time.UTC), "2023-08-09T10:11:12.1234567Z"},
		{time.Date(2023, 8, 9, 12, 11, 12, 0, time.FixedZone("x", 2*3600)), "2023-08-09T10:11:12Z"},
	}
	for _, tt := range tests {
		if got := KustoDatetime(tt.in); got != tt.want {
			t.Errorf("KustoDatetime(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestKustoTimespan(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "00:00:00"},
		{time.Minute, "00:01:00"},
		{-time.Minute, "-00:01:00"},
		{25*time.Hour + time.Minute + time.Second + 500*time.Millisecond, "1.01:01:01.5000000"},
		{100 * time.Nanosecond, "00:00:00.0000001"},
	}
	for _, tt := range tests {
		if got := KustoTimespan(tt.in); got != tt.want {
			t.Errorf("KustoTimespan(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
