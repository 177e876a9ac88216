package nsgflow

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// recordInfo is what a record says about all of its tuples.
type recordInfo struct {
	processed    any    // the record's time, or nil
	resourceID   string // the NSG (NSG flow logs) or the VNet/subnet/NIC (VNet flow logs)
	nsgList      string
	subscription string
	region       string
	rule         string
	mac          string
}

// column positions in AzureNetworkAnalytics_CL, looked up once.
var col = columnIndexes()

func columnIndexes() map[string]int {
	m := map[string]int{}
	for i, c := range azure.AzureNetworkAnalyticsCL.Columns {
		m[c.Name] = i
	}
	return m
}

// flowRow writes fl as one AzureNetworkAnalytics_CL row, the way Traffic
// Analytics describes a flow (one flow per row, FlowCount_d 1), into
// values (reused when long enough).
func flowRow(values []any, fl flow, info recordInfo) []any {
	n := len(azure.AzureNetworkAnalyticsCL.Columns)
	if cap(values) < n {
		values = make([]any, n)
	}
	values = values[:n]
	clear(values)
	set := func(name string, v any) {
		i, ok := col[name]
		if !ok {
			panic("nsgflow: AzureNetworkAnalytics_CL has no column " + name)
		}
		values[i] = v
	}
	set("SourceSystem", "Azure")
	set("TimeGenerated", fl.time)
	set("SubType_s", "FlowLog")
	set("FASchemaVersion_s", "1")
	set("TimeProcessed_t", info.processed)
	set("FlowStartTime_t", fl.time)
	set("FlowEndTime_t", fl.time)

	srcPublic, dstPublic := !isPrivate(fl.src), !isPrivate(fl.dst)
	if srcPublic || dstPublic {
		// Traffic Analytics leaves SrcIP_s/DestIP_s blank for public flows
		// and names the public end in the *PublicIPs_s columns instead.
		set("FlowType_s", "ExternalPublic")
	} else {
		set("FlowType_s", "IntraVNet")
		set("SrcIP_s", fl.src.String())
		set("DestIP_s", fl.dst.String())
	}
	// The VM is the end on the logging NIC: the destination of an inbound
	// flow, the source of an outbound one.
	if fl.inbound {
		set("VMIP_s", fl.dst.String())
	} else {
		set("VMIP_s", fl.src.String())
	}
	if fl.dstPort >= 0 {
		set("DestPort_d", float64(fl.dstPort))
	}
	set("L4Protocol_s", fl.proto)
	set("L7Protocol_s", l7Protocol(fl.dstPort))
	set("FlowDirection_s", pick(fl.inbound, "I", "O"))
	set("FlowStatus_s", pick(fl.denied, "D", "A"))
	set("NSGList_s", nonEmpty(info.nsgList))
	set("NSGRule_s", nonEmpty(info.rule))
	set("MACAddress_s", nonEmpty(info.mac))
	set("Subscription1_g", nonEmpty(info.subscription))
	set("Region1_s", nonEmpty(info.region))

	// Exactly one of the four decision counters is 1.
	for _, c := range []string{"AllowedInFlows_d", "DeniedInFlows_d", "AllowedOutFlows_d", "DeniedOutFlows_d"} {
		set(c, 0.0)
	}
	counter := pick(fl.denied, "Denied", "Allowed") + pick(fl.inbound, "In", "Out") + "Flows_d"
	set(counter, 1.0)
	set("FlowCount_d", 1.0)
	// Outbound counts go source→destination, inbound ones back, as in
	// Traffic Analytics' schema (version 2 tuples only).
	set("OutboundPackets_d", count(fl.pktsOut))
	set("OutboundBytes_d", count(fl.bytesOut))
	set("InboundPackets_d", count(fl.pktsIn))
	set("InboundBytes_d", count(fl.bytesIn))
	if fl.state != 0 {
		set("CompletedFlows_d", pick(fl.state == 'E', 1.0, 0.0))
	}

	var public []string
	if srcPublic {
		e := publicEntry(fl.src, fl)
		set("SrcPublicIPs_s", e)
		public = append(public, e)
	}
	if dstPublic {
		e := publicEntry(fl.dst, fl)
		set("DestPublicIPs_s", e)
		public = append(public, e)
	}
	if len(public) > 0 {
		set("PublicIPs_s", strings.Join(public, " "))
	}
	set("_ResourceId", nonEmpty(info.resourceID))
	set("Type", azure.AzureNetworkAnalyticsCL.Name)
	return values
}

// publicEntry is a public-IP field entry as Traffic Analytics writes it:
// IP|flowsStarted|flowsEnded|outPkts|inPkts|outBytes|inBytes. A flow
// starts with a begin tuple (or any tuple of version 1, or a denied one:
// it is all there is of that flow) and ends with an end tuple.
func publicEntry(ip netip.Addr, fl flow) string {
	started, ended := 0, 0
	switch fl.state {
	case 0, 'B', 'D':
		started = 1
	case 'E':
		ended = 1
	}
	return fmt.Sprintf("%s|%d|%d|%d|%d|%d|%d", ip, started, ended,
		countOr0(fl.pktsOut), countOr0(fl.pktsIn), countOr0(fl.bytesOut), countOr0(fl.bytesIn))
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

func count(n *int64) any {
	if n == nil {
		return nil
	}
	return float64(*n)
}

func countOr0(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
