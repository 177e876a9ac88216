package vpcflow

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// countWriter counts rows and keeps nothing, so the benchmark measures the
// parser alone.
type countWriter struct{ rows, rejects int }

func (w *countWriter) Row(source.Location, []any) error                     { w.rows++; return nil }
func (w *countWriter) TableRow(*source.Table, source.Location, []any) error { w.rows++; return nil }
func (w *countWriter) Reject(source.Location, string)                       { w.rejects++ }
func (w *countWriter) Warn(source.Location, string)                         {}

// benchFile builds a default-format file of n records that vary like real
// ones: a few interfaces, many peers and ephemeral ports, a capture window
// shared by runs of records.
func benchFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString(defaultHeader + "\n")
	for i := 0; i < n; i++ {
		action, status := "ACCEPT", "OK"
		if i%7 == 0 {
			action = "REJECT"
		}
		fmt.Fprintf(&b, "2 123456789012 eni-0a1b2c3d4e5f6%04d 10.0.%d.%d 203.0.%d.%d %d %d 6 %d %d %d %d %s %s\n",
			i%16, i%4, i%250, (i/250)%250, i%200, 32768+i%28000, []int{443, 22, 80, 3389}[i%4],
			1+i%90, 40+(i*37)%90000, 1709892672+i/500*60, 1709892732+i/500*60, action, status)
	}
	return b.Bytes()
}

func BenchmarkParseText(b *testing.B) {
	data := benchFile(200_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		w := &countWriter{}
		in := source.Input{Path: "bench.log", R: bytes.NewReader(data), Head: data[:source.HeadSize]}
		if err := (textFormat{}).Parse(context.Background(), in, w); err != nil || w.rows != 200_000 {
			b.Fatalf("err %v, %d rows, %d rejects", err, w.rows, w.rejects)
		}
	}
}

func BenchmarkParseCWLEvents(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString(`{"events":[`)
	for i, line := range bytes.Split(bytes.TrimSpace(benchFile(50_000)), []byte("\n"))[1:] {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"logStreamName":"eni-0a1b2c3d4e5f6%04d-all","timestamp":%d,"message":"%s","ingestionTime":1709892800000,"eventId":"%d"}`, i%16, 1709892672000+i, line, i)
	}
	buf.WriteString(`],"searchedLogStreams":[]}`)
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		w := &countWriter{}
		in := source.Input{Path: "bench.json", R: bytes.NewReader(data), Head: data[:source.HeadSize]}
		if err := (eventsFormat{}).Parse(context.Background(), in, w); err != nil || w.rows != 50_000 {
			b.Fatalf("err %v, %d rows, %d rejects", err, w.rows, w.rejects)
		}
	}
}
