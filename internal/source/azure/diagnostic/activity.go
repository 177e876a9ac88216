package diagnostic

import (
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// Claims naming the caller, in the order Log Analytics prefers them for
// AzureActivity.Caller: the user's UPN, else the object id of the service
// principal or managed identity.
const (
	claimUPN      = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
	claimObjectID = "http://schemas.microsoft.com/identity/claims/objectidentifier"
)

// activityFromDiagnostic maps an activity log record exported by a
// diagnostic setting (insights-activity-logs) onto AzureActivity.
func activityFromDiagnostic(rec object) *row {
	r := newRow(azure.AzureActivity, "time")
	identity := rec.obj("identity")
	claims := identity.obj("claims")
	r.set("TimeGenerated", rec.get("time"))
	r.set("OperationNameValue", rec.get("operationName"))
	r.set("OperationName", rec.get("operationName"))
	category := activityCategory(rec.str("category"))
	r.setText("CategoryValue", category)
	r.setText("Category", category)
	r.set("ActivityStatusValue", rec.get("resultType"))
	r.set("ActivityStatus", rec.get("resultType"))
	r.setText("ActivitySubstatusValue", rec.str("properties", "statusCode"))
	r.setText("ActivitySubstatus", rec.str("properties", "statusCode"))
	r.setText("Caller", firstText(claims.str(claimUPN), claims.str(claimObjectID), rec.str("caller")))
	r.set("CallerIpAddress", rec.get("callerIpAddress"))
	r.set("Authorization", identity.get("authorization"))
	r.set("Authorization_d", identity.get("authorization"))
	r.set("Claims", identity.get("claims"))
	r.set("Claims_d", identity.get("claims"))
	r.set("CorrelationId", rec.get("correlationId"))
	r.setText("Level", activityLevel(rec.str("level")))
	r.set("Properties", rec.get("properties"))
	r.set("Properties_d", rec.get("properties"))
	r.setText("Hierarchy", rec.str("properties", "hierarchy"))
	r.setText("SourceSystem", "Azure")
	setResource(r, rec.str("resourceId"), "", "")
	return r
}

// activityFromEventData maps one EventData of `az monitor activity-log
// list` onto AzureActivity.
func activityFromEventData(e object) *row {
	r := newRow(azure.AzureActivity, "eventTimestamp")
	claims := e.obj("claims")
	r.set("TimeGenerated", e.get("eventTimestamp"))
	r.set("EventSubmissionTimestamp", e.get("submissionTimestamp"))
	r.setText("OperationNameValue", value(e, "operationName"))
	r.setText("OperationName", localized(e, "operationName"))
	r.setText("CategoryValue", value(e, "category"))
	r.setText("Category", localized(e, "category"))
	r.setText("ActivityStatusValue", value(e, "status"))
	r.setText("ActivityStatus", localized(e, "status"))
	r.setText("ActivitySubstatusValue", value(e, "subStatus"))
	r.setText("ActivitySubstatus", localized(e, "subStatus"))
	r.setText("Caller", firstText(e.str("caller"), claims.str(claimUPN), claims.str(claimObjectID)))
	r.setText("CallerIpAddress", firstText(e.str("httpRequest", "clientIpAddress"), claims.str("ipaddr")))
	r.set("Authorization", e.get("authorization"))
	r.set("Authorization_d", e.get("authorization"))
	r.set("Claims", e.get("claims"))
	r.set("Claims_d", e.get("claims"))
	r.set("HTTPRequest", e.get("httpRequest"))
	r.set("CorrelationId", e.get("correlationId"))
	r.set("EventDataId", e.get("eventDataId"))
	r.set("OperationId", e.get("operationId"))
	r.setText("Level", e.str("level"))
	r.set("Properties", e.get("properties"))
	r.set("Properties_d", e.get("properties"))
	r.setText("ResourceProviderValue", value(e, "resourceProviderName"))
	r.setText("ResourceProvider", localized(e, "resourceProviderName"))
	r.setText("SourceSystem", "Azure")
	setResource(r, e.str("resourceId"), e.str("subscriptionId"), e.str("resourceGroupName"))
	return r
}

// setResource fills the AzureActivity columns derived from the resource
// id; sub and group, when given, win over what the id says.
func setResource(r *row, id, sub, group string) {
	rid := parseResourceID(id)
	r.setText("ResourceId", id)
	r.setText("_ResourceId", strings.ToLower(id))
	r.setText("SubscriptionId", firstText(sub, rid.subscription))
	r.setText("_SubscriptionId", firstText(sub, rid.subscription))
	r.setText("ResourceGroup", firstText(group, rid.resourceGroup))
	r.setIfEmpty("ResourceProviderValue", text(rid.provider))
	if rid.resourceGroup != "" || rid.provider != "" {
		r.setText("Resource", rid.name)
	}
}

// value is the machine value of an EventData field, which az prints as
// {"value","localizedValue"} (or, cut down by --query, as a plain string).
func value(o object, key string) string {
	return firstText(o.str(key, "value"), o.str(key))
}

// localized is the display text of such a field.
func localized(o object, key string) string {
	return firstText(o.str(key, "localizedValue"), value(o, key))
}

// activityCategory is the Log Analytics CategoryValue of a diagnostic
// category: older exports split Administrative into Write, Delete and
// Action.
func activityCategory(c string) string {
	switch strings.ToLower(c) {
	case "write", "delete", "action":
		return "Administrative"
	}
	return c
}

// activityLevel is the Log Analytics Level of an export's level: exports
// write "Information" where the table says "Informational".
func activityLevel(l string) string {
	if strings.EqualFold(l, "Information") {
		return "Informational"
	}
	return l
}
