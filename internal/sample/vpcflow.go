package sample

import (
	"math/rand/v2"
	"strconv"
)

// vpcNet is one VPC with one flow log publishing to S3.
type vpcNet struct {
	key     string // "prod"
	account *account
	region  string
	id      string // vpc-…
	flowLog string // fl-…
	// custom: the flow log uses the v5 custom field order of
	// flowHeaderV5 instead of the default v2 format.
	custom  bool
	share   float64 // share of the background flow records
	hosts   []*netHost
	subnets map[string]string // subnet name → subnet id
	kinds   []flowKind
	cum     []float64
}

// The two record formats. The default format is every version 2 field in
// AWS's order; the custom one mixes v3–v5 fields in an order of its own, as
// a flow log created with --log-format can.
const (
	flowHeaderV2 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
	flowHeaderV5 = "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status flow-direction traffic-path"
)

func (w *world) newVPC(h func(...string) uint64, a *account, region, key string, custom bool) *vpcNet {
	return &vpcNet{key: key, account: a, region: region, custom: custom,
		id:      hexID("vpc-0", h("vpc", key), 16),
		flowLog: hexID("fl-0", h("flowlog", key), 16),
		subnets: map[string]string{}}
}

// addHost adds a network interface; instance says whether an EC2 instance
// owns it (load balancers and RDS databases have no instance id).
func (v *vpcNet) addHost(h func(...string) uint64, name, ip, ipv6, subnet, az string, r *role, instance bool) *netHost {
	sid, ok := v.subnets[subnet]
	if !ok {
		sid = hexID("subnet-0", h("subnet", v.key, subnet), 16)
		v.subnets[subnet] = sid
	}
	host := &netHost{name: name, ip: ip, ipv6: ipv6, eni: hexID("eni-0", h("eni", name), 16),
		subnet: sid, az: az, role: r, vpc: v}
	if instance {
		host.instance = hexID("i-0", h("instance", name), 16)
	}
	v.hosts = append(v.hosts, host)
	return host
}

// flowRec is one flow log record.
type flowRec struct {
	host         *netHost // the interface that logged it
	src, dst     string   // "" in NODATA/SKIPDATA records
	sport, dport int
	proto        int // 6 TCP, 17 UDP, 1 ICMP
	packets      int64
	bytes        int64
	start, end   int64
	action       string // ACCEPT or REJECT
	status       string // OK, NODATA or SKIPDATA
	flags        int    // tcp-flags
	egress       bool   // flow-direction, seen from host
	path         int    // traffic-path of egress records: 1 same VPC, 8 internet gateway
}

// flowKind is one kind of background conversation, with its share.
type flowKind struct {
	name   string
	weight float64
	gen    func(g *flowGen, t int64)
}

// flowGen makes the records of one flow log file (or the scripted records
// of the plan) and hands them to sink.
type flowGen struct {
	w    *world
	r    *rand.Rand
	vpc  *vpcNet
	sink func(*flowRec)
	rec  flowRec
}

// packets is a plausible packet count for a byte count.
func packets(r *rand.Rand, bytes int64) int64 {
	if bytes < 100 {
		return 1
	}
	n := bytes / int64(between(r, 600, 1400))
	if n < 2 {
		n = 2
	}
	return n
}

// conv emits one connection as the VPC's flow log sees it, on the
// interface of the end that belongs to the VPC: the request and, when the
// connection was accepted, the reply. src or dst is nil when that end is
// outside.
func (g *flowGen) conv(src *netHost, srcIP string, dst *netHost, dstIP string, sport, dport, proto int, req, resp int64, accept bool, t int64) {
	obs := src
	if obs == nil {
		obs = dst
	}
	dur := int64(between(g.r, 1, 58))
	path := 8
	if src != nil && dst != nil {
		path = 1
	}
	reqFlags, respFlags := 0, 0
	if proto == 6 {
		reqFlags, respFlags = 3, 19 // SYN+FIN from the client, SYN-ACK+FIN from the server
		if !accept {
			reqFlags = 2
		}
	}
	action := "ACCEPT"
	if !accept {
		action = "REJECT"
	}
	g.rec = flowRec{host: obs, src: srcIP, dst: dstIP, sport: sport, dport: dport, proto: proto,
		packets: packets(g.r, req), bytes: req, start: t, end: t + dur, action: action, status: "OK",
		flags: reqFlags, egress: obs == src, path: path}
	g.sink(&g.rec)
	if !accept {
		return
	}
	g.rec = flowRec{host: obs, src: dstIP, dst: srcIP, sport: dport, dport: sport, proto: proto,
		packets: packets(g.r, resp), bytes: resp, start: t, end: t + dur, action: "ACCEPT", status: "OK",
		flags: respFlags, egress: obs == dst, path: path}
	g.sink(&g.rec)
}

