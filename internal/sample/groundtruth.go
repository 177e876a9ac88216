package sample

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// GroundTruthFile is the name of the ground truth in a sample folder.
const GroundTruthFile = "ground-truth.json"

// GroundTruth is ground-truth.json: what each hunt of docs/HUNTS.md must
// report, with its default parameters, over the whole sample.
type GroundTruth struct {
	Seed   int64                `json:"seed"`
	Scale  float64              `json:"scale"`
	Counts Counts               `json:"counts"`
	Hunts  map[string]HuntTruth `json:"hunts"`
}

// Counts are the exact numbers of records in the sample. CloudTrail events
// are counted once even when an export repeats them (the key is eventID).
type Counts struct {
	CloudTrailEvents int64 `json:"cloudtrail_events"`
	FlowRecords      int64 `json:"flow_records"`
	// AzureRows counts the rows of each Azure table (Log Analytics names).
	AzureRows map[string]int64 `json:"azure_rows,omitempty"`
}

// HuntTruth is one hunt's expected findings.
type HuntTruth struct {
	// Key names the hunt's key columns; each Expect value joins their
	// values with "|".
	Key    []string `json:"key"`
	Expect []string `json:"expect"`
	// Ranked hunts (aws-top-talkers) report a top list: Expect must be
	// among their rows. Other hunts must report exactly Expect.
	Ranked bool   `json:"ranked"`
	Story  string `json:"story"`
}

// ReadGroundTruth reads a ground-truth.json.
func ReadGroundTruth(path string) (*GroundTruth, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var gt GroundTruth
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &gt, nil
}

// Default parameters of the network hunts (docs/HUNTS.md).
const (
	sshMinAttempts = 20
	sshPort        = 22
	scanMinPorts   = 10
	scanMinHosts   = 10
	egressMinCount = 5
	topLimit       = 10
)

