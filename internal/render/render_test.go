package render

import (
	"bytes"
	"encoding/csv"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// sample holds the values render must print faithfully: text with quotes,
// commas, newlines and a terminal escape; numbers; NULL; timestamps in
// another zone; lists and JSON objects; a value longer than a table cell.
func sample() Table {
	paris := time.FixedZone("CET", 3600)
	return Table{
		Columns: []string{"eventTime", "eventName", "calls", "errorCode", "eventNames", "requestParameters", "userAgent"},
		Rows: [][]any{
			{
				time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), "ListBuckets", int64(3), nil,
				[]any{"GetCallerIdentity", "ListBuckets"},
				map[string]any{"name": "trail", "isMultiRegionTrail": false},
				"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 prompt/off command/s3.ls",
			},
			{
				time.Date(2024, 3, 1, 11, 30, 5, 250_000_000, paris), `Say "hi", again`, int64(12345), "AccessDenied",
				[]any{}, nil,
				"curl/8.0\n\x1b[31mred\x1b[0m",
			},
			{
				time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), "Ünïcode ✓", new(big.Int).SetInt64(7), "",
				[]any{int64(22), int64(443)}, map[string]any{"html": "<a&b>"},
				strings.Repeat("x", 100),
			},
		},
	}
}

func TestGolden(t *testing.T) {
	for _, f := range []struct {
		format Format
		file   string
	}{
		{FormatTable, "sample.txt"},
		{FormatJSON, "sample.json"},
		{FormatJSONL, "sample.jsonl"},
		{FormatCSV, "sample.csv"},
	} {
		t.Run(string(f.format), func(t *testing.T) {
			var out bytes.Buffer
			if err := Write(&out, f.format, sample(), Options{}); err != nil {
				t.Fatal(err)
			}
			golden(t, f.file, out.Bytes())
		})
	}
}

func TestEmptyTable(t *testing.T) {
	empty := Table{Columns: []string{"a", "b"}}
	for format, want := range map[Format]string{
		FormatTable: "a  b\n",
		FormatJSON:  "[]\n",
		FormatJSONL: "",
		FormatCSV:   "a,b\r\n",
	} {
		var out bytes.Buffer
		if err := Write(&out, format, empty, Options{}); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("%s: %q, want %q", format, out.String(), want)
		}
	}
}

func TestTableCut(t *testing.T) {
	table := Table{Columns: []string{"v"}, Rows: [][]any{{"abcdefghij"}}}
	for maxCell, want := range map[int]string{5: "abcd…", -1: "abcdefghij", 10: "abcdefghij", 1: "…"} {
		var out bytes.Buffer
		if err := WriteTable(&out, table, Options{MaxCell: maxCell}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Split(out.String(), "\n")[1]; got != want {
			t.Errorf("MaxCell %d: %q, want %q", maxCell, got, want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	if f, err := ParseFormat("JSONL"); err != nil || f != FormatJSONL {
		t.Errorf("ParseFormat(JSONL) = %q, %v", f, err)
	}
	if _, err := ParseFormat("yaml"); err == nil || !strings.Contains(err.Error(), "table|json|jsonl|csv") {
		t.Errorf("ParseFormat(yaml) error = %v", err)
	}
}

func TestObjectKeepsKeyOrder(t *testing.T) {
	var o Object
	o.Add("zeta", 1)
	o.Add("alpha", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	var out bytes.Buffer
	if err := EncodeJSONLine(&out, o); err != nil {
		t.Fatal(err)
	}
	if want := `{"zeta":1,"alpha":"2024-01-02T03:04:05Z"}` + "\n"; out.String() != want {
		t.Errorf("%q, want %q", out.String(), want)
	}
}

// golden compares got with testdata/name; `go test -update` rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// A CSV reader gets back exactly the text of every value.
func TestCSVRoundTrip(t *testing.T) {
	table := sample()
	var out bytes.Buffer
	if err := WriteCSV(&out, table); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(records[0], table.Columns) {
		t.Errorf("header %q", records[0])
	}
	for i, row := range table.Rows {
		for j, v := range row {
			if got, want := records[i+1][j], Text(v); got != want {
				t.Errorf("row %d %s: %q, want %q", i, table.Columns[j], got, want)
			}
		}
	}
}
