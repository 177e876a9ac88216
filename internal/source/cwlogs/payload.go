package cwlogs

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// maxPayload caps a decoded subscription payload. CloudWatch Logs sends at
// most about 1 MB of events in one; this leaves room and stops gzip bombs.
const maxPayload = 16 << 20

// maxEncodedLine caps a base64 line (a payload, gzipped, then encoded).
const maxEncodedLine = 8 << 20

// parseBase64 reads subscription payloads one per line, each base64 of the
// gzipped JSON (as a Lambda or a Firehose transformation receives them)
// or of the plain JSON. A line that does not decode is rejected; the
// others go on.
func parseBase64(ctx context.Context, in source.Input, out source.RowWriter) error {
	e := newEmitter(out)
	lr := newLineReader(in.R, maxEncodedLine)
	var record int64
	for {
		line, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("stopped after line %d: %w", lr.line, err)
		}
		if len(bytes.TrimSpace(line)) == 0 && !tooLong {
			continue
		}
		loc := source.Location{Line: lr.line}
		if tooLong {
			out.Reject(loc, fmt.Sprintf("line is longer than %d bytes", maxEncodedLine))
			continue
		}
		payload, err := decodePayload(line)
		if err != nil {
			out.Reject(loc, err.Error())
			continue
		}
		p := &eventsParser{ctx: ctx, dec: json.NewDecoder(bytes.NewReader(payload)), emit: e, line: lr.line, record: &record}
		if err := p.run(); err != nil {
			var we writerError
			if errors.As(err, &we) || ctx.Err() != nil {
				return err
			}
			out.Reject(loc, "payload: "+err.Error())
		}
	}
}

// decodePayload turns a base64 line into the payload's JSON text.
func decodePayload(line []byte) ([]byte, error) {
	line = bytes.TrimSpace(line)
	raw := make([]byte, base64.StdEncoding.DecodedLen(len(line)))
	n, err := base64.StdEncoding.Decode(raw, line)
	if err != nil {
		return nil, fmt.Errorf("expected a base64-encoded subscription payload: %v", err)
	}
	raw = raw[:n]
	if !bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) {
		return raw, nil // base64 of the JSON itself
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("payload is not valid gzip: %v", err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, maxPayload+1))
	if err != nil {
		return nil, fmt.Errorf("payload is not valid gzip: %v", err)
	}
	if len(data) > maxPayload {
		return nil, fmt.Errorf("payload is larger than %d bytes decompressed", maxPayload)
	}
	return data, nil
}
