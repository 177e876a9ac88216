// Package nsgflow reads Azure Network Watcher flow logs — NSG flow logs
// (versions 1 and 2) and VNet flow logs — as they land in a storage
// account, and turns each flow tuple into one AzureNetworkAnalytics_CL row
// the way Traffic Analytics describes a flow, so the playbook's KQL over
// that table runs on raw flow logs.
package nsgflow

import (
	"context"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// Formats lists the flow log formats. Both are {"records":[…]} documents;
// each is told apart by its category, so the order does not matter between
// them, but they must be sniffed before any generic diagnostic-settings
// ({"records":[…]}) format.
var Formats = []source.Format{nsgFormat{}, vnetFormat{}}

// nsgFormat is the NSG flow log blob (PT1H.json): records of category
// NetworkSecurityGroupFlowEvent, tuples under properties.flows[].flows[].
type nsgFormat struct{}

func (nsgFormat) Name() string                     { return "azure-nsg-flow" }
func (nsgFormat) Table() *source.Table             { return azure.AzureNetworkAnalyticsCL }
func (nsgFormat) Sniff(_ string, head []byte) bool { return sniffNSG(head) }

func (nsgFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseRecords(ctx, in.R, out, nsgRecordHandler)
}

// vnetFormat is the VNet flow log blob: records of category
// FlowLogFlowEvent, tuples under flowRecords.flows[].flowGroups[].
type vnetFormat struct{}

func (vnetFormat) Name() string                     { return "azure-vnet-flow" }
func (vnetFormat) Table() *source.Table             { return azure.AzureNetworkAnalyticsCL }
func (vnetFormat) Sniff(_ string, head []byte) bool { return sniffVNet(head) }

func (vnetFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseRecords(ctx, in.R, out, vnetRecordHandler)
}
