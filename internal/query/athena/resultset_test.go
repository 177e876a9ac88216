package athena

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

func TestResultSet(t *testing.T) {
	c := openCase(t)
	_, res := run(t, c, "SELECT sourceaddress, count(*) AS total, CAST(NULL AS varchar) AS nothing FROM vpc_flow_logs WHERE destinationport = 22 GROUP BY sourceaddress ORDER BY total DESC LIMIT 2")
	body, next := ResultSet(res, 0, 0)
	if next {
		t.Error("nextToken = true for a result that fits one page")
	}
	got, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	col := func(name, typ string, precision int, caseSensitive bool) string {
		cs := "false"
		if caseSensitive {
			cs = "true"
		}
		return `{"CatalogName":"hive","SchemaName":"","TableName":"","Name":"` + name + `","Label":"` + name + `","Type":"` + typ +
			`","Precision":` + itoa(precision) + `,"Scale":0,"Nullable":"UNKNOWN","CaseSensitive":` + cs + `}`
	}
	want := `{"ResultSet":{"Rows":[` +
		`{"Data":[{"VarCharValue":"sourceaddress"},{"VarCharValue":"total"},{"VarCharValue":"nothing"}]},` +
		`{"Data":[{"VarCharValue":"203.0.113.5"},{"VarCharValue":"3"},{}]},` +
		`{"Data":[{"VarCharValue":"198.51.100.7"},{"VarCharValue":"2"},{}]}],` +
		`"ResultSetMetadata":{"ColumnInfo":[` + col("sourceaddress", "varchar", 2147483647, true) + "," +
		col("total", "bigint", 19, false) + "," + col("nothing", "varchar", 2147483647, true) + `]}},"UpdateCount":0}`
	if string(got) != want {
		t.Errorf("ResultSet\n got %s\nwant %s", got, want)
	}
}

func TestResultSetPaging(t *testing.T) {
	res := &query.Result{Columns: []query.Column{{Name: "n", Type: "integer"}}}
	for i := range 2500 {
		res.Rows = append(res.Rows, []any{int64(i)})
	}
	tests := []struct {
		firstRow, maxRows int
		rows              int    // rows in the page, header included
		first             string // first value of the page
		next              bool
	}{
		{0, 0, 1000, "n", true}, // header + 999 rows
		{999, 0, 1000, "999", true},
		{1999, 0, 501, "1999", false},
		{0, 10, 10, "n", true},
		{2490, 5000, 10, "2490", false}, // maxRows is capped at 1000
	}
	for _, tt := range tests {
		body, next := ResultSet(res, tt.firstRow, tt.maxRows)
		rs, _ := body.Get("ResultSet")
		rowsV, _ := rs.(interface{ Get(string) (any, bool) }).Get("Rows")
		rows := rowsV.([]any)
		if len(rows) != tt.rows || next != tt.next {
			t.Errorf("ResultSet(first %d, max %d): %d rows, next %v; want %d rows, next %v", tt.firstRow, tt.maxRows, len(rows), next, tt.rows, tt.next)
			continue
		}
		data, _ := rows[0].(interface{ Get(string) (any, bool) }).Get("Data")
		v, _ := data.([]any)[0].(interface{ Get(string) (any, bool) }).Get("VarCharValue")
		if v != tt.first {
			t.Errorf("ResultSet(first %d): page starts with %v, want %s", tt.firstRow, v, tt.first)
		}
	}
}

func TestValueText(t *testing.T) {
	ts := time.Date(2024, 3, 8, 10, 11, 12, 345000000, time.UTC)
	tests := []struct {
		v    any
		typ  string
		want string
	}{
		{ts, "timestamp", "2024-03-08 10:11:12.345"},
		{time.Date(2024, 3, 8, 10, 11, 12, 0, time.UTC), "timestamp", "2024-03-08 10:11:12.000"},
		{ts, "timestamp with time zone", "2024-03-08 10:11:12.345 UTC"},
		{ts, "date", "2024-03-08"},
		{true, "boolean", "true"},
		{int64(-42), "bigint", "-42"},
		{1.0, "double", "1.0"},
		{0.1, "double", "0.1"},
		{1234567.5, "double", "1234567.5"},
		{1.0e7, "double", "1.0E7"},
		{12345678.9, "double", "1.23456789E7"},
		{0.0001, "double", "1.0E-4"},
		{0.001, "double", "0.001"},
		{math.Inf(1), "double", "Infinity"},
		{math.NaN(), "double", "NaN"},
		{12.5, "decimal(10,2)", "12.50"},
		{[]any{"a", nil, "b"}, "array(varchar)", "[a, null, b]"},
		{[]any{int64(1), int64(2)}, "array(integer)", "[1, 2]"},
		{map[string]any{"type": "Role", "arn": "x", "accountid": nil}, "row(arn varchar, accountid varchar, type varchar)", "{arn=x, accountid=null, type=Role}"},
		{[]any{map[string]any{"a": "1", "b": map[string]any{"c": "2"}}}, "array(row(a varchar, b row(c varchar)))", "[{a=1, b={c=2}}]"},
	}
	for _, tt := range tests {
		if got := valueText(tt.v, parseTypeName(tt.typ)); got != tt.want {
			t.Errorf("valueText(%v, %s) = %q, want %q", tt.v, tt.typ, got, tt.want)
		}
	}
}
