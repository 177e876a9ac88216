package diagnostic

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// alert maps one Defender for Cloud alert of `az security alert list`
// onto SecurityAlert. The current API nests the alert under "properties"
// (alertDisplayName, severity, startTimeUtc, intent …); the older one,
// flattened by az, has it at the top (alertDisplayName, reportedSeverity,
// detectedTimeUtc …). Both are read.
func alert(o object) *row {
	p := o.obj("properties")
	get := func(keys ...string) json.RawMessage {
		for _, k := range keys {
			if v := firstRaw(p.get(k), o.get(k)); v != nil {
				return v
			}
		}
		return nil
	}
	str := func(keys ...string) string { return scalarText(get(keys...)) }

	r := newRow(azure.SecurityAlert, "timeGeneratedUtc")
	r.set("TimeGenerated", get("timeGeneratedUtc", "reportedTimeUtc", "startTimeUtc", "detectedTimeUtc"))
	r.set("StartTime", get("startTimeUtc", "detectedTimeUtc"))
	r.set("EndTime", get("endTimeUtc", "detectedTimeUtc"))
	r.set("ProcessingEndTime", get("processingEndTimeUtc"))
	r.set("DisplayName", get("alertDisplayName"))
	r.set("AlertName", get("alertDisplayName", "alertName"))
	r.set("AlertType", get("alertType", "alertName"))
	r.set("AlertSeverity", get("severity", "reportedSeverity"))
	r.set("Description", get("description"))
	r.set("CompromisedEntity", get("compromisedEntity"))
	r.setText("Entities", entitiesText(get("entities")))
	r.set("ExtendedProperties", get("extendedProperties"))
	r.set("ExtendedLinks", get("extendedLinks"))
	r.set("RemediationSteps", get("remediationSteps"))
	r.set("IsIncident", get("isIncident"))
	r.set("Status", get("status", "state"))
	r.set("SystemAlertId", get("systemAlertId", "name"))
	r.set("AlertLink", get("alertUri"))
	r.set("Tactics", get("intent"))
	r.set("Techniques", get("techniques"))
	r.set("SubTechniques", get("subTechniques"))
	r.set("ConfidenceScore", get("confidenceScore"))
	r.set("ProductComponentName", get("productComponentName"))
	// Defender for Cloud alerts reach Log Analytics with these names.
	r.setText("ProviderName", "ASI")
	r.setText("ProductName", firstText(str("productName"), "Azure Security Center"))
	r.setText("VendorName", firstText(str("vendorName"), "Microsoft"))
	r.setText("ResourceId", firstText(alertResource(get("resourceIdentifiers")), str("associatedResource")))
	rid := parseResourceID(o.str("id"))
	r.setText("WorkspaceSubscriptionId", rid.subscription)
	r.setText("WorkspaceResourceGroup", rid.resourceGroup)
	return r
}

// alertResource is the first Azure resource id among an alert's
// resourceIdentifiers.
func alertResource(raw json.RawMessage) string {
	var ids []object
	if json.Unmarshal(raw, &ids) != nil {
		return ""
	}
	for _, id := range ids {
		if s := id.str("azureResourceId"); s != "" {
			return s
		}
	}
	return ""
}

// entitiesText is an alert's entities as the JSON text SecurityAlert
// holds, in the spelling Log Analytics gives the entities' own keys
// ("Address", "HostName", "Type"), which the playbook's string splitting
// relies on; the API writes them in camelCase. Member order and values
// are kept as they are.
func entitiesText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var elems []json.RawMessage
	if json.Unmarshal(raw, &elems) != nil {
		return compact(raw)
	}
	var b bytes.Buffer
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		writeEntity(&b, e)
	}
	b.WriteByte(']')
	return b.String()
}

// writeEntity writes one entity with its top-level keys capitalised.
func writeEntity(b *bytes.Buffer, e json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(e))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		b.WriteString(compact(e))
		return
	}
	b.WriteByte('{')
	for i := 0; dec.More(); i++ {
		tok, err := dec.Token()
		key, _ := tok.(string)
		var v json.RawMessage
		if err == nil {
			err = dec.Decode(&v)
		}
		if err != nil {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(upperFirst(key))
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(compact(v))
	}
	b.WriteByte('}')
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return strings.ToUpper(s[:n]) + s[n:]
}
