package nsgflow

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// fakeWriter records what a parser reports.
type fakeWriter struct {
	rows    []fakeRow
	rejects []fakeIssue
	warns   []fakeIssue
}

type fakeRow struct {
	loc    source.Location
	values []any
}

type fakeIssue struct {
	loc    source.Location
	reason string
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	// The parser reuses its slice: keep a copy, as the real writer does.
	w.rows = append(w.rows, fakeRow{loc, append([]any(nil), values...)})
	return nil
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	panic("nsgflow writes its own table with Row")
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, fakeIssue{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, fakeIssue{loc, reason})
}

func parseReader(t testing.TB, f source.Format, r io.Reader) (*fakeWriter, error) {
	t.Helper()
	w := &fakeWriter{}
	err := f.Parse(context.Background(), source.Input{Path: "PT1H.json", R: r}, w)
	return w, err
}

func mustParse(t *testing.T, f source.Format, content string) *fakeWriter {
	t.Helper()
	w, err := parseReader(t, f, strings.NewReader(content))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

// checkRow compares a row with want, column by column: a column missing
// from want must be NULL. Values must have the exact Go type.
func checkRow(t *testing.T, r fakeRow, want map[string]any) {
	t.Helper()
	cols := azure.AzureNetworkAnalyticsCL.Columns
	if len(r.values) != len(cols) {
		t.Fatalf("row at %s has %d values, want %d", r.loc, len(r.values), len(cols))
	}
	for name := range want {
		if azure.AzureNetworkAnalyticsCL.ColumnIndex(name) < 0 {
			t.Fatalf("test names unknown column %s", name)
		}
	}
	for i, c := range cols {
		got, exp := r.values[i], want[c.Name]
		if !sameValue(got, exp) {
			t.Errorf("row at %s: %s = %#v (%T), want %#v (%T)", r.loc, c.Name, got, got, exp, exp)
		}
	}
}

func sameValue(got, want any) bool {
	if wt, ok := want.(time.Time); ok {
		gt, ok := got.(time.Time)
		return ok && gt.Equal(wt) && gt.Location() == time.UTC
	}
	return got == want
}

// checkIssues compares rejects or warnings with want: the same locations,
// and reasons containing the wanted text.
func checkIssues(t *testing.T, kind string, got []fakeIssue, want ...fakeIssue) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d %s, want %d: %v", len(got), kind, len(want), got)
	}
	for i := range want {
		if got[i].loc != want[i].loc || !strings.Contains(got[i].reason, want[i].reason) {
			t.Errorf("%s %d = %v %q, want %v with %q", kind, i, got[i].loc, got[i].reason, want[i].loc, want[i].reason)
		}
	}
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// nsgBlob wraps tuples in one NSG flow log record, as a PT1H.json blob.
func nsgBlob(rule string, tuples ...string) string {
	return `{"records":[{"time":"2023-08-09T10:01:00.1234567Z","systemId":"5f1a2b3c-0000-4000-8000-000000000001",` +
		`"macAddress":"000D3AF87856","category":"NetworkSecurityGroupFlowEvent",` +
		`"resourceId":"` + nsgID + `","operationName":"NetworkSecurityGroupFlowEvents",` +
		`"properties":{"Version":2,"flows":[{"rule":"` + rule + `","flows":[{"mac":"000D3AF87856","flowTuples":[` +
		quoteAll(tuples) + `]}]}]}}]}`
}

const nsgID = "/SUBSCRIPTIONS/AAAA0A0A-BB1B-CC2C-DD3D-EEEEEE4E4E4E/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-WEB"

// vnetBlob wraps tuples in one VNet flow log record.
func vnetBlob(rule string, tuples ...string) string {
	return `{"records":[{"time":"2023-08-09T10:01:00.5625085Z","flowLogVersion":4,"flowLogGUID":"66aa66aa-bb77-cc88-dd99-00ee00ee00ee",` +
		`"macAddress":"112233445566","category":"FlowLogFlowEvent",` +
		`"flowLogResourceID":"/SUBSCRIPTIONS/AAAA0A0A-BB1B-CC2C-DD3D-EEEEEE4E4E4E/RESOURCEGROUPS/NETWORKWATCHERRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKWATCHERS/NETWORKWATCHER_EASTUS/FLOWLOGS/VNETFLOWLOG",` +
		`"targetResourceID":"` + vnetID + `","operationName":"FlowLogFlowEvent",` +
		`"flowRecords":{"flows":[{"aclID":"00aa00aa-bb11-cc22-dd33-44ee44ee44ee","flowGroups":[{"rule":"` + rule + `","flowTuples":[` +
		quoteAll(tuples) + `]}]}]}}]}`
}

const vnetID = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/myResourceGroup/providers/Microsoft.Network/virtualNetworks/myVNet"

func quoteAll(ss []string) string {
	var q []string
	for _, s := range ss {
		q = append(q, `"`+s+`"`)
	}
	return strings.Join(q, ",")
}
