package diagnostic

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Records as Azure writes them, one per category, used across the tests.
const (
	recSignIn = `{"time":"2023-08-09T10:15:00.1234567Z","resourceId":"/tenants/1111aaaa-0000-0000-0000-000000000001/providers/Microsoft.aadiam","operationName":"Sign-in activity","operationVersion":"1.0","category":"SignInLogs","tenantId":"1111aaaa-0000-0000-0000-000000000001","resultType":"50126","resultSignature":"None","resultDescription":"Invalid username or password or Invalid on-premise username or password.","durationMs":0,"callerIpAddress":"203.0.113.9","correlationId":"c0ffee00-0000-0000-0000-000000000001","identity":"Alice Smith","Level":4,"location":"US","properties":{"id":"9f1e0000-0000-0000-0000-000000000001","createdDateTime":"2023-08-09T10:14:59.9+00:00","userDisplayName":"Alice Smith","userPrincipalName":"alice@contoso.com","userId":"a11ce000-0000-0000-0000-000000000001","appId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c","appDisplayName":"Azure Portal","ipAddress":"203.0.113.9","status":{"errorCode":50126,"failureReason":"Invalid username or password or Invalid on-premise username or password."},"clientAppUsed":"Browser","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)","deviceDetail":{"deviceId":"","operatingSystem":"Windows10","browser":"Chrome 115.0.0"},"location":{"city":"Ashburn","state":"Virginia","countryOrRegion":"US","geoCoordinates":{"latitude":39.04,"longitude":-77.48}},"correlationId":"c0ffee00-0000-0000-0000-000000000001","conditionalAccessStatus":"notApplied","appliedConditionalAccessPolicies":[],"authenticationDetails":[{"authenticationStepDateTime":"2023-08-09T10:14:59.9+00:00","authenticationMethod":"Password","authenticationMethodDetail":"Password in the cloud","succeeded":false,"authenticationStepResultDetail":"Invalid username or password or Invalid on-premise username or password.","authenticationStepRequirement":"Primary authentication"}],"authenticationRequirement":"singleFactorAuthentication","isInteractive":true,"tokenIssuerType":"AzureAD","processingTimeInMilliseconds":94,"riskDetail":"none","riskLevelAggregated":"none","riskLevelDuringSignIn":"none","riskState":"none","riskEventTypes_v2":[],"resourceDisplayName":"Windows Azure Service Management API","resourceId":"797f4846-ba00-4fd7-ba43-dac1f8f63013","autonomousSystemNumber":14618,"userType":"Member","flaggedForReview":false}}`

	recNonInteractive = `{"time":"2023-08-09T11:00:00Z","resourceId":"/tenants/1111aaaa-0000-0000-0000-000000000001/providers/Microsoft.aadiam","operationName":"Sign-in activity","category":"NonInteractiveUserSignInLogs","resultType":"0","identity":"Bob Jones","Level":"4","properties":{"createdDateTime":"2023-08-09T11:00:00+00:00","userPrincipalName":"bob@contoso.com","ipAddress":"198.51.100.20","status":{"errorCode":0},"isInteractive":false,"authenticationDetails":[{"authenticationMethod":"Previously satisfied","succeeded":true}],"userAgent":"python-requests/2.31"}}`

	recManagedIdentity = `{ "time": "2023-08-09T12:00:01.5Z", "resourceId": "/tenants/1111aaaa-0000-0000-0000-000000000001/providers/Microsoft.aadiam", "operationName": "Sign-in activity", "operationVersion": "1.0", "category": "ManagedIdentitySignInLogs", "tenantId": "1111aaaa-0000-0000-0000-000000000001", "resultType": "0", "resultSignature": "None", "durationMs": 0, "correlationId": "ad8c289f-a81d-4959-bacc-c5774ab9baaa", "Level": 4, "properties": {"id":"a08869a8-3b15-46e4-8de3-273849e60100","createdDateTime":"2023-08-09T12:00:01.5+00:00","appId":"b3b975ac-995b-426e-8b5d-363a165df41c","ipAddress":"","status":{"errorCode":0},"location":{"city":"","state":"","countryOrRegion":""},"conditionalAccessStatus":"notApplied","appliedConditionalAccessPolicies":[],"resourceDisplayName":"Azure Key Vault","resourceId":"cfa8b339-82a2-471a-a3c9-0fc0be7a4093","servicePrincipalName":"vm-web-01","servicePrincipalId":"9d370547-cb61-4753-be23-68534909af90","uniqueTokenIdentifier":"YTA4ODY5YTgtM2IxNS00NmU0"}}`

	recAudit = `{"time":"2023-08-09T13:30:51.0273716Z","resourceId":"/tenants/1111aaaa-0000-0000-0000-000000000001/providers/Microsoft.aadiam","operationName":"Add member to role","operationVersion":"1.0","category":"AuditLogs","tenantId":"1111aaaa-0000-0000-0000-000000000001","resultSignature":"None","durationMs":0,"callerIpAddress":"<null>","correlationId":"8a4de8b5-095c-47d0-a96f-a75130c61d53","identity":"Alice Smith","level":"Informational","properties":{"id":"Directory_ABC","category":"RoleManagement","correlationId":"8a4de8b5-095c-47d0-a96f-a75130c61d53","result":"success","resultReason":"","activityDisplayName":"Add member to role","activityDateTime":"2023-08-09T13:30:51.0273716+00:00","loggedByService":"Core Directory","operationType":"Assign","initiatedBy":{"user":{"id":"a11ce000-0000-0000-0000-000000000001","displayName":null,"userPrincipalName":"alice@contoso.com","ipAddress":"203.0.113.9"}},"targetResources":[{"id":"b0b00000-0000-0000-0000-000000000002","displayName":null,"type":"User","userPrincipalName":"bob@contoso.com","modifiedProperties":[{"displayName":"Role.DisplayName","oldValue":null,"newValue":"\"Global Administrator\""}]}],"additionalDetails":[]}}`

	recActivity = `{"time":"2023-08-09T14:42:31.3810679Z","resourceId":"/SUBSCRIPTIONS/5F0E0000-0000-0000-0000-000000000009/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-DB-01","operationName":"MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE","category":"Administrative","resultType":"Success","resultSignature":"Succeeded.OK","durationMs":"5110","callerIpAddress":"203.0.113.9","correlationId":"7d1f0000-0000-0000-0000-000000000003","identity":{"authorization":{"scope":"/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-db-01","action":"Microsoft.Compute/virtualMachines/delete","evidence":{"role":"Contributor","roleAssignmentScope":"/subscriptions/5f0e0000-0000-0000-0000-000000000009","roleAssignmentId":"3c4d0000000000000000000000000004","roleDefinitionId":"b24988ac618042a0ab8820f7382dd24c","principalId":"a11ce000000000000000000000000001","principalType":"User"}},"claims":{"aud":"https://management.core.windows.net/","ipaddr":"203.0.113.9","name":"Alice Smith","http://schemas.microsoft.com/identity/claims/objectidentifier":"a11ce000-0000-0000-0000-000000000001","http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"alice@contoso.com"}},"level":"Information","location":"global","properties":{"statusCode":"OK","serviceRequestId":null,"eventCategory":"Administrative","entity":"/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-db-01","message":"Microsoft.Compute/virtualMachines/delete","hierarchy":"1111aaaa-0000-0000-0000-000000000001/5f0e0000-0000-0000-0000-000000000009"}}`

	recBlobRead = `{"time":"2023-08-09T15:10:21.2123117Z","resourceId":"/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosodata/blobServices/default","category":"StorageRead","operationName":"GetBlob","operationVersion":"2021-08-06","schemaVersion":"1.0","statusCode":200,"statusText":"Success","durationMs":12,"callerIpAddress":"198.51.100.77:50512","correlationId":"ad881411-201e-004e-1c99-cfd67d000000","location":"eastus","protocol":"HTTPS","uri":"https://contosodata.blob.core.windows.net:443/backups/customers.bak","identity":{"type":"SAS","tokenHash":"key1(0A0D0F...),SasSignature(04D6...)"},"properties":{"accountName":"contosodata","userAgentHeader":"AzCopy/10.20.1","referrerHeader":"","clientRequestId":"e1c1d3a0","etag":"\"0x8DB9A2\"","serverLatencyMs":9,"serviceType":"blob","operationCount":0,"requestHeaderSize":590,"requestBodySize":0,"responseHeaderSize":371,"responseBodySize":524288000,"contentLengthHeader":0,"serverMd5":"3E4F","lastModifiedTime":"Tuesday, 08-Aug-23 18:27:44 GMT","tlsVersion":"TLS 1.2","objectKey":"/contosodata/backups/customers.bak","accessTier":"Hot"}}`

	recFileWrite = `{"time":"2023-08-09T15:20:00Z","resourceId":"/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosofiles/fileServices/default","category":"StorageWrite","operationName":"CreateFile","statusCode":"201","statusText":"Success","callerIpAddress":"198.51.100.77:44321","uri":"https://contosofiles.file.core.windows.net/share/ransom.txt","identity":{"type":"OAuth","requester":{"appId":"app-1","objectId":"obj-1","tenantId":"ten-1","upn":"bob@contoso.com","userName":"bob"}},"properties":{"accountName":"contosofiles","userAgentHeader":"smbclient","requestBodySize":1024,"responseBodySize":0,"smbCommandMajor":5,"smbSessionID":"0x8811"}}`

	recUnknown = `{"time":"2023-08-09T16:00:00Z","resourceId":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1","category":"AuditEvent","operationName":"SecretGet","properties":{"id":"https://kv1.vault.azure.net/secrets/db"}}`
)

