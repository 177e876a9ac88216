package s3access

import (
	"fmt"
	"strings"
)

// splitFields cuts a record into its fields: separated by single spaces,
// except inside [ … ] (the time, which holds a space) and " … " (request
// line, referer and user agent). A field keeps its brackets or quotes.
//
// S3 does not escape quotes inside a quoted field (a user agent may hold
// one), so a quoted field ends only at a quote followed by a space or the
// end of the line.
func splitFields(line string) ([]string, error) {
	// Sized for a whole record, so that a line costs one allocation.
	fields := make([]string, 0, knownFields+1)
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			i++ // tolerate doubled spaces
			continue
		}
		start := i
		switch line[i] {
		case '[':
			end := strings.IndexByte(line[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("field %d: '[' at column %d is never closed", len(fields)+1, i+1)
			}
			i += end + 1
		case '"':
			end := closingQuote(line, i+1)
			if end < 0 {
				return nil, fmt.Errorf("field %d: quote at column %d is never closed", len(fields)+1, i+1)
			}
			i = end + 1
		default:
			end := strings.IndexByte(line[i:], ' ')
			if end < 0 {
				end = len(line) - i
			}
			i += end
		}
		fields = append(fields, line[start:i])
	}
	return fields, nil
}

// closingQuote returns the index of the quote that closes a field opened
// before from: the first quote followed by a space or the end of line.
func closingQuote(line string, from int) int {
	for i := from; i < len(line); i++ {
		if line[i] == '"' && (i+1 == len(line) || line[i+1] == ' ') {
			return i
		}
	}
	return -1
}

// unquote strips the quotes of a quoted field.
func unquote(f string) string {
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
		return f[1 : len(f)-1]
	}
	return f
}
