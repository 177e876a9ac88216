package s3access

import (
	"context"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Formats lists the ways S3 server access logs arrive: the raw text objects
// S3 writes (keys <prefix>YYYY-mm-DD-HH-MM-SS-<unique>, no extension,
// usually not compressed; ingest decompresses those that are).
var Formats = []source.Format{textFormat{}}

type textFormat struct{}

func (textFormat) Name() string         { return "s3-access-log" }
func (textFormat) Table() *source.Table { return Table }

// Sniff looks at the content only: object keys carry no extension.
func (textFormat) Sniff(_ string, head []byte) bool { return sniff(head) }

func (textFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parse(ctx, in.R, out)
}
