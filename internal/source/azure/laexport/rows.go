package laexport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// parseRows reads a JSON array of row objects, one element at a time: az
// prints every value as a string, the portal's JSON export writes typed
// values; both go through the same conversion.
func parseRows(ctx context.Context, in source.Input, out source.RowWriter) error {
	l, err := newLoader(in, out)
	if err != nil {
		return err
	}
	defer l.finish()
	lr := newLineReader(skipBOM(in.R))
	dec := json.NewDecoder(lr)
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return stopped(lr, dec, err)
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("line %d: the file does not start with a JSON array of rows (found %v)", lr.lineAt(dec.InputOffset()), tok)
	}
	var names []string
	var values []any
	for record := int64(1); dec.More(); record++ {
		if record%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return stopped(lr, dec, err)
		}
		loc := source.Location{Line: lr.lineAt(dec.InputOffset() - int64(len(raw))), Record: record}
		if raw[0] != '{' {
			l.written++
			out.Reject(loc, fmt.Sprintf("element %d of the array is %s, not a row object", record, kindOf(raw)))
			continue
		}
		names, values, err = members(raw, names[:0], values[:0])
		if err != nil {
			l.written++
			out.Reject(loc, err.Error())
			continue
		}
		if err := l.row(loc, names, values); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return stopped(lr, dec, err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return stopped(lr, dec, err)
		}
		return fmt.Errorf("line %d: %v after the array of rows, where the file should end", lr.lineAt(dec.InputOffset()), tok)
	}
	return nil
}

// members lists an object's keys and values (as rawValue gives them), in
// the object's order.
func members(obj json.RawMessage, names []string, values []any) ([]string, []any, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // '{'
		return names, values, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return names, values, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return names, values, err
		}
		v, err := rawValue(raw)
		if err != nil {
			return names, values, fmt.Errorf("%s: %v", key, err)
		}
		names = append(names, key)
		values = append(values, v)
	}
	return names, values, nil
}
