package nsgflow

import (
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// common is what every row of the NSG test record has.
func nsgCommon(m map[string]any) map[string]any {
	base := map[string]any{
		"SourceSystem":      "Azure",
		"SubType_s":         "FlowLog",
		"FASchemaVersion_s": "1",
		"TimeProcessed_t":   ts("2023-08-09T10:01:00.1234567Z"),
		"NSGList_s":         "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/rg-prod/nsg-web",
		"MACAddress_s":      "000D3AF87856",
		"Subscription1_g":   "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e",
		"AllowedInFlows_d":  0.0,
		"DeniedInFlows_d":   0.0,
		"AllowedOutFlows_d": 0.0,
		"DeniedOutFlows_d":  0.0,
		"FlowCount_d":       1.0,
		"_ResourceId":       nsgID,
		"Type":              "AzureNetworkAnalytics_CL",
	}
	for k, v := range m {
		base[k] = v
	}
	return base
}

func TestNSGTupleRows(t *testing.T) {
	t0 := ts("2023-08-09T10:00:00Z")
	cases := []struct {
		name  string
		rule  string
		tuple string
		want  map[string]any
	}{
		{
			name: "version 2 inbound denied ssh from a public IP, begin tuple without counts",
			rule: "DefaultRule_DenyAllInBound", tuple: "1691575200,40.70.212.199,10.0.0.4,55012,22,T,I,D,B,,,,",
			want: nsgCommon(map[string]any{
				"TimeGenerated": t0, "FlowStartTime_t": t0, "FlowEndTime_t": t0,
				"FlowType_s": "ExternalPublic", "VMIP_s": "10.0.0.4", "DestPort_d": 22.0,
				"L4Protocol_s": "T", "L7Protocol_s": "ssh", "FlowDirection_s": "I", "FlowStatus_s": "D",
				"NSGRule_s": "DefaultRule_DenyAllInBound", "DeniedInFlows_d": 1.0, "CompletedFlows_d": 0.0,
				"PublicIPs_s": "40.70.212.199|1|0|0|0|0|0", "SrcPublicIPs_s": "40.70.212.199|1|0|0|0|0|0",
			}),
		},
		{
			name: "version 2 end tuple with counts",
			rule: "UserRule_AllowHTTPS", tuple: "1691575260,40.70.212.199,10.0.0.4,55013,443,T,I,A,E,12,1830,10,5420",
			want: nsgCommon(map[string]any{
				"TimeGenerated": t0.Add(time.Minute), "FlowStartTime_t": t0.Add(time.Minute), "FlowEndTime_t": t0.Add(time.Minute),
				"FlowType_s": "ExternalPublic", "VMIP_s": "10.0.0.4", "DestPort_d": 443.0,
				"L4Protocol_s": "T", "L7Protocol_s": "https", "FlowDirection_s": "I", "FlowStatus_s": "A",
				"NSGRule_s": "UserRule_AllowHTTPS", "AllowedInFlows_d": 1.0, "CompletedFlows_d": 1.0,
				"OutboundPackets_d": 12.0, "OutboundBytes_d": 1830.0, "InboundPackets_d": 10.0, "InboundBytes_d": 5420.0,
				"PublicIPs_s": "40.70.212.199|0|1|12|10|1830|5420", "SrcPublicIPs_s": "40.70.212.199|0|1|12|10|1830|5420",
			}),
		},
		{
			name: "outbound to a public destination: the source is the VM",
			rule: "DefaultRule_AllowInternetOutBound", tuple: "1691575200,10.0.0.4,3.95.15.41,50000,443,T,O,A,C,5,600,4,800",
			want: nsgCommon(map[string]any{
				"TimeGenerated": t0, "FlowStartTime_t": t0, "FlowEndTime_t": t0,
				"FlowType_s": "ExternalPublic", "VMIP_s": "10.0.0.4", "DestPort_d": 443.0,
				"L4Protocol_s": "T", "L7Protocol_s": "https", "FlowDirection_s": "O", "FlowStatus_s": "A",
				"NSGRule_s": "DefaultRule_AllowInternetOutBound", "AllowedOutFlows_d": 1.0, "CompletedFlows_d": 0.0,
				"OutboundPackets_d": 5.0, "OutboundBytes_d": 600.0, "InboundPackets_d": 4.0, "InboundBytes_d": 800.0,
				"PublicIPs_s": "3.95.15.41|0|0|5|4|600|800", "DestPublicIPs_s": "3.95.15.41|0|0|5|4|600|800",
			}),
		},
		{
			name: "version 1 tuple between private addresses, UDP to an unknown port",
			rule: "UserRule_Internal", tuple: "1691575200,10.0.0.4,172.16.3.9,5353,9999,U,O,D",
			want: nsgCommon(map[string]any{
				"TimeGenerated": t0, "FlowStartTime_t": t0, "FlowEndTime_t": t0,
				"FlowType_s": "IntraVNet", "SrcIP_s": "10.0.0.4", "DestIP_s": "172.16.3.9", "VMIP_s": "10.0.0.4",
				"DestPort_d": 9999.0, "L4Protocol_s": "U", "L7Protocol_s": "unknown",
				"FlowDirection_s": "O", "FlowStatus_s": "D", "NSGRule_s": "UserRule_Internal", "DeniedOutFlows_d": 1.0,
			}),
		},
		{
			name: "100.64/10 and link-local are private; RDP",
			rule: "R", tuple: "1691575200,100.64.1.2,169.254.169.254,1,3389,T,I,A",
			want: nsgCommon(map[string]any{
				"TimeGenerated": t0, "FlowStartTime_t": t0, "FlowEndTime_t": t0,
				"FlowType_s": "IntraVNet", "SrcIP_s": "100.64.1.2", "DestIP_s": "169.254.169.254", "VMIP_s": "169.254.169.254",
				"DestPort_d": 3389.0, "L4Protocol_s": "T", "L7Protocol_s": "rdp",
				"FlowDirection_s": "I", "FlowStatus_s": "A", "NSGRule_s": "R", "AllowedInFlows_d": 1.0,
			}),
		},
		{
			name: "IPv6: unique local to a public address",
			rule: "R", tuple: "1691575200,fd00::4,2001:db8::1,40000,53,U,O,A,B,1,60,,",
			want: nsgCommon(map[string]any{
				"TimeGenerated": t0, "FlowStartTime_t": t0, "FlowEndTime_t": t0,
				"FlowType_s": "ExternalPublic", "VMIP_s": "fd00::4", "DestPort_d": 53.0,
				"L4Protocol_s": "U", "L7Protocol_s": "dns", "FlowDirection_s": "O", "FlowStatus_s": "A",
				"NSGRule_s": "R", "AllowedOutFlows_d": 1.0, "CompletedFlows_d": 0.0,
				"OutboundPackets_d": 1.0, "OutboundBytes_d": 60.0,
				"PublicIPs_s": "2001:db8::1|1|0|1|0|60|0", "DestPublicIPs_s": "2001:db8::1|1|0|1|0|60|0",
			}),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := mustParse(t, nsgFormat{}, nsgBlob(c.rule, c.tuple))
			checkIssues(t, "rejects", w.rejects)
			checkIssues(t, "warnings", w.warns)
			if len(w.rows) != 1 {
				t.Fatalf("%d rows, want 1", len(w.rows))
			}
			if w.rows[0].loc != (source.Location{Record: 1}) {
				t.Errorf("row at %v, want record 1", w.rows[0].loc)
			}
			checkRow(t, w.rows[0], c.want)
		})
	}
}