// Background conversation makers.

// fromInternet: internet clients to a public service on 443 (or 80).
func fromInternet(dsts []*netHost, req, resp [2]int64) func(*flowGen, int64) {
	return func(g *flowGen, t int64) {
		dst := pick(g.r, dsts)
		port := 443
		if g.r.IntN(10) == 0 {
			port = 80
		}
		g.conv(nil, pick(g.r, g.w.clients), dst, dst.ip, ephemeralPort(g.r), port, 6,
			logUniform(g.r, req[0], req[1]), logUniform(g.r, resp[0], resp[1]), true, t)
	}
}

// fromInternetV6: IPv6 clients of a dual-stack service.
func fromInternetV6(dsts []*netHost, req, resp [2]int64) func(*flowGen, int64) {
	return func(g *flowGen, t int64) {
		dst := pick(g.r, dsts)
		g.conv(nil, pick(g.r, g.w.clientsV6), dst, dst.ipv6, ephemeralPort(g.r), 443, 6,
			logUniform(g.r, req[0], req[1]), logUniform(g.r, resp[0], resp[1]), true, t)
	}
}

// internal: hosts of the VPC talking to each other.
func internal(srcs, dsts []*netHost, port, proto int, req, resp [2]int64) func(*flowGen, int64) {
	return func(g *flowGen, t int64) {
		src, dst := pick(g.r, srcs), pick(g.r, dsts)
		g.conv(src, src.ip, dst, dst.ip, ephemeralPort(g.r), port, proto,
			logUniform(g.r, req[0], req[1]), logUniform(g.r, resp[0], resp[1]), true, t)
	}
}

// toInternet: hosts of the VPC reaching outside services.
func toInternet(srcs []*netHost, pool func(*world) []string, port, proto int, req, resp [2]int64) func(*flowGen, int64) {
	return func(g *flowGen, t int64) {
		src := pick(g.r, srcs)
		g.conv(src, src.ip, nil, pick(g.r, pool(g.w)), ephemeralPort(g.r), port, proto,
			logUniform(g.r, req[0], req[1]), logUniform(g.r, resp[0], resp[1]), true, t)
	}
}

// noisePorts are the closed ports the internet's background scanners try.
// Port 0 stands for ICMP.
var noisePorts = []int{22, 23, 25, 445, 1433, 2375, 3306, 3389, 5432, 5900, 6379, 7547, 8080, 8443, 8888, 9200, 11211, 27017, 0}

// noise: a random internet address probing one to three closed ports of
// the VPC's public hosts, rejected by the security groups. One address
// never tries more than three ports or three hosts, far below the
// thresholds of aws-scanning-recon and aws-ssh-bruteforce.
func noise(targets []*netHost) func(*flowGen, int64) {
	return func(g *flowGen, t int64) {
		src := publicIPv4(g.r)
		sport := ephemeralPort(g.r)
		n := between(g.r, 1, 3)
		for i := 0; i < n; i++ {
			dst := pick(g.r, targets)
			port, proto := pick(g.r, noisePorts), 6
			if port == 0 {
				proto = 1
			}
			sp := sport
			if proto == 1 {
				sp = 0
			}
			start := t + int64(i*between(g.r, 0, 5))
			g.rec = flowRec{host: dst, src: src, dst: dst.ip, sport: sp, dport: port, proto: proto,
				packets: 1, bytes: int64(pick(g.r, []int{40, 44, 60})), start: start, end: start + int64(between(g.r, 0, 50)),
				action: "REJECT", status: "OK", flags: 2}
			if proto == 1 {
				g.rec.flags = 0
			}
			g.sink(&g.rec)
		}
	}
}

