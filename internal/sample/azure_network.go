package sample

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// NSG flow logs, version 2: one record per NSG, MAC and minute, tuples
// grouped by rule, one blob per hour and MAC.

// flowTuple is one tuple of a flow log.
type flowTuple struct {
	t                    time.Time
	src, dst             string
	sport, dport         int
	proto, dir, decision byte // T/U, I/O, A/D
	state                byte // B, C or E
	pktsOut, bytesOut    int64
	pktsIn, bytesIn      int64
	vm                   *azVM
	nsg, rule            string
}

// publicEnd is the tuple's public address: the source of inbound flows,
// the destination of outbound ones.
func (f *flowTuple) publicEnd() string {
	if f.dir == 'I' {
		return f.src
	}
	return f.dst
}

func (f *flowTuple) text() string {
	b := strconv.AppendInt(nil, f.t.Unix(), 10)
	b = fmt.Appendf(b, ",%s,%s,%d,%d,%c,%c,%c,%c", f.src, f.dst, f.sport, f.dport, f.proto, f.dir, f.decision, f.state)
	if f.state == 'B' {
		return string(append(b, ",,,,"...))
	}
	return string(fmt.Appendf(b, ",%d,%d,%d,%d", f.pktsOut, f.bytesOut, f.pktsIn, f.bytesIn))
}

// l7Protocol is Traffic Analytics' name for a destination port.
func l7Protocol(port int) string {
	switch port {
	case 22:
		return "ssh"
	case 80:
		return "http"
	case 443:
		return "https"
	case 3389:
		return "rdp"
	case 1433:
		return "mssql"
	case 445:
		return "smb"
	case 53:
		return "dns"
	case 25:
		return "smtp"
	}
	return "unknown"
}

var scanPorts = []int{21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 161, 389, 443, 445, 465, 587, 993, 995, 1433,
	1521, 2049, 2375, 3000, 3306, 3389, 5000, 5432, 5601, 5900, 5985, 6379, 7001, 8000, 8080, 8081, 8443, 8888,
	9000, 9090, 9200, 9300, 11211, 27017, 50070}

func writeFlows(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2080)
	nsgOf := func(vm *azVM) string {
		if vm == w.webVM {
			return "nsg-web"
		}
		return "nsg-app"
	}
	// flow adds a connection: an allowed one as a begin and an end tuple,
	// a denied one as a begin tuple only.
	flow := func(t time.Time, vm *azVM, remote string, inbound bool, port int, proto byte, allowed bool, rule string, pkts int64) {
		f := flowTuple{t: t, proto: proto, decision: 'A', state: 'B', vm: vm, nsg: nsgOf(vm), rule: rule, dport: port}
		if inbound {
			f.src, f.dst, f.dir, f.sport = remote, vm.privateIP, 'I', ephemeralPort(r)
		} else {
			f.src, f.dst, f.dir, f.sport = vm.privateIP, remote, 'O', ephemeralPort(r)
		}
		if !allowed {
			f.decision = 'D'
		}
		b := f
		o.tuples = append(o.tuples, &b)
		if allowed {
			e := f
			e.state, e.t = 'E', t.Add(time.Duration(1+r.IntN(4))*time.Second)
			e.pktsOut, e.pktsIn = pkts, pkts+int64(r.IntN(4))
			e.bytesOut, e.bytesIn = pkts*int64(80+r.IntN(400)), pkts*int64(200+r.IntN(1200))
			o.tuples = append(o.tuples, &e)
		}
	}
	// Web clients: a pool that grows with --scale, so that no client
	// outranks the attack's addresses.
	clients := make([]string, scaled(150, scale))
	for i := range clients {
		clients[i] = publicIPv4(r)
	}
	for i := 0; i < scaled(1200, scale); i++ {
		port, rule := 443, "UserRule_AllowHttpsInbound"
		if r.IntN(5) == 0 {
			port, rule = 80, "UserRule_AllowHttpInbound"
		}
		flow(azRandTime(r), w.webVM, pick(r, clients), true, port, 'T', true, rule, int64(4+r.IntN(30)))
	}
	// Outbound: package mirrors and APIs, at irregular times.
	dests := make([]string, scaled(20, scale))
	for i := range dests {
		dests[i] = publicIPv4(r)
	}
	apps := []*azVM{w.vms[3], w.vms[4], w.webVM}
	for i := 0; i < scaled(400, scale); i++ {
		flow(azRandTime(r), pick(r, apps), pick(r, dests), false, pick(r, []int{443, 443, 80}), 'T', true, "DefaultRule_AllowInternetOutBound", int64(6+r.IntN(60)))
	}
	// A telemetry endpoint app-vm-01 reaches in 60 minutes of the week, at
	// random: many active minutes, no rhythm (the C2 hunt's look-alike).
	for i := 0; i < 60; i++ {
		flow(azRandTime(r), w.vms[3], "52.168.117.170", false, 443, 'T', true, "DefaultRule_AllowInternetOutBound", int64(8+r.IntN(20)))
	}

	// The scan: every port once, 05:30, denied but for 22, 80 and 443.
	for i, port := range scanPorts {
		allowed, rule := port == 22 || port == 80 || port == 443, "DefaultRule_DenyAllInBound"
		switch port {
		case 22:
			rule = "UserRule_AllowSSH"
		case 80:
			rule = "UserRule_AllowHttpInbound"
		case 443:
			rule = "UserRule_AllowHttpsInbound"
		}
		flow(azAt(5, 30, 0, 0).Add(time.Duration(i*2)*time.Second), w.webVM, w.scanIP, true, port, 'T', allowed, rule, 2)
	}
	// The SSH brute force, 06:10–06:25, allowed by the NSG.
	for i := 0; i < 42; i++ {
		flow(azAt(6, 10, 0, 0).Add(time.Duration(i*21)*time.Second), w.webVM, w.sshIP, true, 22, 'T', true, "UserRule_AllowSSH", int64(12+r.IntN(6)))
	}
	// The C2 beacon: once a minute, 06:45–08:14, a few seconds late at most.
	for k := 0; k < 90; k++ {
		flow(azAt(6, 45, 0, 0).Add(time.Duration(k)*time.Minute+time.Duration(r.IntN(5))*time.Second), w.webVM, w.c2IP, false, 443, 'T', true,
			"DefaultRule_AllowInternetOutBound", int64(5+r.IntN(3)))
	}

	byTime(o.tuples, func(f *flowTuple) time.Time { return f.t })
	o.rows["AzureNetworkAnalytics_CL"] += int64(len(o.tuples))
	return w.writeFlowBlobs(o)
}