func TestVNetTupleRows(t *testing.T) {
	t0 := ts("2022-09-14T09:00:03.599Z")
	common := func(m map[string]any) map[string]any {
		base := map[string]any{
			"SourceSystem": "Azure", "SubType_s": "FlowLog", "FASchemaVersion_s": "1",
			"TimeProcessed_t": ts("2023-08-09T10:01:00.5625085Z"),
			"TimeGenerated":   t0, "FlowStartTime_t": t0, "FlowEndTime_t": t0,
			"NSGList_s": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee", "MACAddress_s": "112233445566",
			"Subscription1_g": "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e", "Region1_s": "eastus",
			"AllowedInFlows_d": 0.0, "DeniedInFlows_d": 0.0, "AllowedOutFlows_d": 0.0, "DeniedOutFlows_d": 0.0,
			"FlowCount_d": 1.0, "_ResourceId": vnetID, "Type": "AzureNetworkAnalytics_CL",
		}
		for k, v := range m {
			base[k] = v
		}
		return base
	}
	cases := []struct {
		name, rule, tuple string
		want              map[string]any
	}{
		{
			name: "end of an outbound https flow",
			rule: "DefaultRule_AllowInternetOutBound", tuple: "1663146003599,10.0.0.6,192.0.2.180,23956,443,6,O,E,NX,3,767,2,1580",
			want: common(map[string]any{
				"FlowType_s": "ExternalPublic", "VMIP_s": "10.0.0.6", "DestPort_d": 443.0,
				"L4Protocol_s": "T", "L7Protocol_s": "https", "FlowDirection_s": "O", "FlowStatus_s": "A",
				"NSGRule_s": "DefaultRule_AllowInternetOutBound", "AllowedOutFlows_d": 1.0, "CompletedFlows_d": 1.0,
				"OutboundPackets_d": 3.0, "OutboundBytes_d": 767.0, "InboundPackets_d": 2.0, "InboundBytes_d": 1580.0,
				"PublicIPs_s": "192.0.2.180|0|1|3|2|767|1580", "DestPublicIPs_s": "192.0.2.180|0|1|3|2|767|1580",
			}),
		},
		{
			name: "state D is a denied flow; UDP",
			rule: "UserRule_DenyDNS", tuple: "1663146003599,198.51.100.7,10.0.0.6,5353,53,17,I,D,NX,0,0,0,0",
			want: common(map[string]any{
				"FlowType_s": "ExternalPublic", "VMIP_s": "10.0.0.6", "DestPort_d": 53.0,
				"L4Protocol_s": "U", "L7Protocol_s": "dns", "FlowDirection_s": "I", "FlowStatus_s": "D",
				"NSGRule_s": "UserRule_DenyDNS", "DeniedInFlows_d": 1.0, "CompletedFlows_d": 0.0,
				"OutboundPackets_d": 0.0, "OutboundBytes_d": 0.0, "InboundPackets_d": 0.0, "InboundBytes_d": 0.0,
				"PublicIPs_s": "198.51.100.7|1|0|0|0|0|0", "SrcPublicIPs_s": "198.51.100.7|1|0|0|0|0|0",
			}),
		},
		{
			name: "ICMP keeps its protocol number",
			rule: "R", tuple: "1663146003599,10.0.0.6,10.0.0.7,0,0,1,O,B,X,0,0,0,0",
			want: common(map[string]any{
				"FlowType_s": "IntraVNet", "SrcIP_s": "10.0.0.6", "DestIP_s": "10.0.0.7", "VMIP_s": "10.0.0.6",
				"DestPort_d": 0.0, "L4Protocol_s": "1", "L7Protocol_s": "unknown", "FlowDirection_s": "O", "FlowStatus_s": "A",
				"NSGRule_s": "R", "AllowedOutFlows_d": 1.0, "CompletedFlows_d": 0.0,
				"OutboundPackets_d": 0.0, "OutboundBytes_d": 0.0, "InboundPackets_d": 0.0, "InboundBytes_d": 0.0,
			}),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := mustParse(t, vnetFormat{}, vnetBlob(c.rule, c.tuple))
			checkIssues(t, "rejects", w.rejects)
			checkIssues(t, "warnings", w.warns)
			if len(w.rows) != 1 {
				t.Fatalf("%d rows, want 1", len(w.rows))
			}
			checkRow(t, w.rows[0], c.want)
		})
	}
}

