package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The Azure half of the sample: the same week, a tenant "contoso" with
// one subscription, and an attack on Friday 2024-03-08 (UTC):
//
//	05:30  198.51.100.203 port-scans web-vm-01 (45 ports, most denied).
//	06:10  198.51.100.202 brute-forces SSH on web-vm-01 and gets in.
//	06:40  Defender raises "Possible reverse shell" on web-vm-01.
//	06:45  web-vm-01 beacons to 192.0.2.201:443 every minute for 90 minutes.
//	08:40  198.51.100.201 sprays passwords at 40 users; adele.vance falls.
//	09:05  adele.vance (the attacker) joins Azure-Admins, takes Owner on the
//	       subscription, creates vm-build-07, updates it, adds a script
//	       extension, runs a command on web-vm-01 and starts a miner
//	       container.
//	09:40  web-vm-01's managed identity token is used from 203.0.113.150.
//	10:30  web-vm-01 stages a database dump (~250 MB) in blob storage.
//	11:00  203.0.113.151 downloads it (~360 MB).
//	12:00  adele.vance deletes vm-legacy-02.
//	13:00  203.0.113.153 runs SQL injection against sql-contoso-prod.
//
// Its mail (azure_mail.go) holds a spam campaign at 02:10, a new sender
// mailing 14 users at 07:20 and a phish from c0ntoso.com at 07:55.
//
// Everything else is benign background that scales with --scale.

// azWorld names the tenant, its people and machines.
type azWorld struct {
	seed       int64
	tenant     string // Entra ID tenant id
	sub        string // subscription id
	workspace  string // Log Analytics workspace id (TenantId of the tables)
	users      []*azUser
	victim     *azUser
	admin      *azUser
	vms        []*azVM
	webVM      *azVM
	jumpVM     *azVM
	legacyVM   *azVM
	buildVM    *azVM // created by the attacker
	mi         azIdentity
	benignMI   azIdentity
	officeIP   string
	homeIPs    map[string]string // user → home address
	adminGroup string
	adminGrpID string

	// Attacker addresses (documentation ranges, never drawn at random).
	sprayIP, sshIP, scanIP, c2IP, miIP, exfilIP, sqlIP string
}

type azUser struct {
	upn, name, id string
}

type azVM struct {
	name, rg, privateIP, mac string
}

// azIdentity is a managed identity's service principal.
type azIdentity struct {
	name, spID, appID string
}

// guidOf derives a GUID from the seed and a name, for ids several files
// must agree on.
func (w *azWorld) guidOf(parts ...string) string {
	ps := make([]uint64, len(parts))
	for i, p := range parts {
		ps[i] = hashString(p)
	}
	h := hashOf(w.seed, ps...)
	return string(appendUUID(nil, h, mix64(h^0x9e37)))
}

// randGUID draws a GUID from r.
func randGUID(r *rand.Rand) string { return string(appendUUID(nil, r.Uint64(), r.Uint64())) }

var azFirstNames = []string{"adele", "alex", "allan", "bianca", "brian", "christie", "debra", "diego", "emily", "enrico",
	"grady", "henrietta", "irvin", "isaiah", "johanna", "joni", "lee", "lidia", "lynne", "megan",
	"miriam", "nestor", "patti", "pradeep", "raul", "sam", "tanya", "vince", "wanda", "zrinka",
	"omar", "nadia", "kenji", "lucia", "marta", "noah", "olga", "peter", "quinn", "rosa"}

var azLastNames = []string{"vance", "wilber", "deyoung", "pinto", "kelly", "cline", "berger", "siciliani", "braun", "fumagalli",
	"archie", "cantrell", "sink", "langer", "lauer", "sherman", "gu", "holloway", "valdes", "bowen",
	"hunter", "wilke", "fernandez", "gupta", "garcia", "jones", "novak", "lopez", "reyes", "kovac",
	"haddad", "petrova", "sato", "ramos", "silva", "meyer", "ivanova", "brown", "adams", "moreno"}

func newAzWorld(seed int64) *azWorld {
	w := &azWorld{seed: seed, homeIPs: map[string]string{}}
	w.tenant = w.guidOf("tenant")
	w.sub = w.guidOf("subscription")
	w.workspace = w.guidOf("workspace")
	r := newRand(seed, 0xa2001)
	for i, first := range azFirstNames {
		last := azLastNames[i]
		u := &azUser{upn: first + "." + last + "@contoso.com",
			name: strings.ToUpper(first[:1]) + first[1:] + " " + strings.ToUpper(last[:1]) + last[1:],
			id:   w.guidOf("user", first)}
		w.users = append(w.users, u)
		w.homeIPs[u.upn] = publicIPv4(r)
	}
	w.victim = w.users[0] // adele.vance
	w.admin = w.users[3]  // bianca.pinto, the cloud admin
	w.officeIP = "40.112.72.205"
	vm := func(name, rg, ip string) *azVM {
		h := hashOf(seed, hashString("mac"), hashString(name))
		return &azVM{name: name, rg: rg, privateIP: ip, mac: "000D3A" + strings.ToUpper(string(appendHex(nil, h, 6)))}
	}
	w.webVM = vm("web-vm-01", "rg-prod", "10.20.1.4")
	w.jumpVM = vm("jump-vm-01", "rg-prod", "10.20.2.4")
	w.legacyVM = vm("vm-legacy-02", "rg-infra", "10.20.3.7")
	w.buildVM = vm("vm-build-07", "rg-prod", "10.20.1.9")
	w.vms = []*azVM{w.webVM, w.jumpVM, w.legacyVM, vm("app-vm-01", "rg-prod", "10.20.1.5"), vm("app-vm-02", "rg-prod", "10.20.1.6")}
	w.mi = azIdentity{name: "id-web-vm-01", spID: w.guidOf("mi", "web"), appID: w.guidOf("mi-app", "web")}
	w.benignMI = azIdentity{name: "id-backup-runner", spID: w.guidOf("mi", "backup"), appID: w.guidOf("mi-app", "backup")}
	w.adminGroup, w.adminGrpID = "Azure-Admins", w.guidOf("group", "admins")
	w.sprayIP, w.sshIP, w.scanIP, w.c2IP = "198.51.100.201", "198.51.100.202", "198.51.100.203", "192.0.2.201"
	w.miIP, w.exfilIP, w.sqlIP = "203.0.113.150", "203.0.113.151", "203.0.113.153"
	return w
}

