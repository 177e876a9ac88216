package cloudtrail

import (
	"context"
	"errors"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// TestInvalidJSONInRecords rejects a bad element of Records with its place
// and reads on.
func TestInvalidJSONInRecords(t *testing.T) {
	bad := `{"eventVersion":"1.08","eventName":"Broken" "eventSource":"s3.amazonaws.com"}`
	text := recordsFile(recIAMUser, bad, recRoot)
	w, err := parseString(t, "cloudtrail-records", text)
	if err != nil {
		t.Fatal(err)
	}
	if got := eventNames(w); !reflect.DeepEqual(got, []string{"StopLogging", "ConsoleLogin"}) {
		t.Errorf("rows = %v", got)
	}
	at := strings.Index(text, `"eventSource":"s3`)
	want := []gotNote{{loc(1, 2), "invalid JSON: invalid character '\"' after object key:value pair at byte offset " + strconv.Itoa(at)}}
	if !reflect.DeepEqual(w.rejects, want) {
		t.Errorf("rejects = %v\nwant %v", w.rejects, want)
	}
	if w.rows[1].loc != loc(1, 3) {
		t.Errorf("third record at %v", w.rows[1].loc)
	}
}

// TestInvalidJSONKinds covers what fastjson's parser would let through: the
// scanner catches it, so raw stays valid JSON.
func TestInvalidJSONKinds(t *testing.T) {
	tests := []struct {
		bad, reason string
	}{
		{`{"eventName":"A","n":01}`, `invalid JSON: "01" is not a JSON value at byte offset `},
		{`{"eventName":"A","n":NaN}`, `invalid JSON: "NaN" is not a JSON value at byte offset `},
		{`{"eventName":"A","n":1.2.3}`, `invalid JSON: "1.2.3" is not a JSON value at byte offset `},
		{`{"eventName":"A","n":tru}`, `invalid JSON: "tru" is not a JSON value at byte offset `},
		{`{"eventName":"A\q"}`, `invalid JSON: invalid escape "\\q" in a string at byte offset `},
		{`{"eventName":"A\u12G4"}`, `invalid JSON: invalid escape "\\u" in a string at byte offset `},
		{`{"eventName":"A",}`, `invalid JSON: invalid character '}' looking for beginning of object key string at byte offset `},
		{`{"eventName" "A"}`, `invalid JSON: invalid character '"' after object key at byte offset `},
	}
	for _, tt := range tests {
		t.Run(tt.bad, func(t *testing.T) {
			text := recordsFile(recIAMUser, tt.bad, recRoot)
			w := mustParse(t, "cloudtrail-records", text)
			if len(w.rows) != 2 || len(w.rejects) != 1 {
				t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
			}
			if r := w.rejects[0]; r.loc != loc(1, 2) || !strings.HasPrefix(r.reason, tt.reason) {
				t.Errorf("reject = %v, want %q…", r, tt.reason)
			}
		})
	}
}

// TestRecordsNonObjects rejects each element that is not an object.
func TestRecordsNonObjects(t *testing.T) {
	text := recordsFile(recIAMUser, `"oops"`, `42`, `null`, `[1,2]`, `true`, `-1.5e3`, recRoot)
	w := mustParse(t, "cloudtrail-records", text)
	if got := eventNames(w); !reflect.DeepEqual(got, []string{"StopLogging", "ConsoleLogin"}) {
		t.Errorf("rows = %v", got)
	}
	want := []gotNote{
		{loc(1, 2), "Records[1] is a string, not an object"},
		{loc(1, 3), "Records[2] is a number, not an object"},
		{loc(1, 4), "Records[3] is null, not an object"},
		{loc(1, 5), "Records[4] is an array, not an object"},
		{loc(1, 6), "Records[5] is a boolean, not an object"},
		{loc(1, 7), "Records[6] is a number, not an object"},
	}
	if !reflect.DeepEqual(w.rejects, want) {
		t.Errorf("rejects = %v\nwant %v", w.rejects, want)
	}
	if w.rows[1].loc != loc(1, 8) {
		t.Errorf("last row at %v", w.rows[1].loc)
	}
}

// TestBrokenStructure covers damage outside the records: a Records member
// that is not an array is rejected; text after the JSON, or structure that
// cannot be followed, stops the parse with an error naming where.
func TestBrokenStructure(t *testing.T) {
	w := mustParse(t, "cloudtrail-records", "{\"Records\":null}\n"+recordsFile(recRoot))
	if want := []gotNote{{source.Location{Line: 1}, "Records is null, not an array"}}; !reflect.DeepEqual(w.rejects, want) || len(w.rows) != 1 {
		t.Errorf("rejects %v, rows %d", w.rejects, len(w.rows))
	}

	tests := []struct{ format, text, err string }{
		{"cloudtrail-records", recordsFile(recRoot) + "\ngarbage", "line 2, after record 1: invalid JSON: 'g' where an object should start"},
		{"cloudtrail-records", `{"Records":[` + recRoot + `] "x":1}`, "line 1, after record 1: invalid JSON: '\"' where ',' or '}' should follow a member"},
		{"cloudtrail-records", `{"Records" [` + recRoot + `]}`, "line 1, after record 0: invalid JSON: '[' where ':' should follow a member name"},
		{"cloudtrail-array", arrayFile(recRoot, recService) + "]", "line 1, after record 2: invalid JSON: ']' where an array should start"},
		{"cloudtrail-array", "[" + recRoot + ":" + recService + "]", "line 1, after record 1: invalid JSON: ':' where ',' or ']' should follow an element"},
		{"cloudtrail-lookup-events", `{"Events":[],"NextToken":"x"}{1}`, "line 1, after record 0: invalid JSON: '1' where a member name should start"},
	}
	for _, tt := range tests {
		w, err := parseString(t, tt.format, tt.text)
		if err == nil || err.Error() != tt.err {
			t.Errorf("%s %.60q: err = %v, want %s", tt.format, tt.text, err, tt.err)
		}
		if len(w.rows) == 0 && strings.Contains(tt.text, recRoot) && !strings.Contains(tt.err, "record 0") {
			t.Errorf("%.60q: rows before the damage were lost", tt.text)
		}
	}
}

// TestArrayNonObjects does the same for a bare array, and a missing comma.
func TestArrayNonObjects(t *testing.T) {
	text := "[\n" + recIAMUser + ",\n\"x\",\n" + recRoot + "\n" + recService + "\n]"
	w := mustParse(t, "cloudtrail-array", text)
	if got := eventNames(w); !reflect.DeepEqual(got, []string{"StopLogging", "ConsoleLogin", "AssumeRole"}) {
		t.Errorf("rows = %v", got)
	}
	if want := []gotNote{{loc(3, 2), "element 1 is a string, not an object"}}; !reflect.DeepEqual(w.rejects, want) {
		t.Errorf("rejects = %v", w.rejects)
	}
	if want := []gotNote{{source.Location{Line: 5}, "invalid JSON: missing ',' before element 3"}}; !reflect.DeepEqual(w.warns, want) {
		t.Errorf("warns = %v", w.warns)
	}
}

// TestBadLines rejects each broken JSON line and reads the next.
func TestBadLines(t *testing.T) {
	lines := []string{
		recIAMUser,
		`{"eventVersion":"1.08","eventName":"Cut", "userAgent":"aws-cli`, // line ends in a string
		recInstanceRole,
		`{"eventVersion":"1.08","eventName":"Unclosed"`, // no closing brace
		recRoot,
		`not json at all`,
		`[1, 2]`,
		`{"eventVersion":"1.08","eventName":"Bad" "x":1}`,
		`{"eventVersion":"1.08","eventName":"Half",`, // ends in a comma
		recFederated,
		`{"hello":"world"}`,
		`}`,
		recService,
	}
	w := mustParse(t, "cloudtrail-jsonl", strings.Join(lines, "\n")+"\n")
	if got, want := eventNames(w), []string{"StopLogging", "ListBuckets", "ConsoleLogin", "DescribeInstances", "AssumeRole"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	var rowLines []int64
	for _, r := range w.rows {
		rowLines = append(rowLines, r.loc.Line)
	}
	if want := []int64{1, 3, 5, 10, 13}; !reflect.DeepEqual(rowLines, want) {
		t.Errorf("row lines = %v, want %v", rowLines, want)
	}
	want := []gotNote{
		{loc(2, 2), "invalid JSON: a line ends inside a string"},
		{loc(4, 4), "invalid JSON: the record is not closed before the next line starts a new one"},
		{loc(6, 6), `the line is not JSON: starts with "not json at all"`},
		{loc(7, 7), "the line is an array, not an object"},
		{loc(8, 8), "invalid JSON: invalid character '\"' after object key:value pair at byte offset " + strconv.Itoa(strings.Index(strings.Join(lines, "\n"), `"x":1`))},
		{loc(9, 9), "invalid JSON: the record is not closed before the next line starts a new one"},
		{loc(11, 11), "not a CloudTrail event: none of eventVersion, eventSource, eventName, eventID"},
		{loc(12, 12), `the line is not JSON: starts with "}"`},
	}
	if !reflect.DeepEqual(w.rejects, want) {
		t.Errorf("rejects:\n%v\nwant\n%v", w.rejects, want)
	}
}

// TestBadWrapped rejects broken lookup-events and CloudWatch Logs entries
// and reads on.
func TestBadWrapped(t *testing.T) {
	lookup := `{"Events":[` + lookupEntry(t, recIAMUser, "") + `,` +
		`{"EventId":"x","CloudTrailEvent":"{\"eventName\":\"A\" \"b\":1}"},` +
		`{"EventId":"y","CloudTrailEvent":"not json"},` +
		`{"EventId":"z","CloudTrailEvent":42},` +
		`"str",` +
		lookupEntry(t, recRoot, "") + `]}`
	w := mustParse(t, "cloudtrail-lookup-events", lookup)
	if got := eventNames(w); !reflect.DeepEqual(got, []string{"StopLogging", "ConsoleLogin"}) {
		t.Errorf("lookup rows = %v", got)
	}
	want := []gotNote{
		{loc(1, 2), `invalid JSON: invalid character '"' after object key:value pair at byte 17 of Events[1].CloudTrailEvent`},
		{loc(1, 3), `invalid JSON in Events[2].CloudTrailEvent: it is not JSON: starts with "not json"`},
		{loc(1, 4), "Events[3].CloudTrailEvent is a number, not a JSON string"},
		{loc(1, 5), "Events[4] is a string, not an object"},
	}
	if !reflect.DeepEqual(w.rejects, want) {
		t.Errorf("lookup rejects:\n%v\nwant\n%v", w.rejects, want)
	}

	cwl := `{"events":[` + logEventEntry(recIAMUser, 1, false) + `,` +
		`{"timestamp":2,"message":"2 111122223333 eni-0a1b 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK"},` +
		`{"timestamp":3},` +
		logEventEntry(recRoot, 4, false) + `]}`
	w = mustParse(t, "cloudtrail-cwl-events", cwl)
	if got := eventNames(w); !reflect.DeepEqual(got, []string{"StopLogging", "ConsoleLogin"}) {
		t.Errorf("cwl rows = %v", got)
	}
	want = []gotNote{
		{loc(1, 2), "invalid JSON in events[1].message: it holds a number, not an object"},
		{loc(1, 3), "events[2] has no message string"},
	}
	if !reflect.DeepEqual(w.rejects, want) {
		t.Errorf("cwl rejects:\n%v\nwant\n%v", w.rejects, want)
	}

	export := "2024-03-08T10:11:12.123Z " + recIAMUser + "\n" +
		"garbage line\n" +
		"2024-03-08T10:11:13Z\n" +
		"2024-03-08T10:11:14Z {\"eventName\":\"A\",}\n" +
		"2024-03-08T10:11:15Z " + recRoot + "\n"
	w = mustParse(t, "cloudtrail-cwl-export", export)
	if got := eventNames(w); !reflect.DeepEqual(got, []string{"StopLogging", "ConsoleLogin"}) {
		t.Errorf("export rows = %v", got)
	}
	at := strings.Index(export, `,}`) + 1
	want = []gotNote{
		{loc(2, 2), `not a CloudWatch Logs export line: "garbage" is not an ISO-8601 time`},
		{loc(3, 3), "not a CloudWatch Logs export line: want an ISO-8601 time, a space and the record"},
		{loc(4, 4), "invalid JSON: invalid character '}' looking for beginning of object key string at byte offset " + strconv.Itoa(at)},
	}
	if !reflect.DeepEqual(w.rejects, want) {
		t.Errorf("export rejects:\n%v\nwant\n%v", w.rejects, want)
	}
	if w.rows[1].loc != loc(5, 5) {
		t.Errorf("last export row at %v", w.rows[1].loc)
	}
}

// TestInvalidUTF8 loads the record with the bad bytes replaced (a run of
// them by one U+FFFD), and warns.
func TestInvalidUTF8(t *testing.T) {
	bad := strings.Replace(recIAMUser, `"userAgent":"aws-cli/2.13.0`, "\"userAgent\":\"aws-cli\xff\xfe/2.13.0", 1)
	for _, tt := range []struct{ format, text string }{
		{"cloudtrail-records", recordsFile(recRoot, bad)},
		{"cloudtrail-jsonl", linesFile(recRoot, bad)},
		{"cloudtrail-cwl-export", cwlExportFile(recRoot, bad)},
		{"cloudtrail-lookup-events", strings.Replace(lookupFile(t, recRoot, recIAMUser), `aws-cli/2.13.0`, "aws-cli\xff\xfe/2.13.0", 1)},
		{"cloudtrail-cwl-events", strings.Replace(cwlEventsFile(false, recRoot, recIAMUser), `aws-cli/2.13.0`, "aws-cli\xff\xfe/2.13.0", 1)},
	} {
		t.Run(tt.format, func(t *testing.T) {
			w := mustParse(t, tt.format, tt.text)
			if len(w.rows) != 2 || len(w.rejects) != 0 {
				t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
			}
			if got := get(w.rows[1].vals, "userAgent"); got != "aws-cli\uFFFD/2.13.0 Python/3.11.4 Linux/5.15" {
				t.Errorf("userAgent = %q", got)
			}
			if raw := get(w.rows[1].vals, "raw").(string); !strings.Contains(raw, "aws-cli\uFFFD/2.13.0") {
				t.Errorf("raw = %.200q", raw)
			}
			if want := []gotNote{{w.rows[1].loc, "invalid UTF-8 replaced by U+FFFD"}}; !reflect.DeepEqual(w.warns, want) {
				t.Errorf("warns = %v", w.warns)
			}
		})
	}
}

// TestLoneSurrogates repairs \uXXXX escapes of half a surrogate pair,
// which DuckDB's JSON refuses, and keeps whole pairs.
func TestLoneSurrogates(t *testing.T) {
	rec := strings.Replace(recIAMUser, `"userAgent":"aws-cli/2.13.0 Python/3.11.4 Linux/5.15"`,
		`"userAgent":"a\ud800b\udc00c\ud83d\ude00d\ud800"`, 1)
	for _, tt := range []struct{ format, text string }{
		{"cloudtrail-records", recordsFile(recRoot, rec)},
		{"cloudtrail-jsonl", linesFile(recRoot, rec)},
		{"cloudtrail-lookup-events", lookupFile(t, recRoot, rec)},
		{"cloudtrail-cwl-events", cwlEventsFile(false, recRoot, rec)},
	} {
		t.Run(tt.format, func(t *testing.T) {
			w := mustParse(t, tt.format, tt.text)
			if len(w.rows) != 2 || len(w.rejects) != 0 {
				t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
			}
			if got := get(w.rows[1].vals, "userAgent"); got != "a\uFFFDb\uFFFDc\U0001F600d\uFFFD" {
				t.Errorf("userAgent = %q", got)
			}
			if raw := get(w.rows[1].vals, "raw").(string); !strings.Contains(raw, `"userAgent":"a\ufffdb\ufffdc\ud83d\ude00d\ufffd"`) {
				t.Errorf("raw = %.300s", raw)
			}
			if want := []gotNote{{w.rows[1].loc, loneWarning}}; !reflect.DeepEqual(w.warns, want) {
				t.Errorf("warns = %v", w.warns)
			}
		})
	}
}

// TestControlCharacters escapes raw control characters in strings, which
// JSON (and DuckDB) do not allow, and loads the record with a warning.
func TestControlCharacters(t *testing.T) {
	rec := strings.Replace(recIAMUser, `"userAgent":"aws-cli/2.13.0 Python/3.11.4 Linux/5.15"`, "\"userAgent\":\"a\tb\x01c\nd\"", 1)
	for _, tt := range []struct{ format, text string }{
		{"cloudtrail-records", recordsFile(recRoot, rec)},
		{"cloudtrail-array", "[\n" + recRoot + ",\n" + rec + "\n]"},
		{"cloudtrail-lookup-events", lookupFile(t, recRoot, rec)},
		{"cloudtrail-cwl-events", cwlEventsFile(false, recRoot, rec)},
		{"cloudtrail-lookup-events", strings.Replace(lookupFile(t, recRoot, recIAMUser), `aws-cli/2.13.0 Python/3.11.4 Linux/5.15`, "a\tb\x01c\nd", 1)},
	} {
		t.Run(tt.format, func(t *testing.T) {
			w := mustParse(t, tt.format, tt.text)
			if len(w.rows) != 2 || len(w.rejects) != 0 {
				t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
			}
			if got := get(w.rows[1].vals, "userAgent"); got != "a\tb\x01c\nd" {
				t.Errorf("userAgent = %q", got)
			}
			if raw := get(w.rows[1].vals, "raw").(string); !strings.Contains(raw, `"userAgent":"a\u0009b\u0001c\u000ad"`) {
				t.Errorf("raw = %.300s", raw)
			}
			if want := []gotNote{{w.rows[1].loc, controlsWarning}}; !reflect.DeepEqual(w.warns, want) {
				t.Errorf("warns = %v", w.warns)
			}
		})
	}
}

// TestEmpty: an empty or blank file gives nothing and no error, and no
// format claims it.
func TestEmpty(t *testing.T) {
	for _, text := range []string{"", " \n\t\r\n ", "\xEF\xBB\xBF"} {
		for _, f := range Formats {
			w, err := parseString(t, f.Name(), text)
			if err != nil || len(w.rows)+len(w.rejects)+len(w.warns) != 0 {
				t.Errorf("%s on %q: err %v, rows %d, rejects %v, warns %v", f.Name(), text, err, len(w.rows), w.rejects, w.warns)
			}
			if f.Sniff("x.json", []byte(text)) {
				t.Errorf("%s claims %q", f.Name(), text)
			}
		}
	}
}

// TestTruncated: a stream that breaks keeps the rows read and names the
// record where it stopped.
func TestTruncated(t *testing.T) {
	full := recordsFile(recIAMUser, recInstanceRole, recRoot)
	cut := strings.Index(full, recRoot) + 100 // inside the third record

	t.Run("read error", func(t *testing.T) {
		w, err := parseReader(t, "cloudtrail-records", &errReader{data: full[:cut], err: io.ErrUnexpectedEOF})
		if len(w.rows) != 2 {
			t.Errorf("rows = %d, want 2", len(w.rows))
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) || err.Error() != "line 1, record 3: reading stopped: unexpected EOF" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("clean end inside a record", func(t *testing.T) {
		w, err := parseString(t, "cloudtrail-records", full[:cut])
		if len(w.rows) != 2 {
			t.Errorf("rows = %d, want 2", len(w.rows))
		}
		if err == nil || err.Error() != "line 1, record 3: the file ends inside this record (truncated?)" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("end between records", func(t *testing.T) {
		text := indent(t, full)
		text = text[:strings.LastIndex(text, "}")-1] // drop "]\n}"
		text = text[:strings.LastIndex(text, "]")]
		w, err := parseString(t, "cloudtrail-records", text)
		if len(w.rows) != 3 {
			t.Errorf("rows = %d, want 3", len(w.rows))
		}
		if err == nil || !strings.HasPrefix(err.Error(), "line ") || !strings.Contains(err.Error(), "after record 3: the file ends before its JSON is closed") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		text := linesFile(recIAMUser, recInstanceRole, recRoot)
		w, err := parseReader(t, "cloudtrail-jsonl", &errReader{data: text[:len(text)-50], err: io.ErrUnexpectedEOF})
		if len(w.rows) != 2 || !errors.Is(err, io.ErrUnexpectedEOF) || !strings.HasPrefix(err.Error(), "line 3, record 3: ") {
			t.Errorf("rows %d, err %v", len(w.rows), err)
		}
	})
	t.Run("cwl export", func(t *testing.T) {
		text := cwlExportFile(recIAMUser, recInstanceRole, recRoot)
		w, err := parseReader(t, "cloudtrail-cwl-export", &errReader{data: text[:len(text)-50], err: io.ErrUnexpectedEOF})
		if len(w.rows) != 2 || !errors.Is(err, io.ErrUnexpectedEOF) || !strings.HasPrefix(err.Error(), "line 3, record 3: ") {
			t.Errorf("rows %d, err %v", len(w.rows), err)
		}
	})
}

// recordsGenerator streams {"Records":[…]} with n records on one line,
// without holding the file in memory.
type recordsGenerator struct {
	n, i int
	pend []byte
	done bool
}

func (g *recordsGenerator) Read(p []byte) (int, error) {
	for len(g.pend) == 0 {
		switch {
		case g.done:
			return 0, io.EOF
		case g.i == 0:
			g.pend = []byte(`{"Records":[`)
		case g.i > g.n:
			g.pend = []byte(`]}`)
			g.done = true
		default:
			sep := ","
			if g.i == 1 {
				sep = ""
			}
			g.pend = []byte(sep + allRecords[g.i%len(allRecords)])
		}
		g.i++
	}
	n := copy(p, g.pend)
	g.pend = g.pend[n:]
	return n, nil
}

// TestBigSingleLine reads a 50 MB one-line Records file with a buffer no
// bigger than a few records: memory follows the record, not the file.
func TestBigSingleLine(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB")
	}
	avg := 0
	for _, r := range allRecords {
		avg += len(r)
	}
	avg /= len(allRecords)
	n := 50 << 20 / avg
	w := &countWriter{}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := newParser(context.Background(), &recordsGenerator{n: n}, w)
	if err := p.run(shapeRecords); err != nil {
		t.Fatal(err)
	}
	if w.rows != int64(n) || w.rejects != 0 {
		t.Fatalf("rows %d rejects %d, want %d rows", w.rows, w.rejects, n)
	}
	if p.s.line != 1 {
		t.Errorf("line = %d", p.s.line)
	}
	if c := cap(p.s.buf); c > 2<<20 {
		t.Errorf("buffer grew to %d bytes for %d-byte records", c, avg)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 16<<20 {
		t.Errorf("heap in use grew by %d MB", grew>>20)
	}
}

// TestBigRecord reads one record larger than the initial buffer.
func TestBigRecord(t *testing.T) {
	big := strings.Replace(recIAMUser, `"requestParameters":{"name":"management-trail"}`,
		`"requestParameters":{"policy":"`+strings.Repeat(`a\"b`, 1<<20)+`"}`, 1)
	w := mustParse(t, "cloudtrail-records", recordsFile(recRoot, big, recService))
	if len(w.rows) != 3 || get(w.rows[1].vals, "raw") != big {
		t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
	}
}

// TestCancel stops when the context is cancelled.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Formats[0].Parse(ctx, source.Input{R: &recordsGenerator{n: 5000}}, &countWriter{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

// failWriter fails on its first row, as a full disk would.
type failWriter struct{ countWriter }

var errDisk = errors.New("disk full")

func (w *failWriter) Row(source.Location, []any) error { return errDisk }

// TestWriterError stops at the writer's error.
func TestWriterError(t *testing.T) {
	for _, f := range Formats {
		text := map[string]string{
			"cloudtrail-records": recordsFile(allRecords...), "cloudtrail-array": arrayFile(allRecords...),
			"cloudtrail-lookup-events": lookupFile(t, allRecords...), "cloudtrail-cwl-events": cwlEventsFile(false, allRecords...),
			"cloudtrail-cwl-export": cwlExportFile(allRecords...), "cloudtrail-jsonl": linesFile(allRecords...),
		}[f.Name()]
		if err := f.Parse(context.Background(), source.Input{R: strings.NewReader(text)}, &failWriter{}); !errors.Is(err, errDisk) {
			t.Errorf("%s: err = %v", f.Name(), err)
		}
	}
}