// TestRecordsAndDocuments checks the walk over records: each record's
// tuples, in order, with the record's ordinal; several documents back to
// back; a bare array; other members skipped.
func TestRecordsAndDocuments(t *testing.T) {
	two := `{"records":[` +
		`{"category":"NetworkSecurityGroupFlowEvent","properties":{"flows":[{"rule":"A","flows":[{"mac":"M1","flowTuples":["1691575200,10.0.0.1,10.0.0.2,1,22,T,I,A","1691575201,10.0.0.1,10.0.0.2,1,80,T,I,A"]}]}]}},` +
		`{"category":"NetworkSecurityGroupFlowEvent","properties":{"flows":[{"rule":"B","flows":[{"mac":"M2","flowTuples":["1691575202,10.0.0.1,10.0.0.2,1,445,T,I,A"]}]}]}}` +
		`],"extra":{"nested":[1,2,{"records":"no"}]}}`
	cases := []struct {
		name    string
		content string
		records []int64
		ports   []float64
	}{
		{"one blob", two, []int64{1, 1, 2}, []float64{22, 80, 445}},
		{"blobs appended", two + "\n" + two, []int64{1, 1, 2, 3, 3, 4}, []float64{22, 80, 445, 22, 80, 445}},
		{"bare array", `[{"properties":{"flows":[{"rule":"A","flows":[{"flowTuples":["1691575200,10.0.0.1,10.0.0.2,1,1433,T,I,A"]}]}]}}]`, []int64{1}, []float64{1433}},
		{"no records", `{"records":[]}`, nil, nil},
	}
	port := col["DestPort_d"]
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := mustParse(t, nsgFormat{}, c.content)
			checkIssues(t, "rejects", w.rejects)
			if len(w.rows) != len(c.records) {
				t.Fatalf("%d rows, want %d", len(w.rows), len(c.records))
			}
			for i, r := range w.rows {
				if r.loc.Record != c.records[i] || r.values[port] != c.ports[i] {
					t.Errorf("row %d: record %d port %v, want record %d port %v", i, r.loc.Record, r.values[port], c.records[i], c.ports[i])
				}
			}
		})
	}
}