// vmID is a VM's Azure resource id.
func (w *azWorld) vmID(v *azVM) string {
	return "/subscriptions/" + w.sub + "/resourceGroups/" + v.rg + "/providers/Microsoft.Compute/virtualMachines/" + v.name
}

// azAt is a time on the attack day, with milliseconds.
func azAt(h, m, s, ms int) time.Time {
	return time.Unix(at(h, m, s), int64(ms)*int64(time.Millisecond)).UTC()
}

// azRandTime is a uniform time in the week, with sub-second precision.
func azRandTime(r *rand.Rand) time.Time {
	return time.Unix(bgStart+r.Int64N(bgEnd-bgStart), r.Int64N(1e9)).UTC()
}

// Time formats of the exports.
func iso7(t time.Time) string  { return t.UTC().Format("2006-01-02T15:04:05.0000000Z") } // diagnostic settings, activity log
func isoMs(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }     // Log Analytics API and az
func isoS(t time.Time) string  { return t.UTC().Format("2006-01-02T15:04:05Z") }         // Microsoft Graph
func portalTime(t time.Time) string {
	return t.UTC().Format("1/2/2006, 3:04:05.000 PM") // the portal's CSV export
}

// azOut collects what the Azure part wrote and the rows of every table,
// from which the ground truth is computed.
type azOut struct {
	w     *azWorld
	dir   string
	files int
	bytes int64
	rows  map[string]int64 // Log Analytics table → rows written

	signins    []*signin
	miSignins  []*signin
	audits     []*auditEvent
	activity   []*activityEvent
	storage    []*storageOp
	tuples     []*flowTuple
	authLines  []*authLine
	alerts     []*secAlert
	behavior   []*behaviorRow
	sqlAudit   []*sqlEvent
	containers []*containerLog
	baseline   []*baselineRow
	roles      []*roleAssignment
	mailRows   []*mailRow // EmailEvents and MessageTrace (azure_mail.go)
}

// writeFile writes a file under dir/azure and counts it.
func (o *azOut) writeFile(rel string, body []byte) error {
	path := filepath.Join(o.dir, "azure", filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return err
	}
	o.files++
	o.bytes += int64(len(body))
	return nil
}

// writeJSON writes v as JSON indented by indent ("" for one line), without
// HTML escaping.
func (o *azOut) writeJSON(rel string, v any, indent string) error {
	b, err := marshalJSON(v, indent)
	if err != nil {
		return err
	}
	return o.writeFile(rel, append(b, '\n'))
}

func marshalJSON(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// obj is a JSON object whose members keep the order they were added in,
// as the services write them (az sorts its keys; use a map there).
type obj []member

type member struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(appendJSONString(nil, m.k))
		b.WriteByte(':')
		v, err := marshalJSON(m.v, "")
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonText is v as compact JSON text, for string columns that hold JSON.
func jsonText(v any) string {
	b, err := marshalJSON(v, "")
	if err != nil {
		panic(err) // only our own values reach here
	}
	return string(b)
}

// writeAzure writes the Azure evidence under dir/azure and returns what it
// wrote, with the rows for the ground truth. It runs on one goroutine: the
// Azure part is small, so the output cannot depend on the worker count.
func writeAzure(dir string, seed int64, scale float64) (*azOut, error) {
	w := newAzWorld(seed)
	o := &azOut{w: w, dir: dir, rows: map[string]int64{}}
	steps := []func(*azWorld, *azOut, float64) error{
		writeSignins, writeManagedIdentitySignins, writeAuditLogs, writeBehavior, writeRoles,
		writeActivity, writeStorage, writeFlows, writeLinuxAuth, writeAlerts, writeSQLAudit,
		writeContainers, writeBaseline, writeMail,
	}
	for _, step := range steps {
		if err := step(w, o, scale); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// scaled is n × scale, at least 1.
func scaled(n int, scale float64) int {
	return max(1, int(float64(n)*scale+0.5))
}

// byTime sorts xs by the time key returns.
func byTime[T any](xs []T, key func(T) time.Time) {
	sort.SliceStable(xs, func(i, j int) bool { return key(xs[i]).Before(key(xs[j])) })
}

// pyStr is Python's str() of a value, as az prints every cell.
func pyStr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case string:
		return v
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	case time.Time:
		return isoMs(v)
	}
	return fmt.Sprint(v)
}
