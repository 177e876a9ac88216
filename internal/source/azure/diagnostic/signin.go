package diagnostic

import (
	"bytes"
	"encoding/json"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// signIn maps an Entra ID sign-in onto SigninLogs or
// AADManagedIdentitySignInLogs. top is the diagnostic record (empty for
// Microsoft Graph) and p the sign-in itself: the record's properties, or
// the Graph signIn object. Both use the same lowerCamelCase names, which
// match the Log Analytics columns but for the few set here.
func signIn(t *source.Table, top, p object, timeFrom string) *row {
	r := newRow(t, timeFrom)
	r.set("TimeGenerated", firstRaw(top.get("time"), p.get("createdDateTime")))
	r.setText("OperationName", firstText(top.str("operationName"), "Sign-in activity"))
	r.set("OperationVersion", top.get("operationVersion"))
	r.setText("Category", firstText(top.str("category"), defaultCategory(t)))
	// ResultType is the error code as text: "0" is a success.
	r.setText("ResultType", firstText(p.str("status", "errorCode"), top.str("resultType")))
	r.setText("ResultSignature", top.str("resultSignature"))
	r.setText("ResultDescription", firstText(top.str("resultDescription"), p.str("status", "failureReason")))
	r.set("DurationMs", top.get("durationMs"))
	r.set("CorrelationId", firstRaw(top.get("correlationId"), p.get("correlationId")))
	r.setText("Level", top.str("Level"))
	r.setText("Identity", firstText(top.str("identity"), p.str("userDisplayName"), p.str("servicePrincipalName")))
	// properties.location is the geolocation; Location is its country.
	r.setText("Location", firstText(top.str("location"), p.str("location", "countryOrRegion")))
	r.set("LocationDetails", p.get("location"))
	// properties.resourceId is the app signed in to, not the Azure resource.
	r.set("ResourceIdentity", p.get("resourceId"))
	r.set("ConditionalAccessPolicies", p.get("appliedConditionalAccessPolicies"))
	if t == azure.SigninLogs {
		r.set("CreatedDateTime", p.get("createdDateTime"))
		r.set("ResourceId", top.get("resourceId"))
		r.setText("AADTenantId", top.str("tenantId"))
		r.setText("SourceSystem", "Azure AD")
	}
	r.fill(p)
	return r
}

func defaultCategory(t *source.Table) string {
	if t == azure.AADManagedIdentitySignInLogs {
		return "ManagedIdentitySignInLogs"
	}
	return "SignInLogs"
}

// audit maps an Entra ID directory audit onto AuditLogs; top and p as for
// signIn.
func audit(top, p object, timeFrom string) *row {
	r := newRow(azure.AuditLogs, timeFrom)
	r.set("TimeGenerated", firstRaw(top.get("time"), p.get("activityDateTime")))
	r.setText("OperationName", firstText(top.str("operationName"), p.str("activityDisplayName")))
	r.set("OperationVersion", top.get("operationVersion"))
	r.setText("AADOperationType", p.str("operationType"))
	r.setText("AADTenantId", top.str("tenantId"))
	r.setText("Category", p.str("category"))
	r.set("CorrelationId", firstRaw(p.get("correlationId"), top.get("correlationId")))
	r.setText("ResultSignature", top.str("resultSignature"))
	r.setText("ResultType", top.str("resultType"))
	r.setText("ResultDescription", top.str("resultDescription"))
	r.set("DurationMs", top.get("durationMs"))
	r.setText("Level", top.str("level"))
	r.setText("Location", top.str("location"))
	r.setText("ResourceId", top.str("resourceId"))
	by := p.obj("initiatedBy")
	r.setText("Identity", firstText(top.str("identity"), by.str("user", "displayName"), by.str("user", "userPrincipalName"), by.str("app", "displayName")))
	r.setText("SourceSystem", "Azure AD")
	r.fill(p)
	return r
}

// firstRaw returns the first value that is present and not null.
func firstRaw(candidates ...json.RawMessage) json.RawMessage {
	for _, c := range candidates {
		if t := bytes.TrimSpace(c); len(t) > 0 && string(t) != "null" {
			return c
		}
	}
	return nil
}
