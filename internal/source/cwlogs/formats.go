package cwlogs

import (
	"context"
	"encoding/json"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Formats lists the ways CloudWatch Logs events arrive. They are disjoint
// (a JSON document, lines starting with a time, lines of base64), and each
// refuses what the CloudTrail and VPC flow log formats take, so they go
// after those.
var Formats = []source.Format{eventsFormat{}, exportFormat{}, base64Format{}}

// eventsFormat is get-log-events / filter-log-events output, plain
// subscription payloads (back to back, as Firehose delivers them to S3)
// and bare arrays of events. get-log-events does not name the stream or
// the group, and filter-log-events only the stream: the rest is NULL
// (ingest --log-group records the group for the whole file).
type eventsFormat struct{}

func (eventsFormat) Name() string                        { return "cwl-events" }
func (eventsFormat) Table() *source.Table                { return Table }
func (eventsFormat) Sniff(path string, head []byte) bool { return sniffEvents(path, head) }

func (eventsFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	var record int64
	p := &eventsParser{ctx: ctx, dec: json.NewDecoder(in.R), emit: newEmitter(out), record: &record}
	return p.run()
}

// exportFormat is an export task's objects,
// <prefix>/<taskId>/<logStreamName>/000000.gz, one event per line after
// its time. The stream comes from the path; the group is not in the file.
type exportFormat struct{}

func (exportFormat) Name() string                        { return "cwl-export" }
func (exportFormat) Table() *source.Table                { return Table }
func (exportFormat) Sniff(path string, head []byte) bool { return sniffExport(path, head) }

func (exportFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseExport(ctx, in, out)
}

// base64Format is subscription payloads as a subscriber receives them:
// base64 of the gzipped JSON, one per line.
type base64Format struct{}

func (base64Format) Name() string                        { return "cwl-subscription-base64" }
func (base64Format) Table() *source.Table                { return Table }
func (base64Format) Sniff(path string, head []byte) bool { return sniffBase64(path, head) }

func (base64Format) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseBase64(ctx, in, out)
}