// noData: an interface that had no traffic in the interval (NODATA), or
// whose records were dropped (SKIPDATA).
func noData(g *flowGen, t int64) {
	status := "NODATA"
	if g.r.IntN(6) == 0 {
		status = "SKIPDATA"
	}
	g.rec = flowRec{host: pick(g.r, g.vpc.hosts), start: t, end: t + int64(between(g.r, 30, 600)), status: status}
	g.sink(&g.rec)
}

// buildFlowKinds describes the benign traffic of each VPC. Byte ranges are
// chosen so that, even at --scale 100, only the load balancers, the web
// servers and the main database move more data over the week than the
// exfiltration does: aws-top-talkers must still rank the exfiltration.
func (w *world) buildFlowKinds() {
	endpoints := func(w *world) []string { return w.awsEndpoints }
	ntp := func(w *world) []string { return w.ntpServers }
	upstream := func(w *world) []string { return w.dnsUpstream }

	albs := []*netHost{w.albA, w.albB}
	webs := []*netHost{w.web1, w.web2}
	workers := []*netHost{w.worker1, w.worker2}
	prodInstances := []*netHost{w.web1, w.web2, w.worker1, w.worker2, w.bastion, w.reportingDB, w.dnsProd}
	w.prodVPC.share = 0.70
	w.prodVPC.kinds = []flowKind{
		{"internet-to-alb", 40, fromInternet(albs, [2]int64{400, 20000}, [2]int64{1000, 250000})},
		{"internet-to-alb-ipv6", 0.4, fromInternetV6(albs, [2]int64{400, 10000}, [2]int64{1000, 60000})},
		{"alb-to-web", 28, internal(albs, webs, 80, 6, [2]int64{300, 15000}, [2]int64{800, 200000})},
		{"web-to-customers-db", 10, internal(webs, []*netHost{w.customersDB}, 5432, 6, [2]int64{200, 5000}, [2]int64{500, 40000})},
		{"worker-to-orders-db", 4, internal(workers, []*netHost{w.ordersDB}, 3306, 6, [2]int64{150, 2000}, [2]int64{300, 6000})},
		{"worker-to-reporting-db", 1.5, internal(workers, []*netHost{w.reportingDB}, 5432, 6, [2]int64{300, 3000}, [2]int64{500, 10000})},
		{"dns", 9, internal(prodInstances, []*netHost{w.dnsProd}, 53, 17, [2]int64{60, 90}, [2]int64{90, 400})},
		{"dns-upstream", 3, toInternet([]*netHost{w.dnsProd}, upstream, 53, 17, [2]int64{60, 90}, [2]int64{90, 500})},
		{"web-egress", 3, toInternet(webs, endpoints, 443, 6, [2]int64{500, 8000}, [2]int64{2000, 120000})},
		{"host-egress", 0.8, toInternet(prodInstances, endpoints, 443, 6, [2]int64{500, 4000}, [2]int64{1000, 30000})},
		{"ntp", 0.5, toInternet(prodInstances, ntp, 123, 17, [2]int64{76, 76}, [2]int64{76, 76})},
		{"internet-noise", 1.2, noise([]*netHost{w.albA, w.albB, w.bastion})},
		{"no-data", 0.4, noData},
	}

	w.euVPC.share = 0.12
	w.euVPC.kinds = []flowKind{
		{"internet-to-web", 60, fromInternet([]*netHost{w.euWeb}, [2]int64{400, 20000}, [2]int64{1000, 150000})},
		{"web-to-db", 15, internal([]*netHost{w.euWeb}, []*netHost{w.euDB}, 5432, 6, [2]int64{200, 3000}, [2]int64{300, 15000})},
		{"dns", 12, internal([]*netHost{w.euWeb}, []*netHost{w.euDNS}, 53, 17, [2]int64{60, 90}, [2]int64{90, 400})},
		{"dns-upstream", 3, toInternet([]*netHost{w.euDNS}, upstream, 53, 17, [2]int64{60, 90}, [2]int64{90, 500})},
		{"web-egress", 3, toInternet([]*netHost{w.euWeb}, endpoints, 443, 6, [2]int64{500, 8000}, [2]int64{2000, 120000})},
		{"ntp", 0.5, toInternet([]*netHost{w.euWeb, w.euDNS}, ntp, 123, 17, [2]int64{76, 76}, [2]int64{76, 76})},
		{"internet-noise", 2, noise([]*netHost{w.euWeb})},
		{"no-data", 0.4, noData},
	}

	apps := []*netHost{w.stagingApp1, w.stagingApp2}
	stagingInstances := []*netHost{w.stagingWeb, w.stagingApp1, w.stagingApp2, w.buildRunner}
	w.stagingVPC.share = 0.18
	w.stagingVPC.kinds = []flowKind{
		{"internet-to-web", 45, fromInternet([]*netHost{w.stagingWeb}, [2]int64{400, 20000}, [2]int64{1000, 150000})},
		{"internet-to-web-ipv6", 2, fromInternetV6([]*netHost{w.stagingWeb}, [2]int64{400, 10000}, [2]int64{1000, 60000})},
		{"web-to-apps", 8, internal([]*netHost{w.stagingWeb}, apps, 80, 6, [2]int64{300, 5000}, [2]int64{500, 20000})},
		{"apps-to-db", 12, internal(apps, []*netHost{w.stagingDB}, 5432, 6, [2]int64{200, 3000}, [2]int64{300, 15000})},
		{"web-to-db", 5, internal([]*netHost{w.stagingWeb}, []*netHost{w.stagingDB}, 5432, 6, [2]int64{200, 3000}, [2]int64{300, 15000})},
		{"build-egress", 6, toInternet([]*netHost{w.buildRunner}, endpoints, 443, 6, [2]int64{500, 5000}, [2]int64{1000, 30000})},
		{"dns", 10, internal(stagingInstances, []*netHost{w.stagingDNS}, 53, 17, [2]int64{60, 90}, [2]int64{90, 400})},
		{"dns-upstream", 3, toInternet([]*netHost{w.stagingDNS}, upstream, 53, 17, [2]int64{60, 90}, [2]int64{90, 500})},
		{"ntp", 0.5, toInternet(stagingInstances, ntp, 123, 17, [2]int64{76, 76}, [2]int64{76, 76})},
		{"internet-noise", 1.5, noise([]*netHost{w.stagingWeb, w.stagingApp1, w.stagingApp2, w.buildRunner})},
		{"no-data", 0.4, noData},
	}

	for _, v := range w.vpcs {
		v.cum = cumulative(len(v.kinds), func(i int) float64 { return v.kinds[i].weight })
	}
}

