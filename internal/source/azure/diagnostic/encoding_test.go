package diagnostic

import (
	"strings"
	"testing"
)

// A lone UTF-16 surrogate escape is valid JSON that DuckDB's JSON type
// refuses: in a dynamic column it must be mended, or the whole file fails
// to load.
func TestLoneSurrogateInDynamicColumn(t *testing.T) {
	rec := strings.Replace(recActivity, `"name":"Alice Smith"`, `"name":"Alice \ud800Smith"`, 1)
	if rec == recActivity {
		t.Fatal("fixture changed: no claim name to alter")
	}
	c, sum := ingestEvidence(t, map[string]string{"insights-activity-logs/PT1H.json": recordsFile(rec)})
	if sum.Failed != 0 || sum.Records != 1 {
		t.Fatalf("summary %+v, want the record loaded", sum)
	}
	var claims string
	if err := c.DB.QueryRow(`SELECT CAST(Claims_d AS VARCHAR) FROM AzureActivity`).Scan(&claims); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(claims, `Alice \ufffdSmith`) && !strings.Contains(claims, "Alice \uFFFDSmith") {
		t.Errorf("Claims_d = %s", claims)
	}
}

// Files saved with a UTF-8 byte order mark are claimed by the sniffers, so
// the parsers must read them too.
func TestByteOrderMark(t *testing.T) {
	for _, tc := range []struct{ format, content string }{
		{"azure-diagnostic", recordsFile(recActivity)},
		{"azure-diagnostic", "[" + recActivity + "]"},
		{"azure-graph", graphSignIns},
		{"azure-security-alerts", azAlerts},
	} {
		content := "\xEF\xBB\xBF" + tc.content
		if got := sniffed(content); got != tc.format {
			t.Errorf("%s: sniffed as %q", tc.format, got)
		}
		w, err := parse(t, tc.format, content, "")
		if err != nil || len(w.rows) == 0 {
			t.Errorf("%s: %d rows, error %v", tc.format, len(w.rows), err)
		}
	}
}

func sniffed(content string) string {
	for _, f := range Formats {
		if f.Sniff("test.json", []byte(content)) {
			return f.Name()
		}
	}
	return ""
}
