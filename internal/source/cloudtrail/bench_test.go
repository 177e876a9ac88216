package cloudtrail

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// countWriter counts and drops what it is given.
type countWriter struct{ rows, rejects, warns int64 }

func (w *countWriter) Row(source.Location, []any) error                     { w.rows++; return nil }
func (w *countWriter) TableRow(*source.Table, source.Location, []any) error { w.rows++; return nil }
func (w *countWriter) Reject(source.Location, string)                       { w.rejects++ }
func (w *countWriter) Warn(source.Location, string)                         { w.warns++ }

// benchRecords returns n records (~1.4 KB each on average, like busy
// accounts), each with its own eventID and time.
func benchRecords(n int) []string {
	recs := make([]string, n)
	for i := range recs {
		r := allRecords[i%len(allRecords)]
		r = strings.Replace(r, `"eventID":"`, fmt.Sprintf(`"eventID":"%08d-`, i), 1)
		r = strings.Replace(r, `:00Z"`, fmt.Sprintf(`:%02dZ"`, i%60), 1)
		recs[i] = r
	}
	return recs
}

func benchParse(b *testing.B, name string, text []byte, want int64) {
	f := formatNamed(b, name)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		w := &countWriter{}
		if err := f.Parse(context.Background(), source.Input{R: bytes.NewReader(text)}, w); err != nil {
			b.Fatal(err)
		}
		if w.rows != want || w.rejects != 0 {
			b.Fatalf("rows %d rejects %d, want %d rows", w.rows, w.rejects, want)
		}
	}
	reportCPU(b, len(text), cpuTime()-cpu)
}

// reportCPU adds MB per CPU second (GC included) to the benchmark's report.
func reportCPU(b *testing.B, size int, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

const benchN = 20000

func BenchmarkParseRecords(b *testing.B) {
	benchParse(b, "cloudtrail-records", []byte(recordsFile(benchRecords(benchN)...)), benchN)
}

func BenchmarkParseRecordsPretty(b *testing.B) {
	benchParse(b, "cloudtrail-records", []byte(indent(b, recordsFile(benchRecords(benchN)...))), benchN)
}

func BenchmarkParseJSONL(b *testing.B) {
	benchParse(b, "cloudtrail-jsonl", []byte(linesFile(benchRecords(benchN)...)), benchN)
}

func BenchmarkParseLookupEvents(b *testing.B) {
	benchParse(b, "cloudtrail-lookup-events", []byte(lookupFile(b, benchRecords(benchN)...)), benchN)
}

func BenchmarkParseCWLEvents(b *testing.B) {
	benchParse(b, "cloudtrail-cwl-events", []byte(cwlEventsFile(true, benchRecords(benchN)...)), benchN)
}

func BenchmarkParseCWLExport(b *testing.B) {
	benchParse(b, "cloudtrail-cwl-export", []byte(cwlExportFile(benchRecords(benchN)...)), benchN)
}

// BenchmarkScanRecords measures the splitter alone.
func BenchmarkScanRecords(b *testing.B) {
	text := []byte(recordsFile(benchRecords(benchN)...))
	b.SetBytes(int64(len(text)))
	cpu := cpuTime()
	for range b.N {
		p := newParser(context.Background(), bytes.NewReader(text), &countWriter{})
		n := 0
		if err := p.walk("Records", false, func(v rawValue, name string, idx int) error { n++; return nil }); err != nil || n != benchN {
			b.Fatal(err, n)
		}
	}
	reportCPU(b, len(text), cpuTime()-cpu)
}
