package cloudtrail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Positions of the values in a row; they follow Table.Columns (a test checks
// the two agree).
const (
	colEventTime = iota
	colEventVersion
	colEventSource
	colEventName
	colAwsRegion
	colSourceIPAddress
	colUserAgent
	colErrorCode
	colErrorMessage
	colReadOnly
	colEventType
	colEventCategory
	colManagementEvent
	colEventID
	colRequestID
	colRecipientAccountID
	colUserIdentityType
	colUserIdentityArn
	colUserIdentityPrincipalID
	colUserIdentityAccountID
	colUserIdentityUserName
	colUserIdentityInvokedBy
	colAccessKeyID
	colSessionIssuerUserName
	colSessionIssuerArn
	colMfaAuthenticated
	colUsername
	colRaw
	numColumns
)

// recordInfo says where a record's text came from and what its wrapper knew.
type recordInfo struct {
	loc source.Location
	// inner names the JSON string the record was read from, e.g.
	// "Events[3].CloudTrailEvent"; empty when the record is file text that
	// the scanner has already checked (scan).
	inner string
	scan  rawValue
	// badUTF8 says the wrapper's text had invalid UTF-8 (already replaced).
	badUTF8 bool
	// Wrapper values used when the record lacks them.
	time        time.Time // zero when none
	timeFrom    string    // names time in warnings
	username    string
	hasUsername bool
}

var replacementChar = []byte("\uFFFD")

// Warnings for repaired records.
const (
	loneWarning     = `half a UTF-16 surrogate pair (\uD800-\uDFFF) replaced by \ufffd`
	controlsWarning = `raw control characters in strings escaped (\u00XX)`
)

// record turns one record's JSON text into a row, or a reject.
func (p *parser) record(text []byte, info recordInfo) error {
	scan := info.scan
	if info.inner != "" {
		// Text from inside a JSON string has not been through the scanner.
		var err error
		if scan, err = scanText(text); err != nil {
			p.out.Reject(info.loc, fmt.Sprintf("invalid JSON in %s: %v", info.inner, err))
			return nil
		}
	}
	if scan.bad != "" {
		p.out.Reject(info.loc, "invalid JSON: "+scan.bad+" "+where(info, scan.badAt))
		return nil
	}
	// Repairs: what DuckDB would refuse is fixed, with a warning, rather
	// than the evidence dropped.
	var warnings []string
	if scan.lone {
		fixLoneSurrogates(text)
		warnings = append(warnings, loneWarning)
	}
	if scan.controls {
		text = escapeControls(text)
		scan.spaced = true // raw newlines were counted as whitespace
		warnings = append(warnings, controlsWarning)
	}
	badUTF8 := info.badUTF8
	if !utf8.Valid(text) {
		// DuckDB text must be valid UTF-8; keep the record with the bad
		// bytes replaced rather than drop the evidence.
		text = bytes.ToValidUTF8(text, replacementChar)
		badUTF8 = true
	}
	v, err := p.rec.ParseBytes(text)
	if err != nil {
		p.out.Reject(info.loc, syntaxReason(text, err, func(at int64) string { return where(info, scan.offset+at) }))
		return nil
	}
	obj, err := v.Object()
	if err != nil {
		what := "the record"
		if info.inner != "" {
			what = info.inner
		}
		p.out.Reject(info.loc, fmt.Sprintf("%s is %s, not an object", what, kindName(v.Type())))
		return nil
	}
	f := collect(obj)
	if f.src[colEventVersion] == nil && f.src[colEventSource] == nil && f.src[colEventName] == nil && f.src[colEventID] == nil {
		p.out.Reject(info.loc, "not a CloudTrail event: none of eventVersion, eventSource, eventName, eventID")
		return nil
	}

	vals := p.values(&f, text, scan.spaced)

	if info.hasUsername {
		vals[colUsername] = info.username
	} else {
		textOf := func(col int) string { s, _ := vals[col].(string); return s }
		id := Identity{
			Type:        textOf(colUserIdentityType),
			UserName:    textOf(colUserIdentityUserName),
			ARN:         textOf(colUserIdentityArn),
			PrincipalID: textOf(colUserIdentityPrincipalID),
		}
		if name, ok := Username(id); ok {
			vals[colUsername] = name
		}
	}

	if badUTF8 {
		warnings = append(warnings, "invalid UTF-8 replaced by U+FFFD")
	}
	t, why := recordTime(f.eventTime, f.stamp)
	if t.IsZero() && !info.time.IsZero() {
		// The wrapper's time is the event's time too (CloudWatch Logs
		// stamps CloudTrail events with eventTime); say so only when the
		// record had an eventTime we could not read.
		t = info.time
		if f.eventTime == nil {
			why = ""
		} else {
			why += "; used " + info.timeFrom
		}
	}
	if !t.IsZero() {
		vals[colEventTime] = t
	}
	if why != "" {
		warnings = append(warnings, why)
	}

	if err := p.out.Row(info.loc, vals); err != nil {
		return err
	}
	for _, w := range warnings {
		p.out.Warn(info.loc, w)
	}
	return nil
}

// fields are the JSON values a row is made from.
type fields struct {
	src              [numColumns]*fastjson.Value // per column; nil when absent
	eventTime, stamp *fastjson.Value             // eventTime, @timestamp
}

// collect finds the values of a record's columns.
func collect(obj *fastjson.Object) fields {
	var f fields
	var ident, insight *fastjson.Value
	// One pass over the top-level members: cheaper than a lookup per key.
	obj.Visit(func(k []byte, v *fastjson.Value) {
		switch string(k) {
		case "eventTime":
			f.eventTime = v
		case "@timestamp":
			f.stamp = v
		case "eventVersion":
			f.src[colEventVersion] = v
		case "eventSource":
			f.src[colEventSource] = v
		case "eventName":
			f.src[colEventName] = v
		case "awsRegion":
			f.src[colAwsRegion] = v
		case "sourceIPAddress":
			f.src[colSourceIPAddress] = v
		case "userAgent":
			f.src[colUserAgent] = v
		case "errorCode":
			f.src[colErrorCode] = v
		case "errorMessage":
			f.src[colErrorMessage] = v
		case "readOnly":
			f.src[colReadOnly] = v
		case "eventType":
			f.src[colEventType] = v
		case "eventCategory":
			f.src[colEventCategory] = v
		case "managementEvent":
			f.src[colManagementEvent] = v
		case "eventID":
			f.src[colEventID] = v
		case "requestID":
			f.src[colRequestID] = v
		case "recipientAccountId":
			f.src[colRecipientAccountID] = v
		case "userIdentity":
			ident = v
		case "insightDetails":
			insight = v
		}
	})
	if insight != nil {
		// Insights events name the API they are about here; lookup-events
		// shows these as the event's source and name.
		if f.src[colEventSource] == nil {
			f.src[colEventSource] = insight.Get("eventSource")
		}
		if f.src[colEventName] == nil {
			f.src[colEventName] = insight.Get("eventName")
		}
	}
	if ident != nil && ident.Type() == fastjson.TypeObject {
		f.src[colUserIdentityType] = ident.Get("type")
		f.src[colUserIdentityArn] = ident.Get("arn")
		f.src[colUserIdentityPrincipalID] = ident.Get("principalId")
		f.src[colUserIdentityAccountID] = ident.Get("accountId")
		f.src[colUserIdentityUserName] = ident.Get("userName")
		f.src[colUserIdentityInvokedBy] = ident.Get("invokedBy")
		f.src[colAccessKeyID] = ident.Get("accessKeyId")
		if session := ident.Get("sessionContext"); session != nil {
			f.src[colSessionIssuerUserName] = session.Get("sessionIssuer", "userName")
			f.src[colSessionIssuerArn] = session.Get("sessionIssuer", "arn")
			f.src[colMfaAuthenticated] = session.Get("attributes", "mfaAuthenticated")
		}
	}
	return f
}

// values makes a row's values from its fields and raw text; eventTime and
// Username are left to the caller.
func (p *parser) values(f *fields, text []byte, spaced bool) []any {
	vals := make([]any, numColumns)
	// All text of the row goes into one string: one allocation instead of
	// one per column. spans[col] locates a column's text in it.
	type span struct {
		start, end int
		set        bool
	}
	var spans [numColumns]span
	arena := p.arena[:0]
	for col, v := range f.src {
		switch {
		case v == nil:
		case col == colReadOnly || col == colManagementEvent:
			vals[col] = boolean(v)
		default:
			start := len(arena)
			var ok bool
			if arena, ok = appendText(arena, v); ok {
				spans[col] = span{start, len(arena), true}
			}
		}
	}
	rawStart := len(arena)
	if spaced {
		arena = compact(arena, text)
	} else {
		arena = append(arena, text...)
	}
	all := string(arena)
	p.arena = arena
	for col, sp := range spans {
		if sp.set {
			vals[col] = all[sp.start:sp.end]
		}
	}
	vals[colRaw] = all[rawStart:]
	return vals
}

// scanText runs the scanner over a record held in a JSON string, to check it
// and learn whether it needs compacting.
func scanText(text []byte) (rawValue, error) {
	s := newBytesScanner(text)
	c, err := s.peek()
	if err != nil {
		return rawValue{}, fmt.Errorf("it is empty")
	}
	if c != '{' {
		if k := kindOf(text[s.pos:]); k != "" {
			return rawValue{}, fmt.Errorf("it holds %s, not an object", k)
		}
		return rawValue{}, fmt.Errorf("it is not JSON: starts with %q", clip(string(bytes.ToValidUTF8(text[s.pos:], replacementChar)), 40))
	}
	v, err := s.value(false)
	if err == errTruncated {
		return v, fmt.Errorf("it ends inside the record")
	}
	v.offset = 0 // positions count from the start of text
	// Whitespace around the record must go from raw too.
	v.spaced = v.spaced || len(v.b) != len(text)
	return v, err
}

// where says where a spot of a record is, for messages: an input offset, or
// a position in the JSON string the record came from.
func where(info recordInfo, offset int64) string {
	if info.inner != "" {
		return fmt.Sprintf("at byte %d of %s", offset, info.inner)
	}
	return fmt.Sprintf("at byte offset %d", offset)
}

// appendText appends a VARCHAR column's text: a string's value, or the JSON
// text of a number, boolean, object or array, so that an odd value stays
// visible instead of vanishing. ok is false for null.
func appendText(dst []byte, v *fastjson.Value) ([]byte, bool) {
	switch v.Type() {
	case fastjson.TypeNull:
		return dst, false
	case fastjson.TypeString:
		return append(dst, v.GetStringBytes()...), true
	}
	// Objects and arrays: their strings are still in escaped JSON form, so
	// this prints valid JSON.
	return v.MarshalTo(dst), true
}

// varchar is a VARCHAR column's value on its own (lookup-events summary
// members): the string, or nil when absent or null.
func varchar(v *fastjson.Value) any {
	if v == nil {
		return nil
	}
	b, ok := appendText(nil, v)
	if !ok {
		return nil
	}
	return string(b)
}

// boolean is a BOOLEAN column's value: a JSON boolean, or the strings
// "true"/"false" (lookup-events and the Athena table write readOnly so).
func boolean(v *fastjson.Value) any {
	if v == nil {
		return nil
	}
	switch v.Type() {
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeFalse:
		return false
	case fastjson.TypeString:
		switch strings.ToLower(string(v.GetStringBytes())) {
		case "true":
			return true
		case "false":
			return false
		}
	}
	return nil
}

// kindName names a JSON type for messages: "a string", "an array" ….
func kindName(t fastjson.Type) string {
	switch t {
	case fastjson.TypeObject:
		return "an object"
	case fastjson.TypeArray:
		return "an array"
	case fastjson.TypeString:
		return "a string"
	case fastjson.TypeNumber:
		return "a number"
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return "a boolean"
	case fastjson.TypeNull:
		return "null"
	}
	return "an unknown value"
}

// kindOf names the JSON type of a value's text from its start, or returns
// "" when the text does not start like a JSON value.
func kindOf(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	switch c := b[0]; {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case bytes.HasPrefix(b, []byte("true")) || bytes.HasPrefix(b, []byte("false")):
		return "a boolean"
	case bytes.HasPrefix(b, []byte("null")):
		return "null"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	}
	return ""
}

// syntaxReason explains why fastjson refused a record. encoding/json's
// error tells the position, so it words the reason on this rare path; at
// turns a position in text into words.
func syntaxReason(text []byte, parseErr error, at func(int64) string) string {
	var syntax *json.SyntaxError
	if err := json.Unmarshal(text, new(json.RawMessage)); errors.As(err, &syntax) {
		pos := syntax.Offset - 1 // the offending byte
		if syntax.Offset >= int64(len(text)) && strings.Contains(syntax.Error(), "end of JSON input") {
			pos = int64(len(text))
		}
		return fmt.Sprintf("invalid JSON: %s %s", syntax.Error(), at(pos))
	}
	return "invalid JSON: " + parseErr.Error()
}

// recordTime returns the record's time: eventTime, else the @timestamp a log
// shipper added. why explains a missing or unusable time (and is set too
// when eventTime was unusable but @timestamp served).
func recordTime(eventTime, stamp *fastjson.Value) (t time.Time, why string) {
	if eventTime != nil {
		if t, ok := parseTime(eventTime); ok {
			return t, ""
		}
		why = fmt.Sprintf("eventTime %s is not a time", clip(eventTime.String(), 60))
	}
	if stamp != nil {
		if t, ok := parseTime(stamp); ok {
			if why != "" {
				why += "; used @timestamp"
			}
			return t, why
		}
		if why == "" {
			why = fmt.Sprintf("no eventTime, and @timestamp %s is not a time", clip(stamp.String(), 60))
		}
		return time.Time{}, why
	}
	if why == "" {
		why = "no eventTime: the row has no time"
	}
	return time.Time{}, why
}

// timeLayouts are the text times accepted, tried in order. CloudTrail writes
// the first; log shippers write the others.
var timeLayouts = []string{
	time.RFC3339Nano, // 2023-08-09T14:03:11Z, with or without fraction or offset
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999", // no zone: UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// parseTime reads an ISO-8601 text time or an epoch number (seconds,
// milliseconds, microseconds or nanoseconds, told apart by size). Times
// outside the years 1 to 9999 are refused: they are garbage, and would
// overflow DuckDB's microsecond timestamps at the extremes.
func parseTime(v *fastjson.Value) (time.Time, bool) {
	t, ok := parseAnyTime(v)
	if !ok || t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

func parseAnyTime(v *fastjson.Value) (time.Time, bool) {
	switch v.Type() {
	case fastjson.TypeString:
		s := string(v.GetStringBytes())
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), true
			}
		}
		if s != "" && strings.Trim(s, "0123456789.") == "" {
			return epochTime(s)
		}
	case fastjson.TypeNumber:
		return epochTime(v.String())
	}
	return time.Time{}, false
}

