package cloudtrail

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// parser holds the state of one Parse call.
type parser struct {
	ctx     context.Context
	out     source.RowWriter
	s       *scanner
	records int64           // records cut out of the stream so far
	rec     fastjson.Parser // parses records
	wrap    fastjson.Parser // parses lookup-events and CloudWatch Logs entries
	arena   []byte          // reused for a row's text
	scratch []byte          // reused for lookup-events entries
}

func newParser(ctx context.Context, r io.Reader, out source.RowWriter) *parser {
	return &parser{ctx: ctx, out: out, s: newScanner(r)}
}

// run reads the whole input as the given shape.
func (p *parser) run(sh shape) error {
	switch sh {
	case shapeRecords:
		return p.walk("Records", false, p.direct)
	case shapeArray:
		return p.walk("", true, p.direct)
	case shapeLookup:
		return p.walk("Events", true, p.lookupEvent)
	case shapeCWLEvents:
		return p.walk("events", false, p.logEvent)
	case shapeCWLExport:
		return p.exportLines()
	case shapeLines:
		return p.lines()
	}
	return fmt.Errorf("unknown shape %d", sh)
}

// checkEvery is how many records pass between checks for cancellation.
const checkEvery = 1024

// next numbers a record found at line and checks for cancellation.
func (p *parser) next(line int64) (source.Location, error) {
	p.records++
	if p.records%checkEvery == 0 {
		if err := p.ctx.Err(); err != nil {
			return source.Location{}, err
		}
	}
	return source.Location{Line: line, Record: p.records}, nil
}

// stoppedIn is the error for input that stops inside a record.
func (p *parser) stoppedIn(v rawValue, err error) error {
	loc := source.Location{Line: v.line, Record: p.records + 1}
	if err == errTruncated {
		return fmt.Errorf("%v: %w", loc, err)
	}
	return fmt.Errorf("%v: reading stopped: %w", loc, err)
}

// stoppedAfter is the error for input that stops between records, or
// whose structure cannot be followed any further.
func (p *parser) stoppedAfter(err error) error {
	return fmt.Errorf("line %d, after record %d: %w", p.s.line, p.records, err)
}

// readStopped wraps a read error met between records.
func (p *parser) readStopped(err error) error {
	if err == io.EOF {
		return p.stoppedAfter(fmt.Errorf("the file ends before its JSON is closed (truncated?)"))
	}
	return p.stoppedAfter(fmt.Errorf("reading stopped: %w", err))
}

// elementFunc handles element idx of an array the shape reads; name is the
// array's name in messages ("Records"), or "" for a top-level array.
type elementFunc func(v rawValue, name string, idx int) error

// walk reads the top-level values of the input. Objects are searched for the
// member that holds the array of entries; top-level arrays are read as that
// array when bareArrays is set. Anything else stops the walk with an error:
// without the structure there is no telling where the next record starts.
func (p *parser) walk(member string, bareArrays bool, each elementFunc) error {
	s := p.s
	s.skipBOM()
	for {
		c, err := s.peek()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return p.readStopped(err)
		}
		switch {
		case c == '{' && member != "":
			err = p.object(member, each)
		case c == '[' && bareArrays:
			err = p.array("", each)
		default:
			want := "an object"
			if member == "" {
				want = "an array"
			}
			return p.stoppedAfter(fmt.Errorf("invalid JSON: %q where %s should start", c, want))
		}
		if err != nil {
			return err
		}
	}
}

