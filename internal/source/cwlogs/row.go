package cwlogs

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// maxMessage caps a message's length. CloudWatch Logs takes events of up
// to 1 MiB; a longer one is not a log event (and is not held whole).
const maxMessage = 1 << 20

// ctxCheck is how often (in events) parsing checks for cancellation.
const ctxCheck = 4096

// event is one log event as a file gives it. Group, stream, owner and
// eventID are strings or nil; the times are nil when unknown.
type event struct {
	group, stream, owner, eventID any
	timestamp, ingestion          any // time.Time or nil
	message                       string
}

// emitter turns events into rows of the table.
type emitter struct {
	out    source.RowWriter
	cls    classifier
	values []any
	count  int64 // events seen, to check for cancellation now and then
}

func newEmitter(out source.RowWriter) *emitter {
	return &emitter{out: out, values: make([]any, numColumns)}
}

// emit writes ev as a row, or rejects it. Only a failing writer stops it.
func (e *emitter) emit(loc source.Location, ev event) error {
	if len(ev.message) > maxMessage {
		e.out.Reject(loc, fmt.Sprintf("message is longer than %d bytes", maxMessage))
		return nil
	}
	msg := ev.message
	invalid := !utf8.ValidString(msg)
	if invalid {
		msg = strings.ToValidUTF8(msg, "\uFFFD")
	}
	v := e.values
	v[colLogGroup], v[colLogStream], v[colOwner] = ev.group, ev.stream, ev.owner
	v[colTimestamp], v[colIngestionTime], v[colEventID] = ev.timestamp, ev.ingestion, ev.eventID
	v[colMessage] = msg
	e.cls.classify(msg, v)
	if err := e.out.Row(loc, v); err != nil {
		return writerError{err}
	}
	if invalid {
		e.out.Warn(loc, "invalid UTF-8 replaced by U+FFFD")
	}
	if ev.timestamp == nil {
		e.out.Warn(loc, "event has no valid timestamp; loaded without a time")
	}
	return nil
}

// fromMillis turns epoch milliseconds into a time; nil when out of the
// range a TIMESTAMP column holds.
func fromMillis(ms int64) any {
	const maxMillis = 253402300799999 // 9999-12-31T23:59:59.999Z
	if ms < 0 || ms > maxMillis {
		return nil
	}
	return time.UnixMilli(ms).UTC()
}

// writerError is the RowWriter failing: parsing stops, unlike for a bad
// payload, which is rejected.
type writerError struct{ err error }

func (e writerError) Error() string { return e.err.Error() }
func (e writerError) Unwrap() error { return e.err }