// writeFlowBlobs groups the tuples into records (NSG, MAC, minute) and
// blobs (NSG, MAC, hour), in time order.
func (w *azWorld) writeFlowBlobs(o *azOut) error {
	type blobKey struct {
		nsg, mac string
		hour     int64
	}
	blobs := map[blobKey][]*flowTuple{}
	var order []blobKey
	for _, f := range o.tuples {
		k := blobKey{f.nsg, f.vm.mac, f.t.Truncate(time.Hour).Unix()}
		if blobs[k] == nil {
			order = append(order, k)
		}
		blobs[k] = append(blobs[k], f)
	}
	for _, k := range order {
		nsgID := strings.ToUpper("/subscriptions/" + w.sub + "/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/" + k.nsg)
		var records []obj
		tuples := blobs[k]
		for i := 0; i < len(tuples); {
			minute := tuples[i].t.Truncate(time.Minute)
			var rules []string
			byRule := map[string][]string{}
			for ; i < len(tuples) && tuples[i].t.Truncate(time.Minute).Equal(minute); i++ {
				f := tuples[i]
				if byRule[f.rule] == nil {
					rules = append(rules, f.rule)
				}
				byRule[f.rule] = append(byRule[f.rule], f.text())
			}
			var flows []obj
			for _, rule := range rules {
				flows = append(flows, obj{{"rule", rule}, {"flows", []obj{{{"mac", k.mac}, {"flowTuples", byRule[rule]}}}}})
			}
			records = append(records, obj{
				{"time", iso7(minute.Add(time.Minute - time.Duration(hashOf(w.seed, uint64(minute.Unix()))%900)*time.Millisecond))},
				{"systemId", w.guidOf("nsg", k.nsg)},
				{"macAddress", k.mac},
				{"category", "NetworkSecurityGroupFlowEvent"},
				{"resourceId", nsgID},
				{"operationName", "NetworkSecurityGroupFlowEvents"},
				{"properties", obj{{"Version", 2}, {"flows", flows}}},
			})
		}
		h := time.Unix(k.hour, 0).UTC()
		path := fmt.Sprintf("storage/stcontosologs/insights-logs-networksecuritygroupflowevent/resourceId=%s/y=%04d/m=%02d/d=%02d/h=%02d/m=00/macAddress=%s/PT1H.json",
			nsgID, h.Year(), int(h.Month()), h.Day(), h.Hour(), k.mac)
		if err := o.writeJSON(path, obj{{"records", records}}, ""); err != nil {
			return err
		}
	}
	return nil
}
