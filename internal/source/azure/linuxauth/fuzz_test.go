package linuxauth

import (
	"bytes"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// FuzzParse checks the invariants on arbitrary input: no panic, every row
// of one typed value per column with RawData set, every issue at a line.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "\n\n", secureSample, authLogSample, journalText, journalJSON, isoSample,
		"Feb 29 10:00:00 h sshd[1]: leap\nDec 31 23:59:59 h su: x\nJan  1 00:00:00 h su: y\n",
		"<38>1 - - - - - -\n<999>Mar  8 10:00:01 h x\n<12>Mar  8 10:00:01 h sudo: z\n",
		`{"__REALTIME_TIMESTAMP":"99999999999999999999","MESSAGE":[300]}` + "\n" + `{"MESSAGE":{}}`,
		"Mar  8 10:00:01.999999999999 h sshd[: \xff\n2024-03-08T10:00:01+99:99 h a:\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sniff(data)
		w, err := parseAt(t, "logs/secure-20240310", bytes.NewReader(data), data)
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		cols := azure.LinuxAuthCL.Columns
		for _, r := range w.rows {
			if len(r.values) != len(cols) || r.loc.Line < 1 {
				t.Fatalf("row %v has %d values", r.loc, len(r.values))
			}
			for i, c := range cols {
				v := r.values[i]
				if v == nil {
					if c.Name == "RawData" || c.Name == "Type" {
						t.Fatalf("%s is NULL", c.Name)
					}
					continue
				}
				switch c.Type {
				case "VARCHAR":
					if s, ok := v.(string); !ok || !utf8.ValidString(s) {
						t.Fatalf("%s = %#v", c.Name, v)
					}
				case "TIMESTAMP":
					tv, ok := v.(time.Time)
					if !ok || tv.Year() < 0 || tv.Year() > 9999 {
						t.Fatalf("%s = %#v", c.Name, v)
					}
				}
			}
		}
		for _, issue := range append(w.rejects, w.warns...) {
			if issue.loc.Line < 1 || issue.reason == "" {
				t.Fatalf("issue without a line or a reason: %+v", issue)
			}
		}
	})
}
