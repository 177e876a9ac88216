package awsfindings

import (
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// GuardDuty's API (and so `aws guardduty get-findings`) names members in
// PascalCase; EventBridge events and S3 exports carry the same tree in
// camelCase. pascalFinding converts the latter, keeping key order, so raw
// is always the CLI's shape.

// mapMembers are members whose value is a map keyed by data (feature and
// profile names), not a structure: their keys stay as they are, for the
// given number of levels.
var mapMembers = map[string]int{
	"profiles": 2, // Service.Detection.Anomaly.Profiles: map of maps
	"behavior": 2, // Service.Detection.Anomaly.Unusual.Behavior: map of maps
}

// stringMembers are members the API types as strings that some exports
// write as numbers.
var stringMembers = map[string]bool{"Asn": true}

// pascalFinding returns a copy of a camelCase finding with PascalCase keys.
func pascalFinding(v any) any { return pascal(v, 0) }

// pascal converts v; keep > 0 means v's keys (and those keep-1 levels
// below) are map keys, kept as they are.
func pascal(v any, keep int) any {
	switch v := v.(type) {
	case *jsonv.Object:
		o := jsonv.NewObject()
		for _, k := range v.Keys {
			e, _ := v.Get(k)
			if keep > 0 {
				o.Set(k, pascal(e, keep-1))
				continue
			}
			name := upperFirst(k)
			if stringMembers[name] {
				if n, ok := e.(jsonv.Number); ok {
					e = string(n)
				}
			}
			o.Set(name, pascal(e, mapMembers[strings.ToLower(k)]))
		}
		return o
	case []any:
		list := make([]any, len(v))
		for i, e := range v {
			list[i] = pascal(e, keep)
		}
		return list
	}
	return v
}

// upperFirst upper-cases the first letter: ipAddressV4 → IpAddressV4.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// isPascalFinding reports whether a GuardDuty finding already has the
// API's PascalCase keys.
func isPascalFinding(o *jsonv.Object) bool {
	for _, k := range []string{"Id", "Type", "Severity", "AccountId", "Service", "Resource"} {
		if _, ok := o.Get(k); ok {
			return true
		}
	}
	return false
}
