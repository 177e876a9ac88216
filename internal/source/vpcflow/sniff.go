package vpcflow

import (
	"bytes"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// sniffHeader recognises an S3 text file: a first line of field names,
// at least half of them known (a newer format may add fields this package
// does not know), and a second line, when there is one, with as many fields.
func sniffHeader(head []byte) bool {
	lines := headLines(head, 2)
	if len(lines) == 0 {
		return false
	}
	names := strings.Fields(lines[0])
	if !looksLikeHeader(names) {
		return false
	}
	return len(lines) < 2 || len(strings.Fields(lines[1])) == len(names)
}

// sniffDefaultRecord recognises header-less default-format lines.
func sniffDefaultRecord(head []byte) bool {
	lines := headLines(head, 1)
	return len(lines) == 1 && isDefaultRecord(lines[0])
}

// sniffExport recognises a CloudWatch Logs export: a timestamp, a space and
// a default-format record.
func sniffExport(head []byte) bool {
	lines := headLines(head, 1)
	if len(lines) == 0 {
		return false
	}
	ts, rec, _ := strings.Cut(lines[0], " ")
	return isTimestamp(ts) && isDefaultRecord(rec)
}

// sniffEvents recognises CloudWatch Logs events as JSON (get-log-events,
// filter-log-events, a subscription payload, or a bare array of events)
// whose first message is a default-format flow record.
func sniffEvents(head []byte) bool {
	h := bytes.TrimLeft(trimBOM(head), " \t\r\n")
	if len(h) == 0 || h[0] != '{' && h[0] != '[' {
		return false
	}
	if h[0] == '{' && !bytes.Contains(h, []byte(`"events"`)) && !bytes.Contains(h, []byte(`"logEvents"`)) {
		return false
	}
	msg, ok := firstMessage(h)
	return ok && isDefaultRecord(msg)
}

// firstMessage returns the value of the first "message" key in a JSON
// text, if it is a string without escapes (flow records need none).
func firstMessage(h []byte) (string, bool) {
	key := []byte(`"message"`)
	i := bytes.Index(h, key)
	if i < 0 {
		return "", false
	}
	rest := bytes.TrimLeft(h[i+len(key):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return "", false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' {
		return "", false
	}
	rest = rest[1:]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return "", false
	}
	return string(rest[:end]), true
}

// headLines returns up to n first non-blank lines of head that are whole:
// ended by a newline, or by the end of a head shorter than HeadSize (which
// then is the whole file). A line cut by the head's end is not returned.
func headLines(head []byte, n int) []string {
	head = trimBOM(head)
	whole := len(head) < source.HeadSize
	var lines []string
	for len(lines) < n && len(head) > 0 {
		var line []byte
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else if whole {
			line, head = head, nil
		} else {
			break
		}
		if !isBlank(line) {
			lines = append(lines, strings.TrimSuffix(string(line), "\r"))
		}
	}
	return lines
}

// looksLikeHeader reports whether tokens are flow log field names: all
// shaped like one, and at least half of them known.
func looksLikeHeader(tokens []string) bool {
	known := 0
	for _, t := range tokens {
		name := fieldName(t)
		if !isFieldShaped(name) {
			return false
		}
		if fieldColumn(name) != "" {
			known++
		}
	}
	return known > 0 && known*2 >= len(tokens)
}

// isFieldShaped: lower-case letters, digits and hyphens, starting with a letter.
func isFieldShaped(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// isDefaultRecord recognises a default-format record: 14 fields, a version
// number first and an interface id (or "-") third.
func isDefaultRecord(line string) bool {
	f := strings.Fields(line)
	if len(f) != len(defaultFields) {
		return false
	}
	if len(f[0]) > 2 || !isDigits(f[0]) {
		return false
	}
	return strings.HasPrefix(f[2], "eni-") || f[2] == "-"
}

// isTimestamp recognises the UTC ISO-8601 timestamps of CloudWatch Logs
// exports: 2024-03-08T10:11:12Z or 2024-03-08T10:11:12.000Z.
func isTimestamp(s string) bool {
	const layout = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(layout)+1 || s[len(s)-1] != 'Z' {
		return false
	}
	for i := 0; i < len(layout); i++ {
		if layout[i] == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != layout[i] {
			return false
		}
	}
	frac := s[len(layout) : len(s)-1]
	return frac == "" || len(frac) > 1 && frac[0] == '.' && isDigits(frac[1:])
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
