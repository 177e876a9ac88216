package msgtrace

import (
	"context"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Formats lists the two message trace exports. Both are CSV with headers
// no other source has; they must be tried before the Log Analytics CSV
// format, which claims any .csv file whose header is made of names.
var Formats = []source.Format{traceFormat{powershell}, traceFormat{report}}

// traceFormat reads one export into MessageTrace.
type traceFormat struct {
	ex *export
}

func (f traceFormat) Name() string         { return f.ex.format }
func (f traceFormat) Table() *source.Table { return MessageTrace }

func (f traceFormat) Sniff(_ string, head []byte) bool {
	return sniffed(head) == f.ex
}

func (f traceFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parse(ctx, f.ex, in, out)
}
