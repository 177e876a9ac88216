package nsgflow

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// TestPlaybookQueries ingests an NSG and a VNet flow log blob through
// ingest, as the CLI does, and runs the playbook's AzureNetworkAnalytics_CL
// hunts over them.
func TestPlaybookQueries(t *testing.T) {
	dir := t.TempDir()
	// 2023-08-09T10:00:00Z is 1691575200.
	nsg := nsgBlob("UserRule_AllowWeb",
		"1691575200,40.70.212.199,10.0.0.4,55012,443,T,I,A,B,,,,",
		"1691575260,40.70.212.199,10.0.0.4,55012,443,T,I,A,E,12,1830,10,5420",
		"1691575300,40.70.212.199,10.0.0.4,55013,80,T,I,A,B,,,,",
		"1691575400,40.70.212.199,10.0.0.4,55014,22,T,I,D,B,,,,",
		"1691575500,10.0.0.4,40.70.212.199,40000,8080,T,O,A,B,,,,",
		"1691575600,10.0.0.4,10.0.0.5,40001,1433,T,O,A,B,,,,",
		// 2023-08-10T01:00:00Z: outside the hunt's day.
		"1691629200,198.51.100.9,10.0.0.4,1,3389,T,I,A,B,,,,",
		"bad tuple")
	vnet := vnetBlob("DefaultRule_AllowInternetOutBound",
		// 2023-08-09T12:00:00.000Z
		"1691582400000,10.0.0.6,40.70.212.199,23956,443,6,O,B,NX,0,0,0,0")
	write := func(name, content string) string {
		p := filepath.Join(dir, "evidence", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("nsg/PT1H.json", nsg)
	write("vnet/PT1H.json", vnet)

	c, err := store.Open(filepath.Join(dir, "case"), caseTables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sum, err := ingest.Run(context.Background(), c, []string{filepath.Join(dir, "evidence")}, ingest.Options{Formats: Formats})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Loaded != 2 || sum.Records != 8 || sum.Rejected != 1 {
		t.Fatalf("loaded %d files, %d records, %d rejected; want 2, 8, 1", sum.Loaded, sum.Records, sum.Rejected)
	}

	cases := []struct {
		name, kql string
		want      []string
	}{
		{
			name: "Identify Network Scanning",
			kql:  `AzureNetworkAnalytics_CL | where FlowStartTime_t between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | summarize Count = count() by PublicIPs_s`,
			want: []string{
				"40.70.212.199|0|1|12|10|1830|5420 1",
				"40.70.212.199|1|0|0|0|0|0 5",
				"<nil> 1",
			},
		},
		{
			name: "Identify Network Flows, ingress",
			kql:  `AzureNetworkAnalytics_CL | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) and PublicIPs_s contains "40.70.212.199" and FlowDirection_s == "I" and FlowStatus_s == "A" | distinct L7Protocol_s, L4Protocol_s, DestPort_d`,
			want: []string{"http T 80", "https T 443"},
		},
		{
			name: "Identify Network Flows, egress",
			kql:  `AzureNetworkAnalytics_CL | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) and PublicIPs_s contains "40.70.212.199" and FlowDirection_s == "O" and FlowStatus_s == "A" | distinct L7Protocol_s, L4Protocol_s, DestPort_d`,
			want: []string{"http T 8080", "https T 443"},
		},
		{
			name: "Identify C2 Traffic shape",
			kql:  `AzureNetworkAnalytics_CL | where TimeGenerated between(datetime("8/9/2023 00:00:00") ..datetime("8/9/2023 23:59:59")) and PublicIPs_s contains "40.70.212.199" and FlowDirection_s == "O" and DestPort_d == 443 and L4Protocol_s == "T" | summarize Count = count() by bin(FlowStartTime_t, 1m) | project Count, FlowStartTime_t`,
			want: []string{"1 2023-08-09T12:00:00Z"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			comp, err := kql.Compile(tc.kql, c, kql.Options{})
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			res, err := query.Run(context.Background(), c.DB, comp)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			got := rowsText(res.Rows)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// rowsText renders rows as sorted lines of space-separated values.
func rowsText(rows [][]any) []string {
	var lines []string
	for _, r := range rows {
		var vals []string
		for _, v := range r {
			if tv, ok := v.(time.Time); ok {
				vals = append(vals, tv.UTC().Format(time.RFC3339))
				continue
			}
			vals = append(vals, fmt.Sprint(v))
		}
		lines = append(lines, strings.Join(vals, " "))
	}
	sort.Strings(lines)
	return lines
}
