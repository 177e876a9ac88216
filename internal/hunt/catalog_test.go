package hunt

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBuiltinCatalogIsValid fails when any embedded hunt is invalid, and
// pins the hunts of docs/HUNTS.md with their ATT&CK ids.
func TestBuiltinCatalogIsValid(t *testing.T) {
	cat := builtin(t)
	want := map[string][]string{
		"aws-new-db-snapshots":  {"T1578.001"},
		"aws-listbuckets":       {"T1526"},
		"aws-createbucket":      {"T1526"},
		"aws-describeinstances": {"T1526"},
		"aws-stoplogging":       {"T1562.008"},
		"aws-deletetrail":       {"T1562.008"},
		"aws-updatetrail":       {"T1562.008"},
		"aws-keyid-activity":    {},
		"aws-ssh-bruteforce":    {"T1110"},
		"aws-nonstandard-port":  {"T1571"},
		"aws-scanning-recon":    {"T1595", "T1590"},
		"aws-egress-rejection":  {},
		"aws-top-talkers":       {},

		"aws-financial-theft":            {"T1657"},
		"aws-potential-pii":              {},
		"aws-compute-modification":       {"T1578"},
		"aws-nonstandard-port-listening": {"T1571"},
		"aws-inspector-reachability":     {"T1571"},
		"aws-crypto-miner":               {"T1496"},
		"aws-deployed-containers":        {"T1610"},
		"aws-web-fuzzing":                {"T1190"},
		"aws-container-credentials":      {"T1552.007"},
		"aws-user-agents":                {},
		"aws-imds-v1":                    {"T1552.005"},
		"aws-guardduty-ssh-bruteforce":   {"T1110"},

		"az-suspicious-cloud-accounts": {"T1078.004"},
		"az-inventory-roles":           {},
		"az-user-groups":               {"T1078.002"},
		"az-spam-messages":             {"T1566"},
		"az-vuln-vms":                  {},
		"az-vuln-containers":           {},
		"az-file-retrieval":            {},
		"az-file-creation":             {},
		"az-deployed-containers":       {"T1610"},
		"az-instance-creation":         {"T1578.002"},
		"az-instance-deletion":         {"T1578.003"},
		"az-instance-updates":          {"T1578"},
		"az-reverse-shell":             {"T1059"},
		"az-data-exfiltration":         {"T1530"},
		"az-data-staging":              {"T1074.002"},
		"az-command-execution":         {"T1059"},
		"az-managed-identity-usage":    {"T1552.005"},
		"az-ssh-bruteforce":            {"T1110"},
		"az-signin-activity":           {"T1078.004", "T1110.001"},
		"az-failed-password":           {"T1110.001"},
		"az-network-scanning":          {"T1046"},
		"az-network-flows":             {},
		"az-suspicious-email":          {"T1566"},
		"az-database-scanning":         {"T1190"},
		"az-c2-traffic":                {"T1571"},
	}
	hunts := cat.Hunts()
	if len(hunts) != len(want) {
		t.Errorf("catalog has %d hunts, want %d", len(hunts), len(want))
	}
	for _, h := range hunts {
		attack, ok := want[h.ID]
		if !ok {
			t.Errorf("unexpected hunt %s", h.ID)
			continue
		}
		if !slices.Equal(h.Attack, attack) {
			t.Errorf("%s: attack %v, want %v", h.ID, h.Attack, attack)
		}
	}
	// By cloud, then host hunts before network hunts, as in the playbook.
	var order []string
	for _, h := range hunts {
		order = append(order, h.Cloud+" "+h.Area)
	}
	if !slices.IsSorted(order) {
		t.Errorf("catalog order: %v", order)
	}
	// The console-only hunts are exactly those the playbook can only do in
	// a web console, with no export of what the console shows.
	var console []string
	for _, h := range hunts {
		if h.ConsoleOnly() {
			console = append(console, h.ID)
		}
	}
	if want := []string{"az-vuln-containers"}; !slices.Equal(console, want) {
		t.Errorf("console-only hunts %v, want %v", console, want)
	}
}