// appendFlowLine appends one record in the VPC's format, without the
// newline.
func appendFlowLine(b []byte, v *vpcNet, rec *flowRec) []byte {
	h := rec.host
	ok := rec.status == "OK"
	if !v.custom {
		b = append(b, "2 "...)
		b = append(b, v.account.id...)
		b = append(b, ' ')
		b = append(b, h.eni...)
		if !ok {
			b = append(b, " - - - - - - - "...)
			b = strconv.AppendInt(b, rec.start, 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, rec.end, 10)
			b = append(b, " - "...)
			return append(b, rec.status...)
		}
		b = append(b, ' ')
		b = append(b, rec.src...)
		b = append(b, ' ')
		b = append(b, rec.dst...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(rec.sport), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(rec.dport), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(rec.proto), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, rec.packets, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, rec.bytes, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, rec.start, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, rec.end, 10)
		b = append(b, ' ')
		b = append(b, rec.action...)
		b = append(b, ' ')
		return append(b, rec.status...)
	}

	// version vpc-id subnet-id instance-id interface-id account-id type
	// srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes
	// packets start end action tcp-flags log-status flow-direction traffic-path
	b = append(b, "5 "...)
	b = append(b, v.id...)
	b = append(b, ' ')
	b = append(b, h.subnet...)
	b = append(b, ' ')
	if h.instance != "" {
		b = append(b, h.instance...)
	} else {
		b = append(b, '-')
	}
	b = append(b, ' ')
	b = append(b, h.eni...)
	b = append(b, ' ')
	b = append(b, v.account.id...)
	if !ok {
		b = append(b, " - - - - - - - - - - "...)
		b = strconv.AppendInt(b, rec.start, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, rec.end, 10)
		b = append(b, " - - "...)
		b = append(b, rec.status...)
		return append(b, " - -"...)
	}
	if isIPv6(rec.src) {
		b = append(b, " IPv6 "...)
	} else {
		b = append(b, " IPv4 "...)
	}
	b = append(b, rec.src...)
	b = append(b, ' ')
	b = append(b, rec.dst...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.sport), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.dport), 10)
	b = append(b, ' ')
	b = append(b, rec.src...)
	b = append(b, ' ')
	b = append(b, rec.dst...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.proto), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.bytes, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.packets, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.start, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.end, 10)
	b = append(b, ' ')
	b = append(b, rec.action...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.flags), 10)
	b = append(b, ' ')
	b = append(b, rec.status...)
	if rec.egress {
		b = append(b, " egress "...)
		return strconv.AppendInt(b, int64(rec.path), 10)
	}
	return append(b, " ingress -"...)
}