// object reads a top-level object, handing the elements of its member array
// to each and skipping the other members.
func (p *parser) object(member string, each elementFunc) error {
	s := p.s
	s.pos++ // '{'
	for first := true; ; first = false {
		c, err := s.peek()
		if err != nil {
			return p.readStopped(err)
		}
		if c == '}' && first {
			s.pos++
			return nil
		}
		if c != '"' {
			return p.stoppedAfter(fmt.Errorf("invalid JSON: %q where a member name should start", c))
		}
		key, err := s.value(false)
		if err != nil {
			return p.readStopped(err)
		}
		isMember := string(key.b) == `"`+member+`"`
		if c, err = s.peek(); err != nil {
			return p.readStopped(err)
		}
		if c != ':' {
			return p.stoppedAfter(fmt.Errorf("invalid JSON: %q where ':' should follow a member name", c))
		}
		s.pos++
		if c, err = s.peek(); err != nil {
			return p.readStopped(err)
		}
		switch {
		case isMember && c == '[':
			if err := p.array(member, each); err != nil {
				return err
			}
		default:
			line := s.line
			v, err := s.value(false)
			if err != nil {
				return p.readStopped(err)
			}
			if isMember {
				p.out.Reject(source.Location{Line: line}, fmt.Sprintf("%s is %s, not an array", member, kindOrText(v.b)))
			}
		}
		if c, err = s.peek(); err != nil {
			return p.readStopped(err)
		}
		switch c {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return p.stoppedAfter(fmt.Errorf("invalid JSON: %q where ',' or '}' should follow a member", c))
		}
	}
}

// array hands each element of the array at pos to each.
func (p *parser) array(name string, each elementFunc) error {
	s := p.s
	s.pos++ // '['
	c, err := s.peek()
	if err != nil {
		return p.readStopped(err)
	}
	if c == ']' {
		s.pos++
		return nil
	}
	for idx := 0; ; idx++ {
		v, err := s.value(false)
		if err != nil {
			return p.stoppedIn(v, err)
		}
		if err := each(v, name, idx); err != nil {
			return err
		}
		if c, err = s.peek(); err != nil {
			return p.readStopped(err)
		}
		switch c {
		case ',':
			s.pos++
			if c, err = s.peek(); err != nil {
				return p.readStopped(err)
			}
			if c == ']' { // a trailing comma: harmless
				s.pos++
				return nil
			}
		case ']':
			s.pos++
			return nil
		case '{', '[', '"':
			// A missing comma. The next element is still plain to see,
			// so read on, but say so.
			p.out.Warn(source.Location{Line: s.line}, fmt.Sprintf("invalid JSON: missing ',' before %s", elementName(name, idx+1)))
		default:
			return p.stoppedAfter(fmt.Errorf("invalid JSON: %q where ',' or ']' should follow an element", c))
		}
	}
}

// elementName names an array element in messages: "Records[17]", or
// "element 3" of a top-level array.
func elementName(name string, idx int) string {
	if name == "" {
		return fmt.Sprintf("element %d", idx)
	}
	return fmt.Sprintf("%s[%d]", name, idx)
}

// kindOrText names the JSON type of a value's text, or quotes its start when
// it is not JSON at all.
func kindOrText(b []byte) string {
	if k := kindOf(b); k != "" {
		return k
	}
	return "not JSON: " + fmt.Sprintf("%q", clip(string(bytes.ToValidUTF8(b, replacementChar)), 40))
}

// notObject is the reason for an entry that is not a JSON object.
func notObject(what string, b []byte) string {
	if k := kindOf(b); k != "" {
		return fmt.Sprintf("%s is %s, not an object", what, k)
	}
	return fmt.Sprintf("%s is not JSON: starts with %q", what, clip(string(bytes.ToValidUTF8(b, replacementChar)), 40))
}

// direct handles an element that is itself a record (Records, arrays).
func (p *parser) direct(v rawValue, name string, idx int) error {
	loc, err := p.next(v.line)
	if err != nil {
		return err
	}
	if v.b[0] != '{' {
		p.out.Reject(loc, notObject(elementName(name, idx), v.b))
		return nil
	}
	return p.record(v.b, recordInfo{loc: loc, scan: v})
}

// lines reads JSON lines, or any run of concatenated JSON objects: each
// top-level object is a record. A broken line is rejected on its own and
// reading goes on with the next line.
func (p *parser) lines() error {
	s := p.s
	s.skipBOM()
	for {
		c, err := s.peek()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return p.readStopped(err)
		}
		var v rawValue
		switch c {
		case '{', '[', '"':
			v, err = s.value(true)
		default:
			v, err = s.restOfLine()
		}
		if err != nil {
			return p.stoppedIn(v, err)
		}
		loc, err := p.next(v.line)
		if err != nil {
			return err
		}
		switch {
		case v.broken != "":
			p.out.Reject(loc, "invalid JSON: "+v.broken)
		case c != '{':
			p.out.Reject(loc, notObject("the line", v.b))
		default:
			if err := p.record(v.b, recordInfo{loc: loc, scan: v}); err != nil {
				return err
			}
		}
	}
}

