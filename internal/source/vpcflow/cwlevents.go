package vpcflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// eventsFormat is CloudWatch Logs events as JSON, each message a
// default-format record:
//   - get-log-events: {"events":[{"timestamp","message","ingestionTime"}], "nextForwardToken", …}
//   - filter-log-events: the same, events also carrying logStreamName
//   - a subscription payload (as Firehose delivers it to S3, objects back to
//     back): {"messageType","logGroup","logStream","logEvents":[{"id","timestamp","message"}]}
//   - a bare array of events (--query events)
//
// Several documents may follow each other (pages appended to one file). The
// JSON is read as a stream, one event at a time, so memory stays bounded.
type eventsFormat struct{}

func (eventsFormat) Name() string                     { return "vpcflow-cwl-events" }
func (eventsFormat) Table() *source.Table             { return Table }
func (eventsFormat) Sniff(_ string, head []byte) bool { return sniffEvents(head) }

func (eventsFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	d, _ := newDecoder(defaultFields, "default format")
	p := &eventsParser{ctx: ctx, dec: json.NewDecoder(in.R), out: out, d: d}
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
				err = p.events(nil, nil)
			default:
				err = fmt.Errorf("expected a JSON object or array, found %v", tok)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			return fmt.Errorf("stopped after record %d (byte %d): %w", p.record, p.dec.InputOffset(), err)
		}
	}
}

// cwlEvent is one log event. The fields are `any` so that a value of the
// wrong JSON type rejects the event rather than stopping the decoder.
type cwlEvent struct {
	Message       any `json:"message"`
	LogStreamName any `json:"logStreamName"`
}

type eventsParser struct {
	ctx    context.Context
	dec    *json.Decoder
	out    source.RowWriter
	d      *decoder
	record int64 // events seen so far
}

// envelope reads the rest of a JSON object whose '{' was read: the events
// it holds and, for a subscription payload, the log group and stream.
func (p *eventsParser) envelope() error {
	var group, stream any
	control := false // a CONTROL_MESSAGE payload holds no flow records
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
			if err := p.events(group, stream); err != nil {
				return err
			}
		case "logGroup", "logStream", "messageType":
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
// group and stream are the envelope's log group and stream, nil if unknown.
func (p *eventsParser) events(group, stream any) error {
	var prevStream any // boxed logStreamName of the previous event, reused when equal
	for p.dec.More() {
		p.record++
		if p.record%ctxCheckLines == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		loc := source.Location{Record: p.record}
		var ev cwlEvent
		if err := p.dec.Decode(&ev); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				p.out.Reject(loc, "event is not a JSON object")
				continue
			}
			return err
		}
		msg, ok := ev.Message.(string)
		switch {
		case !ok:
			p.out.Reject(loc, "event has no message string")
			continue
		case len(msg) > maxLine:
			p.out.Reject(loc, fmt.Sprintf("message is longer than %d bytes", maxLine))
			continue
		}
		p.d.logGroup, p.d.logStream = group, stream
		if name, ok := ev.LogStreamName.(string); ok && name != "" {
			if prevStream == nil || prevStream.(string) != name {
				prevStream = name
			}
			p.d.logStream = prevStream
		}
		values, warning, reason := p.d.decode(msg)
		if reason != "" {
			p.out.Reject(loc, reason)
			continue
		}
		if err := p.out.Row(loc, values); err != nil {
			return err
		}
		if warning != "" {
			p.out.Warn(loc, warning)
		}
	}
	_, err := p.dec.Token() // ']'
	return err
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
