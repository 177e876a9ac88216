package nsgflow

import (
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

func TestSniff(t *testing.T) {
	cases := []struct {
		name      string
		head      string
		nsg, vnet bool
	}{
		{"NSG blob", nsgBlob("R", "1691575200,10.0.0.4,10.0.0.5,1,22,T,I,A"), true, false},
		{"NSG blob, pretty-printed with a BOM", "\xEF\xBB\xBF{\n  \"records\": [\n    {\n      \"category\": \"NetworkSecurityGroupFlowEvent\"", true, false},
		{"VNet blob", vnetBlob("R", "1663146003599,10.0.0.6,10.0.0.7,1,22,6,O,B,X,0,0,0,0"), false, true},
		{"VNet records as a bare array", `[{"time":"2022-09-14T09:00:52Z","flowRecords":{"flows":[]}}]`, false, true},
		{"diagnostic settings sign-in logs", `{"records":[{"time":"2023-08-09T10:00:00Z","category":"SignInLogs","properties":{}}]}`, false, false},
		{"NSG rule counter diagnostics", `{"records":[{"category":"NetworkSecurityGroupRuleCounter"}]}`, false, false},
		{"CloudTrail", `{"Records":[{"eventVersion":"1.08","eventName":"RunInstances"}]}`, false, false},
		{"az output mentioning a category in text", `Mar  8 10:00:01 host x: "NetworkSecurityGroupFlowEvent" "records"`, false, false},
		{"empty", "", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := (nsgFormat{}).Sniff("PT1H.json", []byte(c.head)); got != c.nsg {
				t.Errorf("NSG sniff = %v, want %v", got, c.nsg)
			}
			if got := (vnetFormat{}).Sniff("PT1H.json", []byte(c.head)); got != c.vnet {
				t.Errorf("VNet sniff = %v, want %v", got, c.vnet)
			}
		})
	}
}

func TestFormatNames(t *testing.T) {
	want := []string{"azure-nsg-flow", "azure-vnet-flow"}
	if len(Formats) != len(want) {
		t.Fatalf("%d formats, want %d", len(Formats), len(want))
	}
	for i, f := range Formats {
		if f.Name() != want[i] || f.Table() == nil || f.Table().Name != "AzureNetworkAnalytics_CL" {
			t.Errorf("format %d = %s on %v, want %s on AzureNetworkAnalytics_CL", i, f.Name(), f.Table(), want[i])
		}
	}
	var _ source.Format = nsgFormat{}
}