// entry is a parsed lookup-events or CloudWatch Logs entry.
type entry struct {
	v        *fastjson.Value
	text     []byte // the entry's JSON text, repaired as below
	badUTF8  bool   // invalid UTF-8 was replaced by U+FFFD
	lone     bool   // halves of surrogate pairs were replaced by \ufffd
	controls bool   // raw control characters in strings were escaped
}

// entry checks and parses an entry with the wrapper parser. ok is false
// when the entry was rejected.
func (p *parser) entry(v rawValue, loc source.Location, what string) (e entry, ok bool) {
	if v.b[0] != '{' {
		p.out.Reject(loc, notObject(what, v.b))
		return e, false
	}
	if v.bad != "" {
		p.out.Reject(loc, fmt.Sprintf("invalid JSON: %s at byte offset %d", v.bad, v.badAt))
		return e, false
	}
	e.text = v.b
	if !utf8.Valid(e.text) {
		e.text = bytes.ToValidUTF8(e.text, replacementChar)
		e.badUTF8 = true
	}
	// The members used (and the entry itself, as raw, when it has no
	// CloudTrailEvent) must be valid for DuckDB too.
	if v.lone {
		fixLoneSurrogates(e.text)
		e.lone = true
	}
	if v.controls {
		e.text = escapeControls(e.text)
		e.controls = true
	}
	var err error
	if e.v, err = p.wrap.ParseBytes(e.text); err != nil {
		p.out.Reject(loc, syntaxReason(e.text, err, func(at int64) string { return fmt.Sprintf("at byte offset %d", v.offset+at) }))
		return e, false
	}
	return e, true
}

// lookupEvent handles one entry of lookup-events' Events array: the record
// is the JSON text in its CloudTrailEvent string.
func (p *parser) lookupEvent(v rawValue, name string, idx int) error {
	loc, err := p.next(v.line)
	if err != nil {
		return err
	}
	what := elementName(name, idx)
	if name == "" {
		what = fmt.Sprintf("Events[%d]", idx)
	}
	e, ok := p.entry(v, loc, what)
	if !ok {
		return nil
	}
	info := recordInfo{loc: loc, inner: what + ".CloudTrailEvent", badUTF8: e.badUTF8, timeFrom: "lookup-events EventTime"}
	if u := e.v.Get("Username"); u != nil && u.Type() == fastjson.TypeString {
		info.username, info.hasUsername = string(u.GetStringBytes()), true
	}
	if t := e.v.Get("EventTime"); t != nil {
		info.time, _ = parseTime(t)
	}
	ct := e.v.Get("CloudTrailEvent")
	switch {
	case ct == nil || ct.Type() == fastjson.TypeNull:
		return p.lookupSummary(e, info)
	case ct.Type() == fastjson.TypeString:
		return p.record(ct.GetStringBytes(), info)
	case ct.Type() == fastjson.TypeObject:
		// Already decoded (jq's fromjson): its strings are untouched, so
		// the parser prints it back as JSON (record checks it again).
		p.scratch = ct.MarshalTo(p.scratch[:0])
		return p.record(bytes.Clone(p.scratch), info)
	}
	p.out.Reject(loc, fmt.Sprintf("%s.CloudTrailEvent is %s, not a JSON string", what, kindName(ct.Type())))
	return nil
}

