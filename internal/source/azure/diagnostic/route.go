package diagnostic

import (
	"fmt"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// activityCategories are the activity log's categories as diagnostic
// settings export them (Write, Delete and Action in older exports).
var activityCategories = map[string]bool{
	"administrative": true, "security": true, "servicehealth": true, "alert": true,
	"recommendation": true, "policy": true, "autoscale": true, "resourcehealth": true,
	"write": true, "delete": true, "action": true,
}

// route tells the table of a diagnostic record from its category (and,
// for storage logs, the service in its resource id, or else the table the
// user named). t is nil, with the reason, for records the case has no
// table for; noTable tells that the category itself has none (rather
// than the record lacking what decides it).
func route(rec object, want string) (t *source.Table, why string, noTable bool) {
	category := rec.str("category")
	switch c := strings.ToLower(category); {
	case c == "":
		return nil, "no category: cannot tell which table the record belongs to", false
	case c == "signinlogs", c == "noninteractiveusersigninlogs":
		return azure.SigninLogs, "", false
	case c == "managedidentitysigninlogs":
		return azure.AADManagedIdentitySignInLogs, "", false
	case c == "auditlogs":
		return azure.AuditLogs, "", false
	case activityCategories[c]:
		return azure.AzureActivity, "", false
	case c == "storageread", c == "storagewrite", c == "storagedelete":
		if t := storageTables[storageService(rec.str("resourceId"))]; t != nil {
			return t, "", false
		}
		for _, t := range storageTables {
			if strings.EqualFold(t.Name, want) {
				return t, "", false
			}
		}
		return nil, fmt.Sprintf("category %s: the resource id does not say blobServices, fileServices, tableServices or queueServices (name the table with --table)", category), false
	}
	return nil, fmt.Sprintf("category %s has no table in the case", clip(category, 60)), true
}

// mapDiagnostic maps a record onto table t, which route chose.
func mapDiagnostic(t *source.Table, rec object) *row {
	switch t {
	case azure.SigninLogs, azure.AADManagedIdentitySignInLogs:
		return signIn(t, rec, rec.obj("properties"), "time")
	case azure.AuditLogs:
		return audit(rec, rec.obj("properties"), "time")
	case azure.AzureActivity:
		return activityFromDiagnostic(rec)
	}
	return storage(t, rec)
}