func TestBadTuples(t *testing.T) {
	good := "1691575200,10.0.0.4,10.0.0.5,1,22,T,I,A"
	cases := []struct {
		name   string
		format source.Format
		blob   func(string, ...string) string
		bad    string
		reason string
	}{
		{"too few fields", nsgFormat{}, nsgBlob, "1691575200,10.0.0.4,10.0.0.5,1,22,T,I", "7 fields, expected 8 (version 1) or 13 (version 2)"},
		{"bad source IP", nsgFormat{}, nsgBlob, "1691575200,10.0.0.999,10.0.0.5,1,22,T,I,A", `source IP "10.0.0.999" is not an IP address`},
		{"bad time", nsgFormat{}, nsgBlob, "soon,10.0.0.4,10.0.0.5,1,22,T,I,A", `time "soon" is not a Unix time`},
		{"bad port", nsgFormat{}, nsgBlob, "1691575200,10.0.0.4,10.0.0.5,1,70000,T,I,A", `destination port "70000" is not a port number`},
		{"bad protocol", nsgFormat{}, nsgBlob, "1691575200,10.0.0.4,10.0.0.5,1,22,X,I,A", `protocol "X", expected T or U`},
		{"bad direction", nsgFormat{}, nsgBlob, "1691575200,10.0.0.4,10.0.0.5,1,22,T,S,A", `direction "S", expected I or O`},
		{"bad decision", nsgFormat{}, nsgBlob, "1691575200,10.0.0.4,10.0.0.5,1,22,T,I,Z", `decision "Z", expected A or D`},
		{"bad state", nsgFormat{}, nsgBlob, "1691575200,10.0.0.4,10.0.0.5,1,22,T,I,A,Q,,,,", `flow state "Q", expected B, C or E`},
		{"bad count", nsgFormat{}, nsgBlob, "1691575200,10.0.0.4,10.0.0.5,1,22,T,I,A,E,1,x,1,1", `bytes source→destination "x" is not a count`},
		{"vnet field count", vnetFormat{}, vnetBlob, "1663146003599,10.0.0.6,192.0.2.180,23956,443,6,O,E,3,767,2,1580", "12 fields, expected 13"},
		{"vnet protocol", vnetFormat{}, vnetBlob, "1663146003599,10.0.0.6,192.0.2.180,23956,443,T,O,E,NX,3,767,2,1580", `protocol "T", expected an IANA protocol number`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := good
			if c.format == (vnetFormat{}) {
				g = "1663146003599,10.0.0.6,10.0.0.7,1,22,6,O,B,X,0,0,0,0"
			}
			w := mustParse(t, c.format, c.blob("R", g, c.bad, g))
			if len(w.rows) != 2 {
				t.Errorf("%d rows, want the 2 good tuples", len(w.rows))
			}
			prefix := "properties.flows[0].flows[0].flowTuples[1]"
			if c.format == (vnetFormat{}) {
				prefix = "flowRecords.flows[0].flowGroups[0].flowTuples[1]"
			}
			checkIssues(t, "rejects", w.rejects, fakeIssue{source.Location{Record: 1}, prefix + ` "` + c.bad + `": ` + c.reason})
		})
	}
}

