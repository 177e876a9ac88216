package vpcflow

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// kind is how a field's text becomes a value: the Go type the store expects
// for the column's DuckDB type.
type kind uint8

const (
	kindString kind = iota // VARCHAR → string
	kindInt32              // INTEGER → int32
	kindInt64              // BIGINT → int64
)

func kindOf(columnType string) kind {
	switch columnType {
	case "INTEGER":
		return kindInt32
	case "BIGINT":
		return kindInt64
	}
	return kindString
}

// slot is one field position of a record.
type slot struct {
	field string // as the header names it, for messages
	col   int    // index in Table.Columns, or -1 when the field is not loaded
	kind  kind

	// The text last seen in this position and its value. Consecutive records
	// repeat most fields (account, interface, protocol, capture window), so
	// reusing the value saves a conversion and an allocation.
	prevText string
	prevVal  any
}

// span is where one field lies in a record: record[start:end].
type span struct{ start, end int }

// maxChunkRows is how many rows' values are allocated at once, at most.
const maxChunkRows = 256

// maxUnixSeconds is the last second of year 9999: a later start is garbage
// and would not fit the store's TIMESTAMP.
const maxUnixSeconds = 253402300799

// decoder turns records of one field layout into rows of Table.
type decoder struct {
	slots []slot
	// what says where the layout comes from, for messages: "per the header"
	// or "default format".
	what      string
	startSlot int // position of the start field, or -1

	startTimeCol, logGroupCol, logStreamCol int
	// logGroup and logStream go into every row: nil, or a string known from
	// outside the record (a path, a JSON envelope).
	logGroup, logStream any

	spans []span
	// chunk holds the values of the next rows, chunkRows rows at a time.
	// Each row gets its own slice of it, so a writer may keep the slice it
	// is handed.
	chunk     []any
	chunkRows int

	prevStart     int64
	prevStartTime any
}

// newDecoder builds a decoder for records whose fields come in the given
// order. It also returns what is wrong with the layout, to be reported as
// warnings: unknown or repeated fields, and a missing start field.
func newDecoder(fields []string, what string) (*decoder, []string) {
	d := &decoder{
		what:         what,
		startSlot:    -1,
		startTimeCol: columnIndex("start_time"),
		logGroupCol:  columnIndex("log_group"),
		logStreamCol: columnIndex("log_stream"),
	}
	var warnings, unknown []string
	seen := make(map[string]bool)
	for i, token := range fields {
		name := fieldName(token)
		s := slot{field: name, col: -1}
		column := fieldColumn(name)
		switch {
		case column == "":
			unknown = append(unknown, strconv.Quote(name))
		case seen[name]:
			warnings = append(warnings, fmt.Sprintf("field %q appears twice in the header: only the first is loaded", name))
		default:
			seen[name] = true
			s.col = columnIndex(column)
			s.kind = kindOf(Table.Columns[s.col].Type)
			if name == "start" {
				d.startSlot = i
			}
		}
		d.slots = append(d.slots, s)
	}
	switch len(unknown) {
	case 0:
	case 1:
		warnings = append(warnings, fmt.Sprintf("header field %s is not a known flow log field: its values are not loaded", unknown[0]))
	default:
		warnings = append(warnings, fmt.Sprintf("header fields %s are not known flow log fields: their values are not loaded", strings.Join(unknown, ", ")))
	}
	if d.startSlot < 0 && len(seen) > 0 {
		warnings = append(warnings, "the header has no start field: rows have no start_time")
	}
	return d, warnings
}

// knownFields counts the fields the decoder loads.
func (d *decoder) knownFields() int {
	n := 0
	for _, s := range d.slots {
		if s.col >= 0 {
			n++
		}
	}
	return n
}

