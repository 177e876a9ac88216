package nsgflow

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// recordHandler decodes one record at the decoder's position and writes
// its rows. It returns an error only when the rest of the file cannot be
// read (a JSON syntax error) or when the writer failed.
type recordHandler func(dec *json.Decoder, loc source.Location, out source.RowWriter) error

// parseRecords walks a flow log blob as a token stream: one record at a
// time is decoded, so memory stays bounded on files of hundreds of MB.
// It accepts {"records":[…]} (the blob), a bare array of records, and
// several such documents back to back (blobs appended to one file).
func parseRecords(ctx context.Context, r io.Reader, out source.RowWriter, handle recordHandler) error {
	// The sniffers allow a UTF-8 byte order mark; the JSON decoder does not.
	br := bufio.NewReader(r)
	if start, _ := br.Peek(3); bytes.Equal(start, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	p := &recordsParser{ctx: ctx, dec: json.NewDecoder(br), out: out, handle: handle}
	p.dec.UseNumber()
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err == nil {
			switch tok {
			case json.Delim('{'):
				err = p.document()
			case json.Delim('['):
				err = p.records()
			default:
				err = fmt.Errorf("expected a JSON object or array, found %v", tok)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			return fmt.Errorf("stopped after record %d (byte %d): %w", p.record, p.dec.InputOffset(), err)
		}
	}
}

type recordsParser struct {
	ctx    context.Context
	dec    *json.Decoder
	out    source.RowWriter
	handle recordHandler
	record int64 // records seen so far, across documents
}

// document reads the rest of an object whose '{' was read, loading the
// records of its "records" member and skipping the other members.
func (p *recordsParser) document() error {
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if key != "records" {
			var skip json.RawMessage
			if err := p.dec.Decode(&skip); err != nil {
				return err
			}
			continue
		}
		tok, err = p.dec.Token()
		if err != nil {
			return err
		}
		if tok != json.Delim('[') {
			return fmt.Errorf(`"records" is %v, expected an array`, tok)
		}
		if err := p.records(); err != nil {
			return err
		}
	}
	_, err := p.dec.Token() // the closing '}'
	return err
}

// records reads the elements of an array whose '[' was read, and its ']'.
func (p *recordsParser) records() error {
	for p.dec.More() {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		p.record++
		if err := p.handle(p.dec, source.Location{Record: p.record}, p.out); err != nil {
			return err
		}
	}
	_, err := p.dec.Token() // the closing ']'
	return err
}

// decodeRecord decodes the value at the decoder's position into v. A value
// of the wrong shape (a string where flows are expected …) is reported as
// a reject and ok is false; the decoder has then still moved past it. Only
// unreadable JSON is returned as an error.
func decodeRecord(dec *json.Decoder, loc source.Location, out source.RowWriter, v any) (ok bool, err error) {
	err = dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		out.Reject(loc, fmt.Sprintf("%s is a JSON %s, expected %s", fieldName(typeErr), typeErr.Value, jsonKind(typeErr.Type)))
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

func fieldName(e *json.UnmarshalTypeError) string {
	if e.Field == "" {
		return "the record"
	}
	return e.Field
}

// jsonKind names the JSON kind a Go type is decoded from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.Kind().String()
}
