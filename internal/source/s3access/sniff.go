package s3access

import (
	"bytes"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// sniff recognises access log text by its first whole line: a canonical
// user id, a bucket name and a bracketed time, then at least as many
// fields as the oldest records have. Flow logs, syslog and CloudWatch
// Logs export lines have none of these in those places.
func sniff(head []byte) bool {
	line, ok := firstLine(head)
	if !ok {
		return false
	}
	fields, err := splitFields(line)
	if err != nil || len(fields) < minFields {
		return false
	}
	if !isCanonicalID(fields[0]) || !isBucketName(fields[1]) {
		return false
	}
	if _, err := time.Parse(timeLayout, fields[2]); err != nil {
		return false
	}
	// The request line, referer and user agent are quoted or "-".
	for _, i := range []int{8, 15, 16} {
		if f := fields[i]; f != "-" && f[0] != '"' {
			return false
		}
	}
	return true
}

// firstLine returns the first non-blank line of head when it is whole:
// ended by a newline, or by the end of a head shorter than HeadSize.
func firstLine(head []byte) (string, bool) {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	whole := len(head) < source.HeadSize
	for len(head) > 0 {
		var line []byte
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else if whole {
			line, head = head, nil
		} else {
			return "", false
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(bytes.TrimSpace(line)) > 0 {
			return string(line), true
		}
	}
	return "", false
}

// isCanonicalID: an S3 canonical user id is 64 lowercase hex digits.
func isCanonicalID(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// isBucketName checks the shape of a bucket name: 3 to 255 characters
// (legacy us-east-1 buckets allow up to 255) of letters, digits, '.', '-'
// and '_'.
func isBucketName(s string) bool {
	if len(s) < 3 || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