// lookupSummary loads an Events entry that lacks CloudTrailEvent (output cut
// down with --query, say) from the summary members lookup-events gives.
func (p *parser) lookupSummary(e entry, info recordInfo) error {
	vals := make([]any, numColumns)
	vals[colEventID] = varchar(e.v.Get("EventId"))
	vals[colEventName] = varchar(e.v.Get("EventName"))
	vals[colEventSource] = varchar(e.v.Get("EventSource"))
	vals[colReadOnly] = boolean(e.v.Get("ReadOnly"))
	vals[colAccessKeyID] = varchar(e.v.Get("AccessKeyId"))
	if info.hasUsername {
		vals[colUsername] = info.username
	}
	if !info.time.IsZero() {
		vals[colEventTime] = info.time
	}
	p.scratch = compact(p.scratch[:0], e.text)
	vals[colRaw] = string(p.scratch)
	if err := p.out.Row(info.loc, vals); err != nil {
		return err
	}
	p.out.Warn(info.loc, "no CloudTrailEvent: loaded from the lookup-events summary members only (raw holds the entry)")
	if e.badUTF8 {
		p.out.Warn(info.loc, "invalid UTF-8 replaced by U+FFFD")
	}
	if e.lone {
		p.out.Warn(info.loc, loneWarning)
	}
	if e.controls {
		p.out.Warn(info.loc, controlsWarning)
	}
	if info.time.IsZero() {
		p.out.Warn(info.loc, "no EventTime: the row has no time")
	}
	return nil
}

// logEvent handles one entry of a CloudWatch Logs get-log-events or
// filter-log-events "events" array: the record is its message.
func (p *parser) logEvent(v rawValue, name string, idx int) error {
	loc, err := p.next(v.line)
	if err != nil {
		return err
	}
	what := elementName(name, idx)
	e, ok := p.entry(v, loc, what)
	if !ok {
		return nil
	}
	msg := e.v.Get("message")
	if msg == nil || msg.Type() != fastjson.TypeString {
		p.out.Reject(loc, what+" has no message string")
		return nil
	}
	info := recordInfo{loc: loc, inner: what + ".message", badUTF8: e.badUTF8, timeFrom: "the CloudWatch Logs timestamp"}
	if ts := e.v.Get("timestamp"); ts != nil && ts.Type() == fastjson.TypeNumber {
		if ms, err := ts.Int64(); err == nil {
			info.time = time.UnixMilli(ms).UTC()
		}
	}
	return p.record(msg.GetStringBytes(), info)
}

// exportLines reads a CloudWatch Logs S3 export: each line is an ISO-8601
// timestamp, one space, and the event's message (here a CloudTrail record).
func (p *parser) exportLines() error {
	s := p.s
	s.skipBOM()
	for {
		if err := s.more(); err == io.EOF {
			return nil
		} else if err != nil {
			return p.readStopped(err)
		}
		if s.buf[s.pos] == '\n' {
			s.pos++
			s.line++
			continue
		}
		v, err := s.restOfLine()
		if err != nil {
			return p.stoppedIn(v, err)
		}
		line := bytes.TrimRight(v.b, "\r")
		if len(bytes.TrimSpace(line)) > 0 {
			if err := p.exportLine(line, v); err != nil {
				return err
			}
		}
	}
}

// exportLine handles one non-blank line of an export.
func (p *parser) exportLine(line []byte, v rawValue) error {
	loc, err := p.next(v.line)
	if err != nil {
		return err
	}
	sp := bytes.IndexByte(line, ' ')
	if sp < 0 {
		p.out.Reject(loc, "not a CloudWatch Logs export line: want an ISO-8601 time, a space and the record")
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(line[:sp]))
	if err != nil {
		p.out.Reject(loc, fmt.Sprintf("not a CloudWatch Logs export line: %q is not an ISO-8601 time", clip(string(bytes.ToValidUTF8(line[:sp], replacementChar)), 40)))
		return nil
	}
	msg := line[sp+1:]
	rec := bytes.TrimLeft(msg, " \t")
	lead := len(msg) - len(rec)
	rec = bytes.TrimRight(rec, " \t")
	if len(rec) == 0 {
		p.out.Reject(loc, "the line has a time but no message")
		return nil
	}
	if rec[0] != '{' {
		p.out.Reject(loc, notObject("the message", rec))
		return nil
	}
	// The line was only split, not scanned: check the record now.
	scan, err := scanText(rec)
	if err != nil {
		p.out.Reject(loc, fmt.Sprintf("invalid JSON: the message %v", err))
		return nil
	}
	scan.offset = v.offset + int64(sp+1+lead)
	scan.badAt += scan.offset
	return p.record(rec, recordInfo{
		loc:      loc,
		scan:     scan,
		time:     t.UTC(),
		timeFrom: "the export line's timestamp",
	})
}
