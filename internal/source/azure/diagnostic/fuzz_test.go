package diagnostic

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// fuzzSeeds are inputs of every shape, good and bad; each target sees the
// others' too, which must not break it.
func fuzzSeeds() []string {
	return []string{
		"", " ", "{", "[", "{}", "[]", `{"records":`, `{"records":[`, `{"records":null}`, `"x"`, "\xEF\xBB\xBF[]",
		recordsFile(recSignIn, recNonInteractive, recManagedIdentity, recAudit, recActivity, recBlobRead, recFileWrite, recUnknown),
		recordsFile(recSignIn)[:500],
		recSignIn + "\n{broken\n" + recAudit + "\n[1]\n",
		indent(recActivity) + "\n" + indent(recBlobRead),
		graphSignIns, graphAudits, azActivityLog, azRoleAssignments, azAlerts,
		azAlerts[:900],
		`[{"alertDisplayName":"x","entities":[1,{"a":{"b":2}},"s"],"isIncident":"maybe"}]`,
		`{"value":[{"createdDateTime":"bad","userPrincipalName":7,"status":"x"}]}`,
		`{"records":[{"category":"StorageRead","resourceId":"/a/queueServices/default","time":12,"properties":[]}]}`,
	}
}

// fuzzFormat runs one format over fuzzed input and checks what must hold
// for any input: no panic, every row well formed (fakeWriter checks), and
// the same rows, rejects and warnings whether the reader hands the input
// over whole or a byte at a time.
func fuzzFormat(f *testing.F, name string) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	fm := formatNamed(f, name)
	f.Fuzz(func(t *testing.T, data []byte) {
		run := func(oneByte bool) (*fakeWriter, string) {
			w := &fakeWriter{t: t}
			r := bytes.NewReader(data)
			in := source.Input{Path: "fuzz.json", R: r, Head: data}
			if oneByte {
				in.R = iotest.OneByteReader(r)
			}
			err := fm.Parse(context.Background(), in, w)
			if err != nil {
				return w, err.Error()
			}
			return w, ""
		}
		whole, errWhole := run(false)
		bytewise, errByte := run(true)
		if errWhole != errByte || len(whole.rows) != len(bytewise.rows) ||
			len(whole.rejects) != len(bytewise.rejects) || len(whole.warns) != len(bytewise.warns) {
			t.Errorf("whole: %d rows %d rejects %d warns err %q; byte by byte: %d rows %d rejects %d warns err %q",
				len(whole.rows), len(whole.rejects), len(whole.warns), errWhole,
				len(bytewise.rows), len(bytewise.rejects), len(bytewise.warns), errByte)
		}
		for i := range whole.rows {
			if i < len(bytewise.rows) && whole.rows[i].loc != bytewise.rows[i].loc {
				t.Errorf("row %d at %v whole, %v byte by byte", i, whole.rows[i].loc, bytewise.rows[i].loc)
			}
		}
		fm.Sniff("fuzz.json", data)
		if strings.Contains(errWhole, "parser bug") {
			t.Error(errWhole)
		}
	})
}

func FuzzDiagnostic(f *testing.F)      { fuzzFormat(f, "azure-diagnostic") }
func FuzzGraph(f *testing.F)           { fuzzFormat(f, "azure-graph") }
func FuzzActivityLog(f *testing.F)     { fuzzFormat(f, "azure-activity-log") }
func FuzzRoleAssignments(f *testing.F) { fuzzFormat(f, "azure-role-assignments") }
func FuzzSecurityAlerts(f *testing.F)  { fuzzFormat(f, "azure-security-alerts") }
