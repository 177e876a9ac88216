package diagnostic

import (
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// storageTables are the storage resource log tables by service.
var storageTables = map[string]*source.Table{
	"blob":  azure.StorageBlobLogs,
	"file":  azure.StorageFileLogs,
	"table": azure.StorageTableLogs,
	"queue": azure.StorageQueueLogs,
}

// storage maps a StorageRead/StorageWrite/StorageDelete record onto its
// service's table t. Top-level members (operationName, statusCode,
// callerIpAddress, uri …) and properties (accountName, userAgentHeader,
// responseBodySize …) carry the column names in lowerCamelCase; identity
// carries the authentication.
func storage(t *source.Table, rec object) *row {
	r := newRow(t, "time")
	identity := rec.obj("identity")
	requester := identity.obj("requester")
	p := rec.obj("properties")
	id := rec.str("resourceId")
	r.set("TimeGenerated", rec.get("time"))
	r.setText("_ResourceId", strings.ToLower(id))
	r.setText("_SubscriptionId", parseResourceID(id).subscription)
	r.setText("AuthenticationType", identity.str("type"))
	r.setText("AuthenticationHash", identity.str("tokenHash"))
	r.set("AuthorizationDetails", identity.get("authorization"))
	r.set("RequesterAppId", requester.get("appId"))
	r.set("RequesterAudience", requester.get("audience"))
	r.set("RequesterObjectId", requester.get("objectId"))
	r.set("RequesterTenantId", requester.get("tenantId"))
	r.set("RequesterTokenIssuer", requester.get("tokenIssuer"))
	r.set("RequesterUpn", requester.get("upn"))
	if t == azure.StorageFileLogs {
		r.set("RequesterUserName", requester.get("userName"))
	}
	r.set("ResponseMd5", p.get("serverMd5"))
	r.setText("ServiceType", firstText(p.str("serviceType"), storageService(id)))
	r.setText("SourceSystem", "Azure")
	r.fill(rec)
	r.fill(p)
	return r
}