// decode converts one record (a line without its line ending). It returns
// the row's values and, when the row lacks a start time, a warning; or,
// when the record cannot be loaded, the reason.
func (d *decoder) decode(record string) (values []any, warning, reject string) {
	d.spans = splitFields(record, d.spans[:0])
	if len(d.spans) != len(d.slots) {
		return nil, "", fmt.Sprintf("expected %d fields (%s), found %d", len(d.slots), d.what, len(d.spans))
	}
	ncols := len(Table.Columns)
	if len(d.chunk) < ncols {
		// Chunks grow, so that a file of a few records costs little.
		d.chunkRows = min(max(2*d.chunkRows, 8), maxChunkRows)
		d.chunk = make([]any, ncols*d.chunkRows)
	}
	values = d.chunk[:ncols:ncols]
	for i, sp := range d.spans {
		s := &d.slots[i]
		text := record[sp.start:sp.end]
		if s.col < 0 || text == "-" { // "-" is AWS's "no value"
			continue
		}
		if text != s.prevText {
			v, err := convert(text, s.kind)
			if err != nil {
				clear(values) // the next record reuses this slice
				return nil, "", fmt.Sprintf("field %s: %v", s.field, err)
			}
			s.prevText, s.prevVal = text, v
		}
		values[s.col] = s.prevVal
	}
	values[d.startTimeCol], warning = d.startTime(values)
	values[d.logGroupCol] = d.logGroup
	values[d.logStreamCol] = d.logStream
	d.chunk = d.chunk[ncols:]
	return values, warning, ""
}

// startTime derives start_time from the row's start.
func (d *decoder) startTime(values []any) (any, string) {
	if d.startSlot < 0 {
		return nil, "" // said once, at the header
	}
	start, ok := values[d.slots[d.startSlot].col].(int64)
	switch {
	case !ok:
		return nil, `start is "-": the row has no start_time`
	case start > maxUnixSeconds:
		return nil, fmt.Sprintf("start %d is after year 9999: the row has no start_time", start)
	}
	if d.prevStartTime == nil || start != d.prevStart {
		d.prevStart, d.prevStartTime = start, time.Unix(start, 0).UTC()
	}
	return d.prevStartTime, ""
}

var (
	errNotNumber  = errors.New("not a number")
	errOutOfRange = errors.New("out of range")
)

// convert turns a field's text into the value its column takes.
func convert(text string, k kind) (any, error) {
	switch k {
	case kindInt32:
		n, err := parseUint(text, 1<<31-1)
		if err != nil {
			return nil, numberError(text, err, "INTEGER")
		}
		return int32(n), nil
	case kindInt64:
		n, err := parseUint(text, 1<<63-1)
		if err != nil {
			return nil, numberError(text, err, "BIGINT")
		}
		return int64(n), nil
	}
	return text, nil
}

func numberError(text string, err error, columnType string) error {
	if err == errOutOfRange {
		return fmt.Errorf("%s is too large for %s", shortQuote(text), columnType)
	}
	return fmt.Errorf("%s is not a number", shortQuote(text))
}

// parseUint parses a decimal number no larger than max. Flow log numbers
// are never negative or signed, so only digits are accepted. Unlike
// strconv it does not allocate on the hot path and takes a string.
func parseUint(s string, max uint64) (uint64, error) {
	if !isDigits(s) {
		return 0, errNotNumber
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := uint64(s[i] - '0')
		if n > (max-c)/10 {
			return 0, errOutOfRange
		}
		n = n*10 + c
	}
	return n, nil
}

// shortQuote quotes a value for a message, cut to a readable length.
func shortQuote(s string) string {
	const max = 40
	if len(s) > max {
		return strconv.Quote(s[:max]) + "…"
	}
	return strconv.Quote(s)
}

// splitFields appends the positions of the space-separated fields of record
// to spans. Runs of spaces count as one separator, so stray double or
// trailing spaces do not shift the fields.
func splitFields(record string, spans []span) []span {
	for i := 0; i < len(record); {
		if record[i] == ' ' {
			i++
			continue
		}
		end := strings.IndexByte(record[i:], ' ')
		if end < 0 {
			end = len(record)
		} else {
			end += i
		}
		spans = append(spans, span{i, end})
		i = end + 1
	}
	return spans
}
