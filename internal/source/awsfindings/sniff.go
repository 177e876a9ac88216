package awsfindings

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Sniffing reads the head of a file as JSON tokens (the head may end
// anywhere; reading stops quietly there) and looks at the first item: the
// first element of a wrapped or bare array, or the first object.

// head is what sniffing learnt of a file's start.
type head struct {
	keys      map[string]bool   // the first item's keys, as far as the head goes
	strs      map[string]string // its string members
	topArrays map[string]bool   // members of the top-level object holding arrays
}

// wrapperNames are the members the CLIs wrap findings in.
var wrapperNames = map[string]bool{"Findings": true, "findings": true}

// readHead reads the head up to the first item's keys.
func readHead(b []byte) head {
	h := head{keys: map[string]bool{}, strs: map[string]string{}, topArrays: map[string]bool{}}
	dec := json.NewDecoder(bytes.NewReader(b[skipBOM(b):]))
	tok, err := dec.Token()
	if err != nil {
		return h
	}
	switch tok {
	case json.Delim('['):
		if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
			readItem(dec, h)
		}
	case json.Delim('{'):
		readMembers(dec, func(key string, tok json.Token) bool {
			if tok == json.Delim('[') {
				h.topArrays[key] = true
				if wrapperNames[key] {
					// The items are wrapped: the first element is the item.
					clear(h.keys)
					clear(h.strs)
					if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
						readItem(dec, h)
					}
					return true
				}
			}
			h.keys[key] = true
			if s, ok := tok.(string); ok {
				h.strs[key] = s
			}
			return false
		})
	}
	return h
}

// readItem reads the keys of the object whose '{' was just read.
func readItem(dec *json.Decoder, h head) {
	readMembers(dec, func(key string, tok json.Token) bool {
		h.keys[key] = true
		if s, ok := tok.(string); ok {
			h.strs[key] = s
		}
		return false
	})
}

// readMembers calls visit with each member's key and the first token of
// its value; unless visit returns true (stop), the rest of the value is
// skipped. It stops at the object's end, the head's end, or bad JSON.
func readMembers(dec *json.Decoder, visit func(key string, tok json.Token) (stop bool)) {
	for {
		kt, err := dec.Token()
		if err != nil {
			return
		}
		key, ok := kt.(string)
		if !ok {
			return // '}'
		}
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if visit(key, tok) {
			return
		}
		if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
			for depth := 1; depth > 0; {
				t, err := dec.Token()
				if err != nil {
					return
				}
				switch t {
				case json.Delim('{'), json.Delim('['):
					depth++
				case json.Delim('}'), json.Delim(']'):
					depth--
				}
			}
		}
	}
}

// count is how many of names are keys.
func (h head) count(names ...string) int {
	n := 0
	for _, name := range names {
		if h.keys[name] {
			n++
		}
	}
	return n
}

// classify names the format of a head, or "" when none of this package's.
func classify(b []byte) string {
	h := readHead(b)
	if len(h.keys) == 0 {
		return ""
	}
	if _, ok := h.strs["detail-type"]; ok {
		switch h.strs["detail-type"] + "|" + h.strs["source"] {
		case "GuardDuty Finding|aws.guardduty":
			return "guardduty-eventbridge"
		case "Macie Finding|aws.macie":
			return "macie-findings"
		case "Inspector2 Finding|aws.inspector2":
			return "inspector2-findings"
		}
		return ""
	}
	switch {
	case isGuardDuty(h, "AccountId", "Arn", "CreatedAt", "Id", "Partition", "Region", "Resource",
		"SchemaVersion", "Service", "Severity", "Title", "Type", "UpdatedAt"):
		// Security Hub's ASFF findings are PascalCase too.
		if h.count("ProductArn", "Types", "AwsAccountId", "GeneratorId") == 0 {
			return "guardduty-findings"
		}
	case isMacie(h):
		return "macie-findings"
	case isInspector(h):
		return "inspector2-findings"
	case isGuardDuty(h, "accountId", "arn", "createdAt", "id", "partition", "region", "resource",
		"schemaVersion", "service", "severity", "title", "type", "updatedAt"):
		return "guardduty-export"
	case h.keys["auditTimestamp"] && h.count("resourceArn", "dataIdentifiers") > 0:
		return "cwl-data-protection-audit"
	}
	return ""
}

// isGuardDuty: the ARN says so, or enough of a finding's keys (in one
// case spelling: names[6], names[8] are Resource and Service).
func isGuardDuty(h head, names ...string) bool {
	if strings.Contains(h.strs[names[1]], ":guardduty:") {
		return true
	}
	return h.count(names...) >= 3 && h.count(names[6], names[8]) > 0
}

// isMacie: Macie's own members, or its category values.
func isMacie(h head) bool {
	if h.count("classificationDetails", "resourcesAffected", "policyDetails") > 0 {
		return true
	}
	c := h.strs["category"]
	return (c == "CLASSIFICATION" || c == "POLICY") && h.count("severity", "schemaVersion", "sample") > 0
}

// isInspector: the ARN says so, or Inspector's own members.
func isInspector(h head) bool {
	if strings.Contains(h.strs["findingArn"], ":inspector2:") {
		return true
	}
	return h.keys["awsAccountId"] && h.count("findingArn", "packageVulnerabilityDetails",
		"networkReachabilityDetails", "codeVulnerabilityDetails", "inspectorScore",
		"firstObservedAt", "exploitAvailable", "fixAvailable") > 0
}

// listOnly reports whether the head is a top-level object with member name
// holding an array: list-findings and list-detectors output.
func listOnly(name string) func(path string, b []byte) bool {
	return func(_ string, b []byte) bool {
		h := readHead(b)
		return h.topArrays[name]
	}
}