// recordsFile wraps records as a storage blob or Event Hub message holds them.
func recordsFile(recs ...string) string {
	return `{"records":[` + strings.Join(recs, ",\n") + `]}`
}

// gotRow is one row a parser wrote, by column name.
type gotRow struct {
	table string
	loc   source.Location
	cols  map[string]any
}

type gotNote struct {
	loc    source.Location
	reason string
}

// fakeWriter records what a parser reports and checks each row's shape.
type fakeWriter struct {
	t       testing.TB
	rows    []gotRow
	rejects []gotNote
	warns   []gotNote
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	w.t.Fatalf("Row called; the formats write with TableRow")
	return nil
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	if len(values) != len(t.Columns) {
		w.t.Fatalf("%s: %d values for %d columns", t.Name, len(values), len(t.Columns))
	}
	cols := map[string]any{}
	for i, c := range t.Columns {
		if !typeFits(c.Type, values[i]) {
			w.t.Fatalf("%s.%s (%s) got %T %v", t.Name, c.Name, c.Type, values[i], values[i])
		}
		cols[c.Name] = values[i]
	}
	w.rows = append(w.rows, gotRow{table: t.Name, loc: loc, cols: cols})
	return nil
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, gotNote{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, gotNote{loc, reason})
}

// typeFits reports whether v is what a column of type typ may hold.
func typeFits(typ string, v any) bool {
	if v == nil {
		return true
	}
	switch typ {
	case "VARCHAR", "JSON":
		_, ok := v.(string)
		return ok
	case "BIGINT":
		_, ok := v.(int64)
		return ok
	case "INTEGER":
		_, ok := v.(int32)
		return ok
	case "DOUBLE":
		_, ok := v.(float64)
		return ok
	case "BOOLEAN":
		_, ok := v.(bool)
		return ok
	case "TIMESTAMP":
		_, ok := v.(interface{ UnixNano() int64 })
		return ok
	}
	return false
}

// formatNamed finds one of the package's formats.
func formatNamed(t testing.TB, name string) source.Format {
	for _, f := range Formats {
		if f.Name() == name {
			return f
		}
	}
	t.Fatalf("no format %q", name)
	return nil
}

// parse runs the named format over content.
func parse(t testing.TB, name, content, table string) (*fakeWriter, error) {
	w := &fakeWriter{t: t}
	in := source.Input{Path: "test.json", R: strings.NewReader(content), Head: []byte(content), Table: table}
	err := formatNamed(t, name).Parse(context.Background(), in, w)
	return w, err
}
