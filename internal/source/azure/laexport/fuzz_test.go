package laexport

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"
	"testing/iotest"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// fuzzSeeds are inputs of every shape, good and bad, for every target:
// each target also sees the other shapes, which must not break it.
func fuzzSeeds(t testing.TB) []string {
	rows := append(withType(signinRows), withType(activityRows)...)
	seeds := []string{
		"", "[", "{", "[]", "{}", `{"tables":[]}`, "\xEF\xBB\xBF[", `"`, "a,b\n", "TimeGenerated\n",
		`[{"Type":"SigninLogs","TimeGenerated":"x","DurationMs":"1e400","IsInteractive":"maybe","LocationDetails":"{bad"}]`,
		`[{"Type":"Nope"},{"Type":""},{"Type":42},{"TimeGenerated":null}]`,
		`[{"TableName":"PrimaryResult","count_":"57"}]`,
		`[{"a":"\ud800"},"x",1,[2],{"Type":"AzureActivity","Authorization_d":{"a":[1,{"b":null}]}}]`,
		`{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"IsInteractive","type":"bool"}],"rows":[["2024-03-08T10:00:00Z",1],[null,0],["x"],7]}]}`,
		`{"tables":[{"rows":[[1]],"columns":[]}]}`,
		`{"error":{"code":"Bad","message":"no"}}`,
		"TimeGenerated [UTC],UserPrincipalName,LocationDetails\n\"3/8/2024, 10:00:00.000 AM\",a,\"{\n\"\"x\"\": 1}\"\nb\"ad,x,y\n\"open,a,b\n1,2,3\n",
		"TimeGenerated [Local Time],Type,UserPrincipalName\r\nx,SigninLogs,a\r\n,,\r\n",
	}
	for _, sh := range shapes {
		text := sh.write(t, rows)
		seeds = append(seeds, text, text[:len(text)/2])
	}
	for _, c := range sniffCases(t) {
		seeds = append(seeds, c.head)
	}
	return seeds
}

// fuzzFormat runs one format over fuzzed input and checks what must hold
// for any input: no panic; every row well formed (fakeWriter checks it);
// every row and reject at a record of the file; the same result whether
// the reader hands over the input whole or a byte at a time; and sniffing
// never panics.
func fuzzFormat(f *testing.F, name string) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s))
	}
	fm := formatNamed(f, name)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, other := range Formats {
			other.Sniff("SigninLogs.csv", data)
		}
		run := func(oneByte bool) (*fakeWriter, string) {
			w := &fakeWriter{t: t}
			in := source.Input{Path: "SigninLogs_fuzz.dat", R: bytes.NewReader(data), Head: data}
			if oneByte {
				in.R = iotest.OneByteReader(bytes.NewReader(data))
			}
			err := fm.Parse(context.Background(), in, w)
			for _, r := range w.rows {
				if r.loc.Record < 1 || r.loc.Line < 1 {
					t.Fatalf("row at %v", r.loc)
				}
			}
			for _, r := range w.rejects {
				if r.loc.Record < 1 {
					t.Fatalf("reject at %v: %s", r.loc, r.reason)
				}
			}
			return w, fmt.Sprint(err)
		}
		whole, errWhole := run(false)
		bytewise, errBytewise := run(true)
		if errWhole != errBytewise {
			t.Fatalf("error whole %q, byte by byte %q", errWhole, errBytewise)
		}
		if !reflect.DeepEqual(whole.rows, bytewise.rows) || !reflect.DeepEqual(whole.rejects, bytewise.rejects) || !reflect.DeepEqual(whole.warns, bytewise.warns) {
			t.Fatalf("reading whole and byte by byte differ:\n%v %v %v\n%v %v %v", whole.rows, whole.rejects, whole.warns, bytewise.rows, bytewise.rejects, bytewise.warns)
		}
	})
}

func FuzzRows(f *testing.F) { fuzzFormat(f, "azure-la-rows") }
func FuzzAPI(f *testing.F)  { fuzzFormat(f, "azure-la-api") }
func FuzzCSV(f *testing.F)  { fuzzFormat(f, "azure-la-csv") }
