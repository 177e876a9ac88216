package nsgflow

import (
	"encoding/json"
	"fmt"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// nsgRecord is one record of an NSG flow log blob: one minute of flows on
// one NIC, grouped by the rule that decided them.
type nsgRecord struct {
	Time       string `json:"time"`
	MACAddress string `json:"macAddress"`
	Category   string `json:"category"`
	ResourceID string `json:"resourceId"`
	Properties struct {
		Flows []struct {
			Rule  string `json:"rule"`
			Flows []struct {
				MAC        string `json:"mac"`
				FlowTuples []any  `json:"flowTuples"` // any: a non-string tuple rejects that tuple only
			} `json:"flows"`
		} `json:"flows"`
	} `json:"properties"`
}

func nsgRecordHandler(dec *json.Decoder, loc source.Location, out source.RowWriter) error {
	var rec nsgRecord
	if ok, err := decodeRecord(dec, loc, out, &rec); !ok {
		return err
	}
	if rec.Category != "" && rec.Category != "NetworkSecurityGroupFlowEvent" {
		out.Reject(loc, fmt.Sprintf("category %q is not an NSG flow log (NetworkSecurityGroupFlowEvent)", rec.Category))
		return nil
	}
	info := recordInfo{resourceID: rec.ResourceID}
	info.processed = recordTime(rec.Time, loc, out)
	res := parseResourceID(rec.ResourceID)
	info.subscription = res.subscription
	if res.nsg != "" {
		info.nsgList = lowerJoin(res.subscription, res.resourceGroup, res.nsg)
	}
	w := rowWriter{out: out, loc: loc}
	for i, rule := range rec.Properties.Flows {
		for j, nic := range rule.Flows {
			info.rule = rule.Rule
			info.mac = nic.MAC
			if info.mac == "" {
				info.mac = rec.MACAddress
			}
			for k, t := range nic.FlowTuples {
				where := fmt.Sprintf("properties.flows[%d].flows[%d].flowTuples[%d]", i, j, k)
				if err := w.tuple(t, where, parseNSGTuple, info); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// vnetRecord is one record of a VNet flow log blob.
type vnetRecord struct {
	Time              string `json:"time"`
	MACAddress        string `json:"macAddress"`
	Category          string `json:"category"`
	FlowLogResourceID string `json:"flowLogResourceID"`
	TargetResourceID  string `json:"targetResourceID"`
	FlowRecords       struct {
		Flows []struct {
			AclID      string `json:"aclID"`
			FlowGroups []struct {
				Rule       string `json:"rule"`
				FlowTuples []any  `json:"flowTuples"`
			} `json:"flowGroups"`
		} `json:"flows"`
	} `json:"flowRecords"`
}

func vnetRecordHandler(dec *json.Decoder, loc source.Location, out source.RowWriter) error {
	var rec vnetRecord
	if ok, err := decodeRecord(dec, loc, out, &rec); !ok {
		return err
	}
	if rec.Category != "" && rec.Category != "FlowLogFlowEvent" {
		out.Reject(loc, fmt.Sprintf("category %q is not a VNet flow log (FlowLogFlowEvent)", rec.Category))
		return nil
	}
	info := recordInfo{resourceID: rec.TargetResourceID, mac: rec.MACAddress}
	info.processed = recordTime(rec.Time, loc, out)
	target := parseResourceID(rec.TargetResourceID)
	info.subscription = target.subscription
	// The flow log resource sits under NetworkWatcher_<region>: the only
	// place a VNet flow log names its region.
	info.region = parseResourceID(rec.FlowLogResourceID).region
	w := rowWriter{out: out, loc: loc}
	for i, acl := range rec.FlowRecords.Flows {
		// aclID names the NSG (or Virtual Network Manager config) that
		// decided the flow; it is what Traffic Analytics lists as NSGList.
		info.nsgList = acl.AclID
		for j, group := range acl.FlowGroups {
			info.rule = group.Rule
			for k, t := range group.FlowTuples {
				where := fmt.Sprintf("flowRecords.flows[%d].flowGroups[%d].flowTuples[%d]", i, j, k)
				if err := w.tuple(t, where, parseVNetTuple, info); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// recordTime reads a record's time; a bad one is a warning, as the tuples
// carry their own times.
func recordTime(s string, loc source.Location, out source.RowWriter) any {
	if s == "" {
		return nil
	}
	t, err := azure.ParseTime(s)
	if err != nil {
		out.Warn(loc, "time: "+err.Error())
		return nil
	}
	return t
}

// rowWriter writes the rows of one record, reusing one values slice.
type rowWriter struct {
	out    source.RowWriter
	loc    source.Location
	values []any
}

// tuple reads one tuple and writes its row; a bad tuple is a reject naming
// where it is, and the record's other tuples still load.
func (w *rowWriter) tuple(t any, where string, parse func(string) (flow, error), info recordInfo) error {
	s, ok := t.(string)
	if !ok {
		w.out.Reject(w.loc, fmt.Sprintf("%s is %s, expected a string", where, describe(t)))
		return nil
	}
	fl, err := parse(s)
	if err != nil {
		w.out.Reject(w.loc, fmt.Sprintf("%s %q: %v", where, s, err))
		return nil
	}
	w.values = flowRow(w.values, fl, info)
	return w.out.Row(w.loc, w.values)
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