func TestBadRecords(t *testing.T) {
	tuple := `"1691575200,10.0.0.4,10.0.0.5,1,22,T,I,A"`
	okRecord := `{"properties":{"flows":[{"rule":"R","flows":[{"flowTuples":[` + tuple + `]}]}]}}`
	cases := []struct {
		name    string
		content string
		rows    int
		rejects []fakeIssue
		warns   []fakeIssue
		err     string
	}{
		{
			name:    "a record that is not an object",
			content: `{"records":[42,` + okRecord + `]}`, rows: 1,
			rejects: []fakeIssue{{source.Location{Record: 1}, "the record is a JSON number, expected an object"}},
		},
		{
			name:    "flows of the wrong type",
			content: `{"records":[{"properties":{"flows":"none"}},` + okRecord + `]}`, rows: 1,
			rejects: []fakeIssue{{source.Location{Record: 1}, "properties.flows is a JSON string, expected an array"}},
		},
		{
			name:    "a tuple that is not a string",
			content: `{"records":[{"properties":{"flows":[{"rule":"R","flows":[{"flowTuples":[17,` + tuple + `]}]}]}}]}`, rows: 1,
			rejects: []fakeIssue{{source.Location{Record: 1}, "properties.flows[0].flows[0].flowTuples[0] is a number, expected a string"}},
		},
		{
			name:    "a record of another category",
			content: `{"records":[{"category":"NetworkSecurityGroupRuleCounter","properties":{}},` + okRecord + `]}`, rows: 1,
			rejects: []fakeIssue{{source.Location{Record: 1}, `category "NetworkSecurityGroupRuleCounter" is not an NSG flow log`}},
		},
		{
			name:    "a bad record time is a warning; the tuples load",
			content: `{"records":[{"time":"yesterday","properties":{"flows":[{"rule":"R","flows":[{"flowTuples":[` + tuple + `]}]}]}}]}`, rows: 1,
			warns: []fakeIssue{{source.Location{Record: 1}, `time: "yesterday" is not a time`}},
		},
		{
			name:    "truncated file: rows before the cut stay",
			content: `{"records":[` + okRecord + `,{"properties":{"flows":[{"rule":"R","flo`, rows: 1,
			err: "stopped after record 2",
		},
		{
			name:    "records is not an array",
			content: `{"records":{"a":1}}`,
			err:     `"records" is {, expected an array`,
		},
		{
			name:    "not JSON",
			content: `Mar  8 10:00:01 host sshd[1]: hello`,
			err:     "invalid character",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := parseReader(t, nsgFormat{}, strings.NewReader(c.content))
			if c.err == "" && err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Fatalf("Parse error = %v, want one with %q", err, c.err)
			}
			if len(w.rows) != c.rows {
				t.Errorf("%d rows, want %d", len(w.rows), c.rows)
			}
			checkIssues(t, "rejects", w.rejects, c.rejects...)
			checkIssues(t, "warnings", w.warns, c.warns...)
		})
	}
}

// The sniffers take a blob saved with a UTF-8 byte order mark; so must the
// parsers.
func TestByteOrderMark(t *testing.T) {
	for _, f := range Formats {
		content := "\xEF\xBB\xBF[]"
		if _, err := parseReader(t, f, strings.NewReader(content)); err != nil {
			t.Errorf("%s: %v", f.Name(), err)
		}
	}
	w := mustParse(t, nsgFormat{}, "\xEF\xBB\xBF"+`{"records":[{"category":"NetworkSecurityGroupFlowEvent","properties":{"flows":[{"rule":"r","flows":[{"mac":"M","flowTuples":["1691575200,10.0.0.4,10.0.0.5,443,22,T,I,A"]}]}]}}]}`)
	if len(w.rows) != 1 || len(w.rejects) != 0 {
		t.Errorf("%d rows, rejects %v; want 1 row", len(w.rows), w.rejects)
	}
}
