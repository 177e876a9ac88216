package diagnostic

import (
	"bytes"
	"encoding/json"
	"strings"
)

// headShape is what sniffing learns from the head of a file, which may
// end anywhere: whether it is an array or an object, the top object's
// member names, and the member names and string values of the first
// record (the first element of a top-level array, or of the top object's
// "records" or "value" array, or the top object itself).
type headShape struct {
	array   bool
	top     map[string]string // the top object's members (string values; "" for others)
	wrapper string            // "records" or "value" when the first record came from one
	first   map[string]string // the first record's members, likewise
}

// shapeOf walks the head with a token decoder; it stops quietly where the
// head ends or stops being JSON.
func shapeOf(head []byte) headShape {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	var sh headShape
	dec := json.NewDecoder(bytes.NewReader(head))
	tok, err := dec.Token()
	if err != nil {
		return sh
	}
	switch tok {
	case json.Delim('['):
		sh.array = true
		if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
			sh.first = members(dec, nil)
		}
	case json.Delim('{'):
		sh.top = members(dec, func(key string) bool {
			if key != "records" && key != "value" {
				return false
			}
			if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
				return true
			}
			if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
				sh.wrapper = key
				sh.first = members(dec, nil)
			}
			return true
		})
		if sh.wrapper == "" {
			sh.first = sh.top
		}
	}
	return sh
}

// members reads the members of the object whose '{' was read, recording
// each name with its value when a string. dive, when it returns true for
// a name, has taken over the walk (and the walk stops there).
func members(dec *json.Decoder, dive func(key string) bool) map[string]string {
	m := map[string]string{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return m
		}
		key, _ := tok.(string)
		m[key] = ""
		if dive != nil && dive(key) {
			return m
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return m
		}
		m[key] = scalarText(v)
	}
	return m
}

func (sh headShape) firstHas(keys ...string) bool {
	for _, k := range keys {
		if _, ok := sh.first[k]; !ok {
			return false
		}
	}
	return true
}

// flowCategories are diagnostic categories another package reads (NSG
// and VNet flow logs).
var flowCategories = map[string]bool{"networksecuritygroupflowevent": true, "flowlogflowevent": true}

// sniffDiagnostic claims {"records":[{…"category"…}]} and JSON lines whose
// first record has a category and a time, as diagnostic settings write.
func sniffDiagnostic(head []byte) bool {
	sh := shapeOf(head)
	if sh.wrapper == "value" || flowCategories[strings.ToLower(sh.first["category"])] {
		return false
	}
	if !sh.firstHas("category") {
		return false
	}
	if sh.wrapper == "records" {
		return sh.firstHas("time") || sh.firstHas("resourceId") || sh.firstHas("operationName")
	}
	// A bare record (or an array of them): insist on the common schema's
	// required members, so other JSON with a "category" is left alone.
	return sh.firstHas("time", "operationName") || sh.firstHas("time", "resourceId")
}

// sniffGraph claims Microsoft Graph auditLogs pages.
func sniffGraph(head []byte) bool {
	sh := shapeOf(head)
	if sh.array || sh.top == nil {
		return false
	}
	ctx := strings.ToLower(sh.top["@odata.context"])
	if strings.Contains(ctx, "auditlogs/signins") || strings.Contains(ctx, "auditlogs/directoryaudits") {
		return true
	}
	return sh.wrapper == "value" && (isGraphSignIn(sh.first) || isGraphAudit(sh.first))
}

func isGraphSignIn(m map[string]string) bool {
	_, created := m["createdDateTime"]
	_, upn := m["userPrincipalName"]
	_, app := m["appDisplayName"]
	return created && (upn || app)
}

func isGraphAudit(m map[string]string) bool {
	_, at := m["activityDateTime"]
	_, name := m["activityDisplayName"]
	return at && name
}

// sniffActivityLog claims `az monitor activity-log list` output: an array
// of EventData.
func sniffActivityLog(head []byte) bool {
	sh := shapeOf(head)
	return sh.array && sh.firstHas("eventTimestamp", "operationName") &&
		(sh.firstHas("authorization") || sh.firstHas("caller") || sh.firstHas("eventDataId"))
}

// sniffRoleAssignments claims `az role assignment list` output.
func sniffRoleAssignments(head []byte) bool {
	sh := shapeOf(head)
	if !sh.array {
		return false
	}
	if sh.firstHas("principalId", "roleDefinitionName") || sh.firstHas("principalId", "roleDefinitionId", "scope") {
		return true
	}
	return strings.EqualFold(sh.first["type"], "Microsoft.Authorization/roleAssignments")
}

// sniffSecurityAlerts claims `az security alert list` output.
func sniffSecurityAlerts(head []byte) bool {
	sh := shapeOf(head)
	if !sh.array {
		return false
	}
	if sh.firstHas("alertDisplayName") || strings.EqualFold(sh.first["type"], "Microsoft.Security/Locations/alerts") {
		return true
	}
	// The current shape nests alertDisplayName under properties, and az
	// sorts "type" last: look for both names in the head itself.
	return sh.firstHas("properties") && bytes.Contains(head, []byte(`"alertDisplayName"`)) &&
		bytes.Contains(bytes.ToLower(head), []byte("microsoft.security/locations/"))
}