func isIPv6(ip string) bool {
	for i := 0; i < len(ip); i++ {
		if ip[i] == ':' {
			return true
		}
	}
	return false
}

// isStandardPort is aws-nonstandard-port's standard_ports default.
func isStandardPort(p int) bool {
	switch p {
	case 20, 21, 22, 23, 25, 53, 80, 110, 123, 143, 389, 443, 445, 465, 587, 636, 993, 995,
		1433, 1521, 3306, 3389, 5432, 5439, 6379, 8080, 8443, 9200, 27017:
		return true
	}
	return false
}

// flowTally accumulates, over every record written, what the network
// hunts aggregate, so that their ground truth is computed from the
// evidence itself rather than from the story's intentions.
type flowTally struct {
	ssh      map[string]int64      // source → flows to port 22 (aws-ssh-bruteforce)
	nonstd   map[int]int64         // accepted non-standard port below 32768 → flows (aws-nonstandard-port)
	rejected map[string]*rejectSet // source → rejected ports and hosts (aws-scanning-recon)
	egress   map[string]int64      // "internal|external" → rejected flows (aws-egress-rejection)
	bytes    map[string]int64      // address → bytes sent plus received (aws-top-talkers)
}

// rejectSet holds the distinct destination ports and addresses of one
// source's rejected flows. Most sources have one to three, so short
// slices beat maps.
type rejectSet struct {
	ports []int
	hosts []string
}

func newFlowTally() *flowTally {
	return &flowTally{ssh: map[string]int64{}, nonstd: map[int]int64{}, rejected: map[string]*rejectSet{},
		egress: map[string]int64{}, bytes: map[string]int64{}}
}

// add counts one record by the hunts' rules (docs/HUNTS.md, default
// parameters). NODATA and SKIPDATA records carry no addresses or ports
// (NULL in the case), so no hunt counts them.
func (t *flowTally) add(rec *flowRec) {
	if rec.status != "OK" {
		return
	}
	if rec.dport == 22 {
		t.ssh[rec.src]++
	}
	if rec.action == "ACCEPT" && rec.dport < 32768 && !isStandardPort(rec.dport) {
		t.nonstd[rec.dport]++
	}
	if rec.action == "REJECT" {
		s := t.rejected[rec.src]
		if s == nil {
			s = &rejectSet{}
			t.rejected[rec.src] = s
		}
		s.addPort(rec.dport)
		s.addHost(rec.dst)
		if isInternal(rec.src) && !isInternal(rec.dst) {
			t.egress[rec.src+"|"+rec.dst]++
		}
	}
	t.bytes[rec.src] += rec.bytes
	t.bytes[rec.dst] += rec.bytes
}

func (s *rejectSet) addPort(p int) {
	for _, q := range s.ports {
		if q == p {
			return
		}
	}
	s.ports = append(s.ports, p)
}

func (s *rejectSet) addHost(h string) {
	for _, q := range s.hosts {
		if q == h {
			return
		}
	}
	s.hosts = append(s.hosts, h)
}

// merge adds o into t. Every operation is a sum or a set union, so the
// result does not depend on which worker wrote which file.
func (t *flowTally) merge(o *flowTally) {
	for k, v := range o.ssh {
		t.ssh[k] += v
	}
	for k, v := range o.nonstd {
		t.nonstd[k] += v
	}
	for k, v := range o.egress {
		t.egress[k] += v
	}
	for k, v := range o.bytes {
		t.bytes[k] += v
	}
	for k, v := range o.rejected {
		s := t.rejected[k]
		if s == nil {
			s = &rejectSet{}
			t.rejected[k] = s
		}
		for _, p := range v.ports {
			s.addPort(p)
		}
		for _, h := range v.hosts {
			s.addHost(h)
		}
	}
}
