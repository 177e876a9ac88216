package vpcflow

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Formats lists the ways flow logs arrive, in the order they are sniffed:
// the stricter shapes first, header-less lines (the loosest) last.
var Formats = []source.Format{textFormat{}, exportFormat{}, eventsFormat{}, noHeaderFormat{}}

// textFormat is the S3 text format: a header line naming the fields, in any
// order and subset of the versions, then one record per line.
type textFormat struct{}

func (textFormat) Name() string                     { return "vpcflow-text" }
func (textFormat) Table() *source.Table             { return Table }
func (textFormat) Sniff(_ string, head []byte) bool { return sniffHeader(head) }

func (textFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseLines(ctx, in, out, lineOptions{header: true})
}

// exportFormat is a CloudWatch Logs export task's output: each line is the
// event's timestamp, a space and a default-format record, in files
// <prefix>/<taskId>/<logStreamName>/000000.gz. The export does not name
// the log group, so log_group stays NULL.
type exportFormat struct{}

func (exportFormat) Name() string                     { return "vpcflow-cwl-export" }
func (exportFormat) Table() *source.Table             { return Table }
func (exportFormat) Sniff(_ string, head []byte) bool { return sniffExport(head) }

func (exportFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseLines(ctx, in, out, lineOptions{timestamp: true, logStream: streamFromPath(in.Path)})
}

// noHeaderFormat is default-format records without the header line, as
// left by `zcat | tail` or a copy from a console.
type noHeaderFormat struct{}

func (noHeaderFormat) Name() string                     { return "vpcflow-text-noheader" }
func (noHeaderFormat) Table() *source.Table             { return Table }
func (noHeaderFormat) Sniff(_ string, head []byte) bool { return sniffDefaultRecord(head) }

func (noHeaderFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseLines(ctx, in, out, lineOptions{})
}

// streamFromPath returns the log stream of an export file, taken from its
// folder, when that folder is named like a flow log stream: the interface
// id, possibly with a traffic-type suffix (eni-0abc…-all).
func streamFromPath(path string) any {
	dir := filepath.Base(filepath.Dir(path))
	if !strings.HasPrefix(dir, "eni-") || !isFieldShaped(dir) {
		return nil
	}
	return dir
}
