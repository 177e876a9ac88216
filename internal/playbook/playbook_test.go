package playbook

import (
	"os"
	"strings"
	"testing"
)

// The copy kept here is the playbook the project was given, unchanged.
func TestCopyMatchesShared(t *testing.T) {
	shared, err := os.ReadFile("../../../shared/playbook/CloudThreatHunting.md")
	if err != nil {
		t.Logf("no shared playbook next to the repository (%v): checking the embedded copy only", err)
		return
	}
	if string(shared) != Text {
		t.Fatal("internal/playbook/CloudThreatHunting.md differs from ../shared/playbook/CloudThreatHunting.md: copy it again")
	}
}

func TestParse(t *testing.T) {
	hunts := Parse(Text)
	count := map[string]int{}
	queries := map[string]int{}
	commands := 0
	for _, h := range hunts {
		count[h.Cloud]++
		for _, p := range h.Procedures {
			for _, q := range p.Queries {
				queries[q.Lang]++
			}
			commands += len(p.Commands)
		}
	}
	// 49 hunts: 24 AWS, 25 Azure (the issue lists the 25).
	if count["AWS"] != 24 || count["Azure"] != 25 {
		t.Errorf("hunts per cloud = %v, want AWS 24, Azure 25", count)
	}
	if queries["kql"] < 20 || queries["insights"] < 10 || queries["athena"] != 5 {
		t.Errorf("queries per language = %v", queries)
	}
	if commands < 80 {
		t.Errorf("%d commands", commands)
	}
	var first Hunt
	for _, h := range hunts {
		if h.Title == "Detect SSH Brute Force" && h.Cloud == "AWS" {
			first = h
		}
	}
	if strings.Join(first.Attack, ",") != "T1110" || first.Area != "Network" || len(first.Procedures) != 6 {
		t.Errorf("AWS SSH brute force = %+v", first)
	}
	if q := first.Procedures[0].Queries; len(q) != 1 || q[0].Lang != "insights" || !strings.HasPrefix(q[0].Text, "filter dstPort=22") {
		t.Errorf("procedure 1 queries = %+v", q)
	}
	if c := first.Procedures[5].Commands; len(c) != 3 || !strings.HasPrefix(c[0], "DETECTOR_ID=$(aws guardduty") {
		t.Errorf("procedure 6 commands = %q", c)
	}
}
