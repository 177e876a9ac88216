package cwlogs

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

// CloudTrail and VPC flow logs arrive in the same CloudWatch Logs shapes
// and have tables of their own. Their formats are sniffed first; these
// sniffers also refuse what they would claim, and a file whose first
// message is a CloudTrail or flow record in a shape they do not read (a
// subscription payload of CloudTrail events), so that such a file is
// reported as unrecognised rather than loaded into the wrong table.

// otherFormats are the formats whose files are not ours.
func otherFormats() []source.Format {
	return append(append([]source.Format{}, cloudtrail.Formats...), vpcflow.Formats...)
}

// claimedElsewhere reports whether a CloudTrail or flow log format takes the file.
func claimedElsewhere(path string, head []byte) bool {
	for _, f := range otherFormats() {
		if f.Sniff(path, head) {
			return true
		}
	}
	return false
}

// isForeignMessage reports whether a message is a CloudTrail record or a
// flow log record, by asking their formats about it as a file of one line.
func isForeignMessage(msg string) bool {
	return claimedElsewhere("", []byte(msg))
}

// sniffEvents recognises get-log-events / filter-log-events output, a
// plain subscription payload and a bare array of events.
func sniffEvents(path string, head []byte) bool {
	msg, known, ok := firstEvent(trimBOM(head))
	if !ok || known && isForeignMessage(msg) {
		return false
	}
	return !claimedElsewhere(path, head)
}

// firstEvent walks the head of a JSON events document. ok says the head
// has the shape; msg is the first event's message when known (false when
// there is no event, or the head ends inside the message).
func firstEvent(head []byte) (msg string, known, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(head))
	tok, err := dec.Token()
	if err != nil {
		return "", false, false
	}
	switch tok {
	case json.Delim('['):
		// A bare array (--query events): the first element must look
		// like an event, with a message and a timestamp.
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return "", false, false
		}
		msg, known, keys := eventMembers(dec)
		return msg, known, known && keys["timestamp"]
	case json.Delim('{'):
		for {
			tok, err := dec.Token()
			if err != nil {
				return "", false, false
			}
			key, _ := tok.(string)
			if key != "events" && key != "logEvents" {
				if tok, err := dec.Token(); err != nil || skipValue(dec, tok) != nil {
					return "", false, false
				}
				continue
			}
			if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
				return "", false, false
			}
			if !dec.More() {
				// No events: claim only an answer of the Logs API.
				return "", false, bytes.Contains(head, []byte(`"nextForwardToken"`)) ||
					bytes.Contains(head, []byte(`"searchedLogStreams"`)) || bytes.Contains(head, []byte(`"messageType"`))
			}
			if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
				return "", false, false
			}
			msg, known, keys := eventMembers(dec)
			// Other AWS APIs answer with an "events" array too (health
			// describe-events); theirs have no message.
			return msg, known, keys["message"]
		}
	}
	return "", false, false
}

// eventMembers reads the members of an event object whose '{' was read,
// until its end or the end of the head. It returns the message when read
// whole, and which keys were seen.
func eventMembers(dec *json.Decoder) (msg string, known bool, keys map[string]bool) {
	keys = map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return msg, known, keys
		}
		key, _ := tok.(string)
		keys[key] = true
		tok, err = dec.Token()
		if err != nil {
			return msg, known, keys
		}
		if key == "message" {
			msg, known = tok.(string)
			continue
		}
		if skipValue(dec, tok) != nil {
			return msg, known, keys
		}
	}
	return msg, known, keys
}

// sniffExport recognises an export task's object: the first line is a UTC
// time with a 'Z', a space and a message that is not CloudTrail's or a
// flow log's.
func sniffExport(path string, head []byte) bool {
	line, ok := firstLine(head)
	if !ok {
		return false
	}
	ts, msg, found := strings.Cut(line, " ")
	if !found || !isExportTime(ts) || isForeignMessage(msg) {
		return false
	}
	return !claimedElsewhere(path, head)
}

// sniffBase64 recognises subscription payloads encoded in base64, one per
// line: the first line decodes to a payload whose first message is not
// CloudTrail's or a flow log's.
func sniffBase64(path string, head []byte) bool {
	line, ok := firstLine(head)
	if !ok {
		return false
	}
	// Base64 of gzip data starts "H4sI"; of a JSON object, "eyJ" ({").
	if !strings.HasPrefix(line, "H4sI") && !strings.HasPrefix(line, "eyJ") {
		return false
	}
	payload, err := decodePayload([]byte(line))
	if err != nil {
		return false
	}
	if !bytes.Contains(payload, []byte(`"logEvents"`)) {
		return false
	}
	msg, known, ok := firstEvent(payload)
	return ok && !(known && isForeignMessage(msg))
}

// firstLine returns the first non-blank line of head when it is whole:
// ended by a newline, or by the end of a head shorter than HeadSize.
func firstLine(head []byte) (string, bool) {
	head = trimBOM(head)
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

func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")) }
