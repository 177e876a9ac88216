package cloudtrail

import (
	"context"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// shape is one way CloudTrail records are laid out in a file.
type shape int

const (
	shapeRecords   shape = iota // {"Records":[…]}: S3 delivery
	shapeArray                  // [{…},{…}]
	shapeLookup                 // aws cloudtrail lookup-events output
	shapeCWLEvents              // aws logs get-log-events / filter-log-events output
	shapeCWLExport              // CloudWatch Logs S3 export lines
	shapeLines                  // JSON lines, concatenated objects, or one object
)

// format is a source.Format for one shape.
type format struct {
	name  string
	shape shape
	sniff func(head []byte) bool
}

// Formats lists the CloudTrail formats in the order they are sniffed, the
// most specific first. Each sniffer claims only its own shape (a test checks
// that no two claim the same file), so the order matters only for speed.
var Formats = []source.Format{
	&format{name: "cloudtrail-records", shape: shapeRecords, sniff: sniffRecords},
	&format{name: "cloudtrail-array", shape: shapeArray, sniff: sniffArray},
	&format{name: "cloudtrail-lookup-events", shape: shapeLookup, sniff: sniffLookup},
	&format{name: "cloudtrail-cwl-events", shape: shapeCWLEvents, sniff: sniffCWLEvents},
	&format{name: "cloudtrail-cwl-export", shape: shapeCWLExport, sniff: sniffCWLExport},
	&format{name: "cloudtrail-jsonl", shape: shapeLines, sniff: sniffLines},
}

// Skips lists CloudTrail files that hold no events.
var Skips = []source.Skip{{
	Name:   "cloudtrail-digest",
	Reason: "CloudTrail digest file: integrity chain, holds no events",
	Match:  isDigest,
}}

func (f *format) Name() string         { return f.name }
func (f *format) Table() *source.Table { return Table }

// Sniff looks at the content only: the same records arrive under any name.
func (f *format) Sniff(path string, head []byte) bool { return f.sniff(head) }

func (f *format) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	_, err := f.parse(ctx, in, out)
	return err
}

// parse is Parse that also returns how many records the scanner cut out of
// the stream (tests check each became a row or a reject).
func (f *format) parse(ctx context.Context, in source.Input, out source.RowWriter) (records int64, err error) {
	p := newParser(ctx, in.R, out)
	err = p.run(f.shape)
	return p.records, err
}