func TestBuiltinDefaultsAreTyped(t *testing.T) {
	h := builtin(t).Hunt("aws-nonstandard-port")
	ports, ok := h.Param("standard_ports").Default.([]int64)
	if !ok || !slices.Contains(ports, 443) {
		t.Errorf("standard_ports default = %#v", h.Param("standard_ports").Default)
	}
	if got := h.Param("max_port").Default; got != int64(32768) {
		t.Errorf("max_port default = %#v", got)
	}
	h = builtin(t).Hunt("aws-listbuckets")
	if got := h.Param("session_prefix").Default; got != "i-" {
		t.Errorf("session_prefix default = %#v", got)
	}
}

// goodHunt is a valid hunt file that tests break one line at a time.
const goodHunt = `id: aws-test
title: Test Hunt
attack: [T1562.008]
cloud: aws
area: host
severity: low
description: A hunt for tests.
sources: [cloudtrail]
key: [eventID]
params:
  - name: who
    type: string
    default: "alice"
    description: the user
detection:
  lang: sql
  query: |
    SELECT eventID FROM cloudtrail
    WHERE Username = $who AND eventTime BETWEEN $since AND $until
procedures:
  - kind: console
    text: Look at it.
`

func loadOne(text string) error {
	fsys := fstest.MapFS{"aws/aws-test.yaml": {Data: []byte(text)}}
	_, err := Load(fsys, testTables())
	return err
}

func TestLoadAcceptsGoodHunt(t *testing.T) {
	if err := loadOne(goodHunt); err != nil {
		t.Fatal(err)
	}
}

