package cloudtrail

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// fuzzSeeds are inputs of every shape, good and bad, for every fuzz target:
// each target also sees the other shapes, which must not break it.
func fuzzSeeds(t testing.TB) []string {
	seeds := []string{
		"", " \n", "\xEF\xBB\xBF", "{", "[", `"`, "{}", "[]", `{"Records":`, `{"Records":[`, `{"Records":null}`,
		recordsFile(recIAMUser, `{"eventName":"B" "x":1}`, recRoot),
		recordsFile(recIAMUser, `"oops"`, `42`, `null`, `[1,2]`, `true`, recRoot),
		recordsFile(recIAMUser, `{"eventName":"A","n":01}`, `{"eventName":"A\q"}`, "{\"eventName\":\"A\x01\"}"),
		recordsFile(strings.Replace(recIAMUser, "aws-cli", "aws\xff\xfecli", 1)),
		recordsFile(allRecords...)[:700],
		"[\n" + recIAMUser + ",\n\"x\",\n" + recRoot + "\n" + recService + "\n]",
		linesFile(recIAMUser, `{"eventVersion":"1.08","eventName":"Cut", "userAgent":"aws-cli`, `{"eventVersion":"1.08"`, "not json", "[1]", "}", recRoot),
		`{"@timestamp":1709892672123,"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}`,
		`{"@timestamp":"2024-03-08T10:11:12.5+01:00","eventVersion":"1.08","eventTime":"bad"}`,
		`{"Events":[{"EventId":"x","CloudTrailEvent":"{\"eventName\":\"A\" \"b\":1}"},{"EventId":"z","CloudTrailEvent":42},"s"]}`,
		`{"Events":[{"EventId":"e1","EventName":"RunInstances","ReadOnly":"false","EventTime":1637257262.0,"Username":"i-0123"}]}`,
		`{"Events":[{"EventId":"x","CloudTrailEvent":` + recRoot + `}]}`,
		`{"events":[{"timestamp":2,"message":"2 1111 eni-0a1b ACCEPT OK"},{"timestamp":3},{"message":"{\"eventVersion\":\"1.08\"}"}]}`,
		"2024-03-08T10:11:12.123Z " + recIAMUser + "\ngarbage\n2024-03-08T10:11:13Z\n2024-03-08T10:11:14Z {\"eventName\":\"A\",}\n",
		`{"awsAccountId":"111122223333","digestStartTime":"2023-08-09T13:00:00Z"}`,
		recordsFile(`{"eventName":"a\ud800b\udc00c\ud83d\ude00d\ud800","x":"` + "\t\x01\n" + `"}`),
		`{"Events":[{"EventId":"e\ud800","Username":"u` + "\t" + `"}]}`,
		linesFile(`{"eventName":"\ud800\u`, `{"eventName":"\ud800\ud800"}`),
	}
	for _, c := range sniffCases(t) {
		seeds = append(seeds, c.head)
	}
	return seeds
}

// fuzzFormat runs one format over fuzzed input and checks what must hold
// for any input: no panic; every row well formed (fakeWriter checks); every
// record the scanner cut out became a row or a reject; the same result
// whether the reader hands over the input whole or a byte at a time; and
// sniffing never panics.
func fuzzFormat(f *testing.F, name string) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s))
	}
	fm := formatNamed(f, name)
	f.Fuzz(func(t *testing.T, data []byte) {
		run := func(r *bytes.Reader, oneByte bool) (*fakeWriter, string) {
			w := newWriter(t)
			in := source.Input{Path: "fuzz.json", R: r, Head: data}
			if oneByte {
				in.R = iotest.OneByteReader(r)
			}
			records, err := fm.parse(context.Background(), in, w)
			if int64(len(w.rows)+len(w.rejects)) < records {
				t.Fatalf("%d records cut out but %d rows and %d rejects", records, len(w.rows), len(w.rejects))
			}
			for i, r := range w.rows {
				if r.loc.Record < 1 || r.loc.Record > records || r.loc.Line < 1 {
					t.Fatalf("row %d at %v of %d records", i, r.loc, records)
				}
			}
			return w, fmt.Sprint(err)
		}
		whole, errWhole := run(bytes.NewReader(data), false)
		bytewise, errBytewise := run(bytes.NewReader(data), true)
		if errWhole != errBytewise {
			t.Fatalf("error whole %q, byte by byte %q", errWhole, errBytewise)
		}
		if !reflect.DeepEqual(whole.rows, bytewise.rows) || !reflect.DeepEqual(whole.rejects, bytewise.rejects) || !reflect.DeepEqual(whole.warns, bytewise.warns) {
			t.Fatalf("reading whole and byte by byte differ:\n%v %v %v\n%v %v %v", whole.rows, whole.rejects, whole.warns, bytewise.rows, bytewise.rejects, bytewise.warns)
		}
		for _, fm := range Formats {
			fm.Sniff("fuzz.json", data)
		}
		for _, s := range Skips {
			s.Match("fuzz.json", data)
		}
	})
}

func FuzzParseRecords(f *testing.F)      { fuzzFormat(f, "cloudtrail-records") }
func FuzzParseArray(f *testing.F)        { fuzzFormat(f, "cloudtrail-array") }
func FuzzParseLookupEvents(f *testing.F) { fuzzFormat(f, "cloudtrail-lookup-events") }
func FuzzParseCWLEvents(f *testing.F)    { fuzzFormat(f, "cloudtrail-cwl-events") }
func FuzzParseCWLExport(f *testing.F)    { fuzzFormat(f, "cloudtrail-cwl-export") }
func FuzzParseJSONL(f *testing.F)        { fuzzFormat(f, "cloudtrail-jsonl") }
