package sample

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// The three shapes a Log Analytics query result leaves the workspace in:
// `az monitor log-analytics query` output, the query API's response and
// the portal's CSV export. Each takes rows as column → value maps (string,
// bool, int, int64, float64, time.Time; dynamic columns as JSON text; a
// missing key is an empty cell) and writes every column of the table, in
// the table's order, so that nothing in the file is unknown to the case.

// laRow is one row of a Log Analytics table.
type laRow map[string]any

// withType sets the Type column Log Analytics adds to every row.
func withType(t *source.Table, r laRow) laRow {
	for _, c := range t.Columns {
		if c.Name == "Type" {
			r["Type"] = t.Name
		}
	}
	return r
}

// azRows is what `az monitor log-analytics query` prints: an array of
// objects, every value turned into a string with Python's str() (null is
// "None"), plus "TableName"; keys sorted (encoding/json sorts map keys, as
// az's json.dumps(sort_keys=True) does).
func azRows(t *source.Table, rows []laRow) []map[string]string {
	out := make([]map[string]string, 0, len(rows))
	for _, r := range withTypes(t, rows) {
		m := map[string]string{"TableName": "PrimaryResult"}
		for _, c := range t.Columns {
			v, ok := r[c.Name]
			switch {
			case ok && v != nil:
				m[c.Name] = pyStr(v)
			case c.Type == "VARCHAR" || c.Type == "JSON":
				m[c.Name] = "" // Log Analytics returns empty strings, not nulls
			default:
				m[c.Name] = "None"
			}
		}
		out = append(out, m)
	}
	return out
}

func withTypes(t *source.Table, rows []laRow) []laRow {
	for _, r := range rows {
		withType(t, r)
	}
	return rows
}

// laAPI is the query API's response: {"tables":[{name, columns, rows}]},
// typed values, times in ISO 8601, dynamic values as JSON text.
func laAPI(t *source.Table, rows []laRow) obj {
	cols := make([]obj, 0, len(t.Columns))
	for _, c := range t.Columns {
		cols = append(cols, obj{{"name", c.Name}, {"type", azure.KustoType(c)}})
	}
	data := make([][]any, 0, len(rows))
	for _, r := range withTypes(t, rows) {
		row := make([]any, len(t.Columns))
		for i, c := range t.Columns {
			v := r[c.Name]
			switch x := v.(type) {
			case time.Time:
				v = isoMs(x)
			case nil:
				if c.Type == "VARCHAR" || c.Type == "JSON" {
					v = ""
				}
			}
			row[i] = v
		}
		data = append(data, row)
	}
	return obj{{"tables", []obj{{{"name", "PrimaryResult"}, {"columns", cols}, {"rows", data}}}}}
}

// laCSV is the portal's "Export to CSV": a header naming every column,
// datetime columns suffixed " [UTC]", times as "3/8/2024, 10:02:03.000 AM",
// JSON in quoted cells (multi-line when the value is).
func laCSV(t *source.Table, rows []laRow) ([]byte, error) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
		if c.Type == "TIMESTAMP" {
			header[i] += " [UTC]"
		}
	}
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range withTypes(t, rows) {
		for i, c := range t.Columns {
			switch v := r[c.Name].(type) {
			case nil:
				rec[i] = ""
			case time.Time:
				rec[i] = portalTime(v)
			case bool:
				rec[i] = strconv.FormatBool(v)
			case float64:
				rec[i] = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				rec[i] = pyStr(v)
			}
		}
		if err := cw.Write(rec); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}
