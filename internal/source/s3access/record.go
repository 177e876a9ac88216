package s3access

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// timeLayout is the strftime "[%d/%b/%Y:%H:%M:%S %z]" S3 writes.
const timeLayout = "[02/Jan/2006:15:04:05 -0700]"

// column kinds: how a field's text becomes a value.
type kind int

const (
	text kind = iota
	quoted
	bracketTime
	integer // INTEGER: int32
	bigint  // BIGINT: int64
)

// kinds gives the kind of each of the knownFields fields, in order.
var kinds = [knownFields]kind{
	text, text, bracketTime, text, text, text, text, text, quoted, integer,
	text, bigint, bigint, bigint, bigint, quoted, quoted, text, text, text,
	text, text, text, text, text, text, text,
}

// decodeRecord turns a line into the table's values. A reason is returned
// for a line that cannot be loaded; a warning for a row loaded incomplete.
func decodeRecord(line string, values []any) (warning, reason string) {
	fields, err := splitFields(line)
	if err != nil {
		return "", err.Error()
	}
	if len(fields) < minFields {
		return "", fmt.Sprintf("found %d fields, expected at least %d (bucket owner … version id)", len(fields), minFields)
	}
	for i := range values {
		values[i] = nil
	}
	for i, f := range fields {
		if i == knownFields {
			values[colExtra] = strings.Join(fields[knownFields:], " ")
			break
		}
		k := kinds[i]
		if k == quoted {
			f = unquote(f)
		}
		if f == "-" || f == "" {
			continue
		}
		switch k {
		case text, quoted:
			values[i] = f
		case bracketTime:
			if f[0] != '[' {
				return "", fmt.Sprintf("field 3 (time): found %s, expected [dd/Mon/yyyy:hh:mm:ss +0000]", short(f))
			}
			t, err := time.Parse(timeLayout, f)
			if err != nil || t.UTC().Year() > 9999 {
				warning = fmt.Sprintf("field 3 (time): %s is not a valid time; loaded without a time", short(f))
				continue
			}
			values[i] = t.UTC()
		case integer:
			n, err := strconv.ParseInt(f, 10, 32)
			if err != nil {
				return "", fmt.Sprintf("field %d (%s): found %s, expected a number", i+1, Table.Columns[i].Name, short(f))
			}
			values[i] = int32(n)
		case bigint:
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return "", fmt.Sprintf("field %d (%s): found %s, expected a number", i+1, Table.Columns[i].Name, short(f))
			}
			values[i] = n
		}
	}
	return warning, ""
}

// short quotes s for a message, cut to a readable length.
func short(s string) string {
	const max = 40
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}
