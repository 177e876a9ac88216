package laexport

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// countWriter counts rows, for big inputs.
type countWriter struct{ rows, rejects, warns int }

func (w *countWriter) Row(source.Location, []any) error { return nil }
func (w *countWriter) TableRow(*source.Table, source.Location, []any) error {
	w.rows++
	return nil
}
func (w *countWriter) Reject(source.Location, string) { w.rejects++ }
func (w *countWriter) Warn(source.Location, string)   { w.warns++ }

// repeatReader yields head, then body n times, then tail, without
// holding the whole text.
type repeatReader struct {
	parts []string
	body  string
	n     int
	cur   string
}

func (r *repeatReader) Read(p []byte) (int, error) {
	for r.cur == "" {
		switch {
		case len(r.parts) > 1:
			r.cur, r.parts = r.parts[0], r.parts[1:]
		case r.n > 0:
			r.cur = r.body
			r.n--
		case len(r.parts) == 1:
			r.cur, r.parts = r.parts[0], nil
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// TestBoundedMemory parses ~20 MB of each format from a stream and
// checks the heap stays far below the input's size.
func TestBoundedMemory(t *testing.T) {
	rows := append(withType(signinRows), withType(activityRows)...)
	az := azJSON(t, rows)
	azBody := strings.TrimSuffix(strings.TrimPrefix(az, "["), "]") + ","
	csv := portalCSV(t, rows)
	csvHeader, csvBody, _ := strings.Cut(csv, "\r\n")
	api := apiJSON(rows)
	apiHead, apiRest, _ := strings.Cut(api, `"rows":[`)
	apiRows := strings.TrimSuffix(apiRest, "]}]}\n")
	cases := []struct {
		format string
		r      func(n int) io.Reader
		size   int
	}{
		{"azure-la-rows", func(n int) io.Reader {
			return &repeatReader{parts: []string{"[", strings.TrimSuffix(azBody, ",") + "]"}, body: azBody, n: n}
		}, len(azBody)},
		{"azure-la-csv", func(n int) io.Reader {
			return &repeatReader{parts: []string{csvHeader + "\r\n", ""}, body: csvBody, n: n}
		}, len(csvBody)},
		{"azure-la-api", func(n int) io.Reader {
			return &repeatReader{parts: []string{apiHead + `"rows":[`, apiRows + "]}]}"}, body: apiRows + ",", n: n}
		}, len(apiRows)},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			n := 20 << 20 / c.size
			w := &countWriter{}
			var peak uint64
			done := make(chan struct{})
			start := time.Now()
			go func() {
				var ms runtime.MemStats
				for {
					select {
					case <-done:
						return
					default:
					}
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
					time.Sleep(5 * time.Millisecond)
				}
			}()
			in := source.Input{Path: "x", R: c.r(n)} // Type columns say the tables
			err := formatNamed(t, c.format).Parse(context.Background(), in, w)
			close(done)
			t.Logf("%d rows in %v, heap peak %d MiB", w.rows, time.Since(start), peak>>20)
			if err != nil {
				t.Fatal(err)
			}
			if w.rows != 4*(n+1) && w.rows != 4*n {
				t.Errorf("%d rows, want about %d", w.rows, 4*n)
			}
			if peak > 48<<20 {
				t.Errorf("heap in use peaked at %d MiB for 20 MB of input", peak>>20)
			}
		})
	}
}
