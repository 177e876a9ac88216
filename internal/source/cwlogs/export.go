package cwlogs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// parseExport reads an export task's object: one event per line,
// "<ISO-8601 UTC time with ms> <message>". A line that does not start with
// such a time continues the message before it: CloudWatch Logs writes a
// multi-line message (a stack trace) as it is.
func parseExport(ctx context.Context, in source.Input, out source.RowWriter) error {
	e := newEmitter(out)
	stream := streamFromPath(in.Path)
	lr := newLineReader(in.R, maxMessage+64)
	var record int64
	var pending *event // the event being read, written when the next starts
	var pendingLoc source.Location
	var msg strings.Builder
	flush := func() error {
		if pending == nil {
			return nil
		}
		pending.message = msg.String()
		ev := *pending
		pending = nil
		msg.Reset()
		return e.emit(pendingLoc, ev)
	}
	for {
		line, tooLong, err := lr.next()
		if err != nil {
			if ferr := flush(); ferr != nil {
				return ferr
			}
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("stopped after line %d: %w", lr.line, err)
		}
		if lr.line%ctxCheck == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		text := string(line)
		ts, rest, _ := strings.Cut(text, " ")
		startsEvent := isExportTime(ts)
		if !startsEvent && pending != nil && !tooLong {
			if msg.Len()+1+len(text) > maxMessage {
				out.Reject(pendingLoc, fmt.Sprintf("message is longer than %d bytes", maxMessage))
				pending = nil
				msg.Reset()
				continue
			}
			msg.WriteByte('\n')
			msg.WriteString(text)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		if strings.TrimSpace(text) == "" && !tooLong {
			continue
		}
		record++
		loc := source.Location{Line: lr.line, Record: record}
		switch {
		case tooLong:
			out.Reject(loc, fmt.Sprintf("line is longer than %d bytes", maxMessage))
			continue
		case !startsEvent:
			out.Reject(loc, "expected a time such as 2024-03-08T10:11:12.123Z at the start of the line, found "+quoteShort(ts))
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, ts)
		if err != nil || t.UTC().Year() < 1 {
			out.Reject(loc, "the time "+quoteShort(ts)+" is not a valid date and time")
			continue
		}
		pending = &event{stream: stream, timestamp: t.UTC()}
		pendingLoc = loc
		msg.WriteString(rest)
	}
}

// isExportTime checks the shape of an export's times: UTC ISO-8601 with an
// optional fraction, 2024-03-08T10:11:12.123Z.
func isExportTime(s string) bool {
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
	if frac == "" {
		return true
	}
	if len(frac) < 2 || frac[0] != '.' {
		return false
	}
	for i := 1; i < len(frac); i++ {
		if frac[i] < '0' || frac[i] > '9' {
			return false
		}
	}
	return true
}

// streamFromPath returns the log stream of an export object, from its key
// <prefix>/<taskId>/<logStreamName>/000000.gz. A stream name may hold
// slashes (Lambda's 2024/03/08/[$LATEST]…), so the stream is everything
// between the task id (a UUID) and the file. nil when the path does not
// have that layout: a folder name alone could be anything.
func streamFromPath(path string) any {
	parts := strings.Split(filepath.ToSlash(path), "/")
	if len(parts) < 2 || !isExportObject(parts[len(parts)-1]) {
		return nil
	}
	dirs := parts[:len(parts)-1]
	for i := len(dirs) - 2; i >= 0; i-- { // the stream has one folder at least
		if isUUID(dirs[i]) {
			return strings.Join(dirs[i+1:], "/")
		}
	}
	return nil
}

// isExportObject: export objects are named 000000.gz, 000001.gz … (the
// user may have decompressed them).
func isExportObject(name string) bool {
	name = strings.TrimSuffix(name, ".gz")
	if len(name) != 6 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' {
			return false
		}
	}
	return true
}

// isUUID checks the 8-4-4-4-12 hex shape of an export task id.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// quoteShort quotes s for a message, cut to a readable length.
func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}