func TestLoadRejectsBadHunts(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"no title", "title: Test Hunt\n", "", "title is required"},
		{"unknown field", "severity: low\n", "severity: low\nseverty: low\n", "field severty not found"},
		{"bad severity", "severity: low", "severity: dire", `severity "dire"`},
		{"bad area", "area: host", "area: cloud", `area "cloud"`},
		{"bad attack", "[T1562.008]", "[T15]", `attack "T15"`},
		{"unknown source", "sources: [cloudtrail]", "sources: [NoSuchLogs]", `source "NoSuchLogs" is not a case table`},
		{"no key", "key: [eventID]\n", "", "key: name the columns"},
		{"undeclared param", "Username = $who", "Username = $whom", "uses $whom, which is not a declared param"},
		{"unused param", "Username = $who AND ", "", "never uses $who"},
		{"no window", "AND eventTime BETWEEN $since AND $until", "", "never uses $since"},
		{"since declared", "name: who", "name: since", `param "since" is given to every hunt`},
		{"string default not a string", `default: "alice"`, "default: 22", "want a str"},
		{"int default not an int", "type: string\n    default: \"alice\"", "type: int\n    default: \"alice\"", "want a int"},
		{"list default not a list", "type: string\n    default: \"alice\"", "type: strings\n    default: \"alice\"", "want a list"},
		{"unknown type", "type: string", "type: text", `unknown type "text"`},
		{"list used without cast", "type: string\n    default: \"alice\"", "type: strings\n    default: [alice]", "write the list param as $who::VARCHAR[]"},
		{"bad kind", "kind: console", "kind: gui", `kind "gui"`},
		{"cli without commands", "kind: console", "kind: cli", "needs its commands"},
		{"file not named after id", "id: aws-test", "id: aws-other", "file should be aws/aws-other.yaml"},
		{"unknown lang", "lang: sql", "lang: spl", `detection.lang "spl": want sql, kql or console`},
		{"real default not a number", "type: string\n    default: \"alice\"", "type: real\n    default: \"alice\"", "want a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(goodHunt, tt.old, tt.new, 1)
			if text == goodHunt {
				t.Fatalf("test does not change the hunt: %q not found", tt.old)
			}
			err := loadOne(text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadRejectsDuplicateIDsAndParamTypes(t *testing.T) {
	other := strings.NewReplacer("type: string", "type: int", `default: "alice"`, "default: 3").Replace(goodHunt)
	fsys := fstest.MapFS{
		"aws/aws-test.yaml":      {Data: []byte(goodHunt)},
		"more/aws/aws-test.yaml": {Data: []byte(other)},
	}
	_, err := Load(fsys, testTables())
	for _, want := range []string{"id aws-test is already used", "param who is of type int here but string"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want one containing %q", err, want)
		}
	}
}

func TestParamUses(t *testing.T) {
	q := `SELECT raw->>'$.requestParameters.name', "$odd" -- $comment
	/* $block */ FROM t WHERE a = $one AND b = ANY($two::varchar[]) AND c = $one AND d = $three :: BIGINT[]`
	got := paramUses(q)
	want := []paramUse{{"one", ""}, {"two", "VARCHAR[]"}, {"one", ""}, {"three", "BIGINT[]"}}
	if !slices.Equal(got, want) {
		t.Errorf("paramUses = %v, want %v", got, want)
	}
	if got := queryParams(q); !slices.Equal(got, []string{"one", "two", "three"}) {
		t.Errorf("queryParams = %v", got)
	}
}

func TestSelect(t *testing.T) {
	cat := builtin(t)
	tests := []struct {
		name   string
		filter Filter
		want   []string
	}{
		{"exact id", Filter{IDs: []string{"aws-stoplogging"}}, []string{"aws-stoplogging"}},
		{"glob", Filter{IDs: []string{"aws-*trail"}}, []string{"aws-deletetrail", "aws-updatetrail"}},
		{"several ids keep catalog order", Filter{IDs: []string{"aws-top-talkers", "aws-listbuckets"}}, []string{"aws-listbuckets", "aws-top-talkers"}},
		{"technique with sub-techniques", Filter{Attack: []string{"T1562"}}, []string{"aws-deletetrail", "aws-stoplogging", "aws-updatetrail"}},
		{"sub-technique", Filter{Attack: []string{"t1562.008"}}, []string{"aws-deletetrail", "aws-stoplogging", "aws-updatetrail"}},
		{"second technique of a hunt", Filter{Attack: []string{"T1590"}}, []string{"aws-scanning-recon"}},
		{"area", Filter{Clouds: []string{"aws"}, Areas: []string{"network"}}, []string{
			"aws-container-credentials", "aws-egress-rejection", "aws-guardduty-ssh-bruteforce", "aws-imds-v1",
			"aws-inspector-reachability", "aws-nonstandard-port", "aws-scanning-recon", "aws-ssh-bruteforce",
			"aws-top-talkers", "aws-user-agents", "aws-web-fuzzing"}},
		{"fields combine", Filter{Clouds: []string{"aws"}, Areas: []string{"host"}, Attack: []string{"T1526"}}, []string{"aws-createbucket", "aws-describeinstances", "aws-listbuckets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hunts, err := cat.Select(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hunts {
				got = append(got, h.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if all, _ := cat.Select(Filter{}); len(all) != 50 {
		t.Errorf("no filter selects %d hunts", len(all))
	}
}

func TestSelectErrors(t *testing.T) {
	cat := builtin(t)
	tests := []struct {
		name   string
		filter Filter
		want   string
	}{
		{"unknown id", Filter{IDs: []string{"aws-stoplogging", "aws-stoplog"}}, `no hunt "aws-stoplog"`},
		{"T1562.008 does not match T1562", Filter{Attack: []string{"T1562.001"}}, "no hunt matches --attack T1562.001"},
		{"bad technique", Filter{Attack: []string{"1562"}}, "not an ATT&CK technique id"},
		{"unknown area", Filter{Areas: []string{"cloud"}}, `unknown area "cloud"`},
		{"unknown cloud", Filter{Clouds: []string{"oci"}}, `unknown cloud "oci"`},
		{"bad glob", Filter{IDs: []string{"aws-["}}, "bad hunt pattern"},
		{"nothing left", Filter{Areas: []string{"network"}, Attack: []string{"T1526"}}, "no hunt matches --attack T1526 --area network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cat.Select(tt.filter)
			var fe *FilterError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want a FilterError containing %q", err, tt.want)
			}
		})
	}
}
