package cwlogs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// eventsParser reads CloudWatch Logs events as JSON, one event at a time so
// that memory stays bounded whatever the file's size:
//   - get-log-events: {"events":[{"timestamp","message","ingestionTime"}], "nextForwardToken", …}
//   - filter-log-events: the same, events also carrying logStreamName and eventId
//   - a subscription payload: {"messageType","owner","logGroup","logStream","logEvents":[{"id","timestamp","message"}]}
//   - a bare array of events (--query events)
//
// Several documents may follow each other (pages appended to one file,
// payloads back to back as Firehose writes them).
type eventsParser struct {
	ctx  context.Context
	dec  *json.Decoder
	emit *emitter
	line int64 // for base64 payloads: the line the payload came from
	// record counts events across the whole file.
	record *int64
}

// jsonEvent is one event. The fields are `any` so that a value of the
// wrong JSON type rejects the event rather than stopping the decoder.
type jsonEvent struct {
	Timestamp     any `json:"timestamp"`
	IngestionTime any `json:"ingestionTime"`
	Message       any `json:"message"`
	LogStreamName any `json:"logStreamName"`
	EventID       any `json:"eventId"`
	ID            any `json:"id"`
}

// run reads documents until the input ends.
func (p *eventsParser) run() error {
	p.dec.UseNumber()
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err == nil {
			switch tok {
			case json.Delim('{'):
				err = p.envelope()
			case json.Delim('['):
				err = p.events(nil, nil, nil)
			default:
				err = fmt.Errorf("expected a JSON object or array, found %v", tok)
			}
		}
		if err != nil {
			if p.ctx.Err() != nil {
				return err
			}
			return fmt.Errorf("stopped after record %d (byte %d): %w", *p.record, p.dec.InputOffset(), err)
		}
	}
}

// envelope reads the rest of an object whose '{' was read: the events it
// holds and, for a subscription payload, the log group, stream and owner
// (which AWS writes before logEvents).
func (p *eventsParser) envelope() error {
	var group, stream, owner any
	control := false // a CONTROL_MESSAGE payload only checks the destination
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return err
		}
		switch key, _ := tok.(string); key {
		case "events", "logEvents":
			tok, err := p.dec.Token()
			if err != nil {
				return err
			}
			if tok != json.Delim('[') || control {
				if err := skipValue(p.dec, tok); err != nil {
					return err
				}
				continue
			}
			if err := p.events(group, stream, owner); err != nil {
				return err
			}
		case "logGroup", "logStream", "owner", "messageType":
			var v any
			if err := p.dec.Decode(&v); err != nil {
				return err
			}
			s, _ := v.(string)
			switch {
			case s == "":
			case key == "logGroup":
				group = s
			case key == "logStream":
				stream = s
			case key == "owner":
				owner = s
			case key == "messageType":
				control = s != "DATA_MESSAGE"
			}
		default:
			tok, err := p.dec.Token()
			if err != nil {
				return err
			}
			if err := skipValue(p.dec, tok); err != nil {
				return err
			}
		}
	}
	_, err := p.dec.Token() // '}'
	return err
}

// events reads the elements of an array of events whose '[' was read.
func (p *eventsParser) events(group, stream, owner any) error {
	for p.dec.More() {
		*p.record++
		if *p.record%ctxCheck == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		loc := source.Location{Line: p.line, Record: *p.record}
		var ev jsonEvent
		if err := p.dec.Decode(&ev); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				p.emit.out.Reject(loc, "event is not a JSON object")
				continue
			}
			return err
		}
		msg, ok := ev.Message.(string)
		if !ok {
			p.emit.out.Reject(loc, "event has no message string")
			continue
		}
		e := event{group: group, stream: stream, owner: owner, message: msg,
			timestamp: millis(ev.Timestamp), ingestion: millis(ev.IngestionTime)}
		if s, ok := ev.LogStreamName.(string); ok && s != "" {
			e.stream = s
		}
		e.eventID = nonEmpty(ev.EventID)
		if e.eventID == nil {
			e.eventID = nonEmpty(ev.ID)
		}
		if err := p.emit.emit(loc, e); err != nil {
			return err
		}
	}
	_, err := p.dec.Token() // ']'
	return err
}

// millis reads a JSON epoch-milliseconds number as a time; nil otherwise.
func millis(v any) any {
	n, ok := v.(json.Number)
	if !ok {
		return nil
	}
	if i, err := n.Int64(); err == nil {
		return fromMillis(i)
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || f < 0 || f > math.MaxInt64/2 {
		return nil
	}
	return fromMillis(int64(f))
}

func nonEmpty(v any) any {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return nil
}

// skipValue reads past the value that starts with tok, which was just read.
func skipValue(dec *json.Decoder, tok json.Token) error {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}
