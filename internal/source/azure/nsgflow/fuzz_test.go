package nsgflow

import (
	"bytes"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

var fuzzSeeds = []string{
	"",
	"[]",
	`{"records":[]}`,
	nsgBlob("R", "1691575200,40.70.212.199,10.0.0.4,55012,22,T,I,D,B,,,,", "1691575200,10.0.0.4,10.0.0.5,1,22,T,I,A"),
	nsgBlob("R", "1691575200,fd00::4,2001:db8::1,40000,53,U,O,A,E,1,60,2,90", "x,y", "99999999999999999999,1,2,3,4,5,6,7"),
	vnetBlob("R", "1663146003599,10.0.0.6,192.0.2.180,23956,443,6,O,E,NX,3,767,2,1580", "1663146003599,10.0.0.6,10.0.0.7,0,0,1,O,D,X,,,,"),
	`{"records":[42,{"properties":{"flows":"none"}},{"properties":{"flows":[{"flows":[{"flowTuples":[17,null,{}]}]}]}}]}`,
	`{"records":[{"properties":{"flows":[{"rule":"R","flo`,
	`{"a":{"records":[1]},"records":[{"category":"Other"}]}{"records":[]}`,
}

// FuzzParse checks the invariants of both formats on arbitrary input: no
// panic, and rows of one typed value per column with a time.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range Formats {
			format.Sniff("PT1H.json", data)
			w, _ := parseReader(t, format, bytes.NewReader(data))
			for _, r := range w.rows {
				checkTypes(t, r)
			}
			for _, issue := range append(w.rejects, w.warns...) {
				if issue.loc.Record < 1 || issue.reason == "" {
					t.Fatalf("issue without a record or a reason: %+v", issue)
				}
			}
		}
	})
}

// checkTypes checks that each value has its column's Go type.
func checkTypes(t *testing.T, r fakeRow) {
	t.Helper()
	cols := azure.AzureNetworkAnalyticsCL.Columns
	if len(r.values) != len(cols) {
		t.Fatalf("%d values, want %d", len(r.values), len(cols))
	}
	if r.loc == (source.Location{}) {
		t.Fatal("row without a location")
	}
	for i, c := range cols {
		v := r.values[i]
		if v == nil {
			if c.Name == "TimeGenerated" {
				t.Fatal("row without TimeGenerated")
			}
			continue
		}
		ok := false
		switch c.Type {
		case "VARCHAR":
			_, ok = v.(string)
		case "DOUBLE":
			_, ok = v.(float64)
		case "TIMESTAMP":
			_, ok = v.(time.Time)
		}
		if !ok {
			t.Fatalf("%s = %#v (%T), not a %s", c.Name, v, v, c.Type)
		}
	}
}
