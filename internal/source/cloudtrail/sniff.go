package cloudtrail

import (
	"bytes"
	"strings"

	"github.com/valyala/fastjson"
)

// Sniffing walks the head of a file with the same scanner Parse uses; the
// head may end anywhere, so every walk stops quietly at its end.

// members calls visit for each member of the object at the scanner's
// position, with the scanner at the start of the member's value. visit
// returns true to stop; otherwise the value is skipped. It stops at the end
// of the head or at anything that is not JSON.
func members(s *scanner, visit func(key string) (stop bool)) {
	if c, err := s.peek(); err != nil || c != '{' {
		return
	}
	s.pos++
	for {
		c, err := s.peek()
		if err != nil || c != '"' {
			return
		}
		key, err := s.value(false)
		if err != nil {
			return
		}
		name := string(key.b[1 : len(key.b)-1])
		if c, err := s.peek(); err != nil || c != ':' {
			return
		}
		s.pos++
		if _, err := s.peek(); err != nil {
			return
		}
		if visit(name) {
			return
		}
		if _, err := s.value(false); err != nil {
			return
		}
		if c, err := s.peek(); err != nil || c != ',' {
			return
		}
		s.pos++
	}
}

// headScanner scans head, past a byte order mark.
func headScanner(head []byte) *scanner {
	s := newBytesScanner(head)
	s.skipBOM()
	return s
}

// firstElement moves the scanner to the first element of the array at its
// position and returns the element's first byte (']' for an empty array).
func firstElement(s *scanner) (byte, bool) {
	if c, err := s.peek(); err != nil || c != '[' {
		return 0, false
	}
	s.pos++
	c, err := s.peek()
	return c, err == nil
}

// memberArray reports whether the top-level object has member name holding
// an array, and leaves the scanner at that array.
func memberArray(s *scanner, name string) bool {
	found := false
	members(s, func(key string) bool {
		if key != name {
			return false
		}
		c, _ := s.peek()
		found = c == '['
		return true
	})
	return found
}

// isRecordKey tells the top-level keys every CloudTrail record has.
func isRecordKey(key string) bool {
	switch key {
	case "eventVersion", "eventTime", "eventSource", "eventName", "eventID",
		"userIdentity", "awsRegion", "sourceIPAddress":
		return true
	}
	return false
}

// looksLikeRecord reports whether the object at the scanner's position has
// CloudTrail's keys: eventVersion, or two of the others.
func looksLikeRecord(s *scanner) bool {
	n := 0
	yes := false
	members(s, func(key string) bool {
		if key == "eventVersion" {
			yes = true
			return true
		}
		if isRecordKey(key) {
			n++
		}
		yes = n >= 2
		return yes
	})
	return yes
}

func sniffRecords(head []byte) bool {
	return memberArray(headScanner(head), "Records")
}

// sniffLookup claims {"Events":[…]} whose entries have CloudTrailEvent or
// EventId (other AWS APIs answer with an "Events" array too), and a bare
// array of such entries (--query Events).
func sniffLookup(head []byte) bool {
	s := headScanner(head)
	wrapped := false
	if c, err := s.peek(); err == nil && c == '{' {
		if !memberArray(s, "Events") {
			return false
		}
		wrapped = true
	}
	c, ok := firstElement(s)
	if !ok {
		return false
	}
	if c == ']' {
		// An empty answer: nothing to load. Claim it only when wrapped in
		// "Events"; an empty bare array could be anything.
		return wrapped
	}
	found := false
	members(s, func(key string) bool {
		found = key == "CloudTrailEvent" || key == "EventId"
		return found
	})
	return found
}

// sniffCWLEvents claims {"events":[{"message": …}]} whose first message is a
// CloudTrail record (flow logs and other logs arrive the same way).
func sniffCWLEvents(head []byte) bool {
	s := headScanner(head)
	if !memberArray(s, "events") {
		return false
	}
	if c, ok := firstElement(s); !ok || c != '{' {
		return false
	}
	found := false
	members(s, func(key string) bool {
		if key != "message" {
			return false
		}
		found = messageIsRecord(s, head)
		return true
	})
	return found
}

// messageIsRecord reports whether the JSON string at the scanner holds a
// CloudTrail record.
func messageIsRecord(s *scanner, head []byte) bool {
	start := s.pos
	v, err := s.value(false)
	if err != nil {
		// The head ends inside the message: judge by the escaped text.
		rest := head[start:]
		return bytes.HasPrefix(rest, []byte(`"{`)) && bytes.Contains(rest, []byte(`\"eventVersion\"`))
	}
	if len(v.b) < 2 || v.b[0] != '"' {
		return false
	}
	var p fastjson.Parser
	msg, err := p.ParseBytes(v.b)
	if err != nil || msg.Type() != fastjson.TypeString {
		return false
	}
	return looksLikeRecord(newBytesScanner(msg.GetStringBytes()))
}

// sniffCWLExport claims lines "2024-03-08T10:11:12.123Z {…record…}".
func sniffCWLExport(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.TrimLeft(head, "\r\n")
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	sp := bytes.IndexByte(line, ' ')
	if sp < len("2006-01-02T15:04:05Z") || !isISOTime(line[:sp]) {
		return false
	}
	return looksLikeRecord(newBytesScanner(line[sp+1:]))
}

// isISOTime checks the shape of an ISO-8601 UTC or offset time cheaply:
// "YYYY-MM-DDTHH:MM:SS", then anything made of digits, '.', ':', '+', '-', 'Z'.
func isISOTime(b []byte) bool {
	const pattern = "dddd-dd-ddTdd:dd:dd"
	if len(b) < len(pattern) {
		return false
	}
	for i := range len(pattern) {
		if pattern[i] == 'd' && (b[i] < '0' || b[i] > '9') || pattern[i] != 'd' && b[i] != pattern[i] {
			return false
		}
	}
	return strings.Trim(string(b[len(pattern):]), "0123456789.:+-Z") == ""
}

// sniffArray claims a JSON array whose first element is a CloudTrail record.
func sniffArray(head []byte) bool {
	s := headScanner(head)
	if c, ok := firstElement(s); !ok || c != '{' {
		return false
	}
	return looksLikeRecord(s)
}

// sniffLines claims JSON lines (or one object) whose first object is a
// CloudTrail record.
func sniffLines(head []byte) bool {
	return looksLikeRecord(headScanner(head))
}

// isDigest matches CloudTrail digest files, by their S3 folder or by the
// digest's own keys.
func isDigest(path string, head []byte) bool {
	if strings.Contains(strings.ReplaceAll(path, `\`, "/"), "/CloudTrail-Digest/") {
		return true
	}
	found := false
	members(headScanner(head), func(key string) bool {
		found = key == "digestStartTime" || key == "digestEndTime"
		return found
	})
	return found
}