// buildGroundTruth turns what the workers observed into ground-truth.json.
// The CloudTrail hunts' keys were selected event by event as they were
// written (accum.observe); the network hunts are computed here from the
// tallies of every record written. The stories say why each key is there.
func buildGroundTruth(w *world, opts Options, acc *accum) (*GroundTruth, error) {
	a := w.atk
	gt := &GroundTruth{Seed: opts.Seed, Scale: opts.Scale,
		Counts: Counts{CloudTrailEvents: acc.ctEvents, FlowRecords: acc.flowRecords}, Hunts: map[string]HuntTruth{}}
	ct := func(id, story string) {
		gt.Hunts[id] = HuntTruth{Key: []string{"eventID"}, Expect: sortedKeys(acc.found[id]), Story: story}
	}
	web1 := w.web1.instance
	ct("aws-new-db-snapshots", fmt.Sprintf("ci-legacy's leaked key snapshots %s as %s and shares it with outside account %s (CreateDBSnapshot, ModifyDBSnapshotAttribute); bob.dev's snapshot %s of %s before Tuesday's upgrade is the benign one.",
		w.customersDB.name, a.snapshot, w.outsideAcct, a.snapshotOld, w.ordersDB.name))
	ct("aws-listbuckets", fmt.Sprintf("web-1's stolen instance-profile session %s lists the buckets three times from %s, and ci-legacy's leaked key is refused ListBuckets twice from %s (AccessDenied).",
		web1, a.ssrfIP, a.keyIP))
	ct("aws-createbucket", fmt.Sprintf("web-1's stolen instance-profile session %s creates bucket %s from %s.", web1, a.bucket, a.ssrfIP))
	ct("aws-describeinstances", fmt.Sprintf("web-1's stolen session %s lists instances in %s and %s from %s; ci-legacy's leaked key is refused DescribeInstances twice in %s (Client.UnauthorizedOperation), events only the CloudWatch Logs export holds.",
		web1, regionMain, regionEU, a.ssrfIP, regionExport))
	ct("aws-stoplogging", fmt.Sprintf("ci-legacy's leaked key stops trail %s from %s to blind the SIEM.", a.siemTrail, a.keyIP))
	ct("aws-updatetrail", fmt.Sprintf("ci-legacy's leaked key strips trail %s of its CloudWatch Logs delivery and log file validation, from %s.", a.siemTrail, a.keyIP))
	ct("aws-deletetrail", fmt.Sprintf("ci-legacy's leaked key deletes trail %s from %s once the snapshot is shared.", a.siemTrail, a.keyIP))

	keys := sortedKeys(acc.found["aws-keyid-activity"])
	var others []string
	for _, k := range keys {
		if k != w.ciLegacy.key {
			others = append(others, w.keyOwner(k)+" "+k)
		}
	}
	gt.Hunts["aws-keyid-activity"] = HuntTruth{Key: []string{"accessKeyId"}, Expect: keys,
		Story: fmt.Sprintf("Every long-term key in use is listed: ci-legacy's %s is the leaked one (IAM recon, trail tampering and snapshot theft from %s besides its Jenkins jobs); the others are everyday keys (%s).",
			w.ciLegacy.key, a.keyIP, strings.Join(others, ", "))}

	// Network hunts, from the tallies.
	f := acc.flows
	var ssh []string
	for src, n := range f.ssh {
		if n >= sshMinAttempts {
			ssh = append(ssh, src)
		}
	}
	sort.Strings(ssh)
	gt.Hunts["aws-ssh-bruteforce"] = HuntTruth{Key: []string{"sourceaddress"}, Expect: ssh,
		Story: fmt.Sprintf("%s tries SSH %d times against the prod bastion %s (all rejected); %s tries %d times against staging and gets into build-runner %s.",
			a.bruteProd, f.ssh[a.bruteProd], w.bastion.ip, a.bruteStage, f.ssh[a.bruteStage], w.buildRunner.ip)}

	var ports []int
	for p := range f.nonstd {
		ports = append(ports, p)
	}
	sort.Ints(ports)
	var portKeys []string
	for _, p := range ports {
		portKeys = append(portKeys, strconv.Itoa(p))
	}
	gt.Hunts["aws-nonstandard-port"] = HuntTruth{Key: []string{"destinationport"}, Expect: portKeys,
		Story: fmt.Sprintf("build-runner %s, taken over by SSH brute force, beacons to %s on port %d (%d flows) and fetches payloads on port %d (%d flows).",
			w.buildRunner.ip, a.c2, a.c2Port, f.nonstd[a.c2Port], a.c2Port2, f.nonstd[a.c2Port2])}

	var scanners []string
	for src, s := range f.rejected {
		if len(s.ports) >= scanMinPorts || len(s.hosts) >= scanMinHosts {
			scanners = append(scanners, src)
		}
	}
	sort.Strings(scanners)
	scanPorts := 0
	if s := f.rejected[a.scanner]; s != nil {
		scanPorts = len(s.ports)
	}
	gt.Hunts["aws-scanning-recon"] = HuntTruth{Key: []string{"sourceaddress"}, Expect: scanners,
		Story: fmt.Sprintf("%s port-scans eu-web %s: %d distinct ports rejected.", a.scanner, w.euWeb.ip, scanPorts)}

	var pairs []string
	for pair, n := range f.egress {
		if n >= egressMinCount {
			pairs = append(pairs, pair)
		}
	}
	sort.Strings(pairs)
	gt.Hunts["aws-egress-rejection"] = HuntTruth{Key: []string{"sourceaddress", "destinationaddress"}, Expect: pairs,
		Story: fmt.Sprintf("build-runner %s keeps calling its fallback C2 %s, which the network ACL blocks (%d rejected flows).",
			w.buildRunner.ip, a.blocked, f.egress[w.buildRunner.ip+"|"+a.blocked])}

	// aws-top-talkers: rank every address by bytes sent plus received and
	// check that the exfiltration's two ends are in the top list. If the
	// background ever outgrew them, the ground truth would be wrong, so
	// that is an error rather than a silent change.
	type talker struct {
		ip    string
		bytes int64
	}
	var talkers []talker
	for ip, n := range f.bytes {
		talkers = append(talkers, talker{ip, n})
	}
	sort.Slice(talkers, func(i, j int) bool {
		if talkers[i].bytes != talkers[j].bytes {
			return talkers[i].bytes > talkers[j].bytes
		}
		return talkers[i].ip < talkers[j].ip
	})
	rank := map[string]int{}
	for i, t := range talkers {
		rank[t.ip] = i + 1
	}
	for _, ip := range []string{w.reportingDB.ip, a.exfil} {
		if r := rank[ip]; r == 0 || r > topLimit {
			return nil, fmt.Errorf("sample: at scale %g %s ranks %d in aws-top-talkers, outside its top %d", opts.Scale, ip, r, topLimit)
		}
	}
	gt.Hunts["aws-top-talkers"] = HuntTruth{Key: []string{"ip"}, Expect: sortedKeys(map[string]bool{w.reportingDB.ip: true, a.exfil: true}), Ranked: true,
		Story: fmt.Sprintf("reporting-db %s uploads about %d MB to %s; they rank %d and %d by bytes sent plus received.",
			w.reportingDB.ip, f.bytes[a.exfil]/1000000, a.exfil, rank[w.reportingDB.ip], rank[a.exfil])}

	for id, h := range gt.Hunts {
		if len(h.Expect) == 0 {
			return nil, fmt.Errorf("sample: hunt %s has nothing to find", id)
		}
	}
	return gt, nil
}

// keyOwner names the IAM user of a long-term key.
func (w *world) keyOwner(key string) string {
	for _, u := range []*iamUser{w.alice, w.bob, w.carol, w.deployBot, w.ciLegacy, w.dave, w.erin} {
		if u.key == key {
			return u.name
		}
	}
	return "unknown"
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