// epochTime reads a Unix time. Its size says its unit: below 1e11 it is in
// seconds (1e11 s is the year 5138), below 1e14 milliseconds, below 1e17
// microseconds, else nanoseconds.
func epochTime(s string) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		a := n
		if a < 0 {
			a = -a
		}
		switch {
		case a < 1e11:
			return time.Unix(n, 0).UTC(), true
		case a < 1e14:
			return time.UnixMilli(n).UTC(), true
		case a < 1e17:
			return time.UnixMicro(n).UTC(), true
		}
		return time.Unix(0, n).UTC(), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) >= 1e11 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), true
}

// clip shortens s for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// compact appends src to dst without the whitespace outside strings.
func compact(dst, src []byte) []byte {
	for len(src) > 0 {
		// Copy up to the next whitespace or string.
		i := 0
		for i < len(src) && outside[src[i]] != cSpace && outside[src[i]] != cNewline && src[i] != '"' {
			i++
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		if len(src) == 0 {
			break
		}
		if src[0] != '"' {
			src = src[1:] // whitespace: drop it
			continue
		}
		// A string: copy it whole, escapes included.
		j := 1
		for j < len(src) && src[j] != '"' {
			if src[j] == '\\' {
				j++
			}
			j++
		}
		if j < len(src) {
			j++ // the closing quote
		}
		if j > len(src) {
			j = len(src)
		}
		dst = append(dst, src[:j]...)
		src = src[j:]
	}
	return dst
}
