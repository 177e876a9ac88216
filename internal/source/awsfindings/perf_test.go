package awsfindings

import (
	"strings"
	"testing"
	"time"
)

// TestLargeFileLinear: 5,000 findings load in seconds, not minutes, each
// way, so no step is quadratic in the file.
func TestLargeFileLinear(t *testing.T) {
	lines := strings.Repeat(gdCamel+"\n", 5000)
	pretty := indent(t, wrap("Findings", strings.Repeat(gdSSH+",", 4999)+gdSSH))
	for _, c := range []struct{ format, text string }{{"guardduty-export", lines}, {"guardduty-findings", pretty}} {
		start := time.Now()
		w := mustParse(t, c.format, c.text)
		if len(w.rows) != 5000 {
			t.Errorf("%s: %d rows", c.format, len(w.rows))
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s: %v", c.format, d)
		}
		t.Logf("%s: %v", c.format, time.Since(start))
	}
}
