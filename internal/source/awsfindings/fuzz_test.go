package awsfindings

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"
	"testing/iotest"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// fuzzSeeds are inputs of every shape, good and bad.
func fuzzSeeds(t testing.TB) []string {
	seeds := []string{
		"", "\xEF\xBB\xBF", "{", "[", `"`, "}", "]", "{}", "[]", `{"Findings":`, `{"Findings":[`, `{"findings":[{`,
		`{"Findings":[1,"x",null,{"Id":1,"Type":[],"Severity":{},"UpdatedAt":-5,"Service":{"Count":1e400}}]}`,
		`{"id":"a\ud800b","type":"x\u0000","updatedAt":99999999999999}` + "\n" + `{"id":` + "\n",
		`{"detail-type":"GuardDuty Finding","source":"aws.guardduty","detail":"x"}`,
		`{"detail-type":1,"detail":{}}{"auditTimestamp":1709884800123,"dataIdentifiers":[{"count":1e3}]}`,
		"[\n" + gdCamel + "\n" + gdCamel + "\n]",
		indent(t, wrap("Findings", gdSSH, gdCLI))[:2000],
	}
	for _, c := range sniffCases(t) {
		seeds = append(seeds, c.head)
	}
	return seeds
}

// fuzzFormat runs one format over fuzzed input and checks what must hold
// for any input: no panic; rows well formed (fakeWriter checks); records
// numbered 1, 2, … across rows and rejects; the same result whether the
// reader hands over the input whole or a byte at a time; sniffing and
// skips never panic.
func fuzzFormat(f *testing.F, name string) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s))
	}
	fm := formatNamed(f, name)
	f.Fuzz(func(t *testing.T, data []byte) {
		run := func(oneByte bool) (*fakeWriter, string) {
			w := &fakeWriter{t: t, table: fm.Table()}
			var r = bytes.NewReader(data)
			in := source.Input{Path: "fuzz.json", R: r, Head: data}
			if oneByte {
				in.R = iotest.OneByteReader(r)
			}
			err := fm.Parse(context.Background(), in, w)
			seen := map[int64]bool{}
			for _, n := range append(append([]gotNote{}, w.rejects...), notes(w.rows)...) {
				if n.loc.Record < 1 || n.loc.Line < 1 || seen[n.loc.Record] {
					t.Fatalf("bad or repeated location %v", n.loc)
				}
				seen[n.loc.Record] = true
			}
			for i := int64(1); i <= int64(len(seen)); i++ {
				if !seen[i] {
					t.Fatalf("record %d neither loaded nor rejected", i)
				}
			}
			return w, fmt.Sprint(err)
		}
		whole, errWhole := run(false)
		bytewise, errBytewise := run(true)
		if errWhole != errBytewise || !reflect.DeepEqual(whole.rows, bytewise.rows) ||
			!reflect.DeepEqual(whole.rejects, bytewise.rejects) || !reflect.DeepEqual(whole.warns, bytewise.warns) {
			t.Fatalf("reading whole and byte by byte differ")
		}
		for _, fm := range Formats {
			fm.Sniff("fuzz.json", data)
		}
		for _, s := range Skips {
			s.Match("fuzz.json", data)
		}
	})
}

// notes are the locations of rows, as notes.
func notes(rows []gotRow) []gotNote {
	var ns []gotNote
	for _, r := range rows {
		ns = append(ns, gotNote{loc: r.loc})
	}
	return ns
}

func FuzzGuardDutyFindings(f *testing.F)    { fuzzFormat(f, "guardduty-findings") }
func FuzzGuardDutyExport(f *testing.F)      { fuzzFormat(f, "guardduty-export") }
func FuzzGuardDutyEventBridge(f *testing.F) { fuzzFormat(f, "guardduty-eventbridge") }
func FuzzMacie(f *testing.F)                { fuzzFormat(f, "macie-findings") }
func FuzzInspector(f *testing.F)            { fuzzFormat(f, "inspector2-findings") }
func FuzzDataProtectionAudit(f *testing.F)  { fuzzFormat(f, "cwl-data-protection-audit") }
