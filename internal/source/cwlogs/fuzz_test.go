package cwlogs

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

func fuzzFormat(f *testing.F, format source.Format) {
	for _, s := range []string{
		"", "\n", `{"events":[{"timestamp":1,"message":"m"}]}`,
		`{"events":[{"message":42},17,{"message":"x","timestamp":"y"},{"nested":{"message":[1]}}]}`,
		`{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":` + jsonString(eksMessage) + `}]}`,
		`[{"timestamp":1e30,"message":` + jsonString(apigwMessage) + `}]`,
		"2024-03-08T10:11:12.000Z " + eksMessage + "\ncontinued\n2024-03-08T10:11:13Z x\n",
		"2024-99-08T10:11:12.000Z x\n\xff\xfe\n", "0000-01-01T00:00:00Z year zero\n",
		"H4sIAAAAAAAA/wrRUkrOzytJzSvRyfZIzcnJV0jOzytJzSvRSc7PK0nNK9HJ\neyJhIjoxfQ==\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format.Sniff(exportPath, data)
		w := &fakeWriter{}
		format.Parse(context.Background(), source.Input{Path: exportPath, R: bytes.NewReader(data), Head: data}, w)
		for _, r := range w.rows {
			if len(r.values) != len(Table.Columns) || r.loc.Record < 1 {
				t.Fatalf("row %v with %d values", r.loc, len(r.values))
			}
			for i, c := range Table.Columns {
				v := r.values[i]
				ok := v == nil
				switch v := v.(type) {
				case string:
					ok = c.Type == "VARCHAR" || c.Type == "JSON"
				case int32:
					ok = c.Type == "INTEGER"
				case time.Time:
					ok = c.Type == "TIMESTAMP" && v.Year() <= 9999 && v.Year() >= 1
				}
				if !ok {
					t.Fatalf("column %s (%s) holds %#v", c.Name, c.Type, v)
				}
			}
			if r.values[colMessage] == nil || r.values[colKind] == nil {
				t.Fatalf("row without message or kind: %v", r.values)
			}
		}
		for _, is := range append(w.rejects, w.warns...) {
			if is.reason == "" || is.loc.Line < 0 || is.loc.Record < 0 {
				t.Fatalf("issue %#v", is)
			}
		}
	})
}

func FuzzEvents(f *testing.F) { fuzzFormat(f, eventsFmt) }
func FuzzExport(f *testing.F) { fuzzFormat(f, exportFmt) }
func FuzzBase64(f *testing.F) { fuzzFormat(f, base64Fmt) }
