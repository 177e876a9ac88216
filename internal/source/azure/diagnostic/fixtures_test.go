package diagnostic

// az and Graph outputs used across the tests, pretty-printed as the tools
// print them.
const (
	graphSignIns = `{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
  "value": [
    {
      "id": "66ea54eb-6301-4ee5-be62-ff5a759b0100",
      "createdDateTime": "2023-08-09T10:20:00Z",
      "userDisplayName": "Alice Smith",
      "userPrincipalName": "alice@contoso.com",
      "userId": "a11ce000-0000-0000-0000-000000000001",
      "appId": "de8bc8b5-d9f9-48b1-a8ad-b748da725064",
      "appDisplayName": "Graph Explorer",
      "ipAddress": "203.0.113.9",
      "clientAppUsed": "Browser",
      "correlationId": "d79f5bee-5860-4832-928f-3133e22ae912",
      "conditionalAccessStatus": "notApplied",
      "isInteractive": true,
      "riskDetail": "none",
      "riskLevelAggregated": "none",
      "riskEventTypes_v2": [],
      "resourceDisplayName": "Microsoft Graph",
      "resourceId": "00000003-0000-0000-c000-000000000000",
      "status": {"errorCode": 50126, "failureReason": "Invalid username or password.", "additionalDetails": null},
      "deviceDetail": {"deviceId": "", "displayName": null, "operatingSystem": "Windows 10", "browser": "Edge 115.0"},
      "location": {"city": "Redmond", "state": "Washington", "countryOrRegion": "US", "geoCoordinates": {"altitude": null, "latitude": 47.68, "longitude": -122.12}},
      "appliedConditionalAccessPolicies": []
    }
  ],
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=abc"
}`

	graphAudits = `{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
  "value": [
    {
      "id": "Directory_ce0b0000",
      "category": "UserManagement",
      "correlationId": "da159bfb-54fa-4092-8a38-6e1fa7870e30",
      "result": "success",
      "resultReason": "",
      "activityDisplayName": "Add user",
      "activityDateTime": "2023-08-09T13:00:00.123Z",
      "loggedByService": "Core Directory",
      "operationType": "Add",
      "initiatedBy": {"app": null, "user": {"id": "a11ce000-0000-0000-0000-000000000001", "displayName": null, "userPrincipalName": "alice@contoso.com", "ipAddress": "203.0.113.9"}},
      "targetResources": [{"id": "c0c00000", "displayName": null, "type": "User", "userPrincipalName": "backdoor@contoso.com", "modifiedProperties": []}],
      "additionalDetails": []
    }
  ]
}`

	azActivityLog = `[
  {
    "authorization": {
      "action": "Microsoft.Compute/virtualMachines/delete",
      "role": null,
      "scope": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-db-01"
    },
    "caller": "alice@contoso.com",
    "channels": "Operation",
    "claims": {
      "aud": "https://management.core.windows.net/",
      "ipaddr": "203.0.113.9",
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "alice@contoso.com"
    },
    "correlationId": "7d1f0000-0000-0000-0000-000000000003",
    "description": "",
    "eventDataId": "e1e1e1e1-0000-0000-0000-000000000001",
    "eventName": {"localizedValue": "End request", "value": "EndRequest"},
    "category": {"localizedValue": "Administrative", "value": "Administrative"},
    "eventTimestamp": "2023-08-09T14:42:31.3810679Z",
    "httpRequest": {"clientIpAddress": "203.0.113.9", "clientRequestId": "f00d", "method": "DELETE"},
    "id": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-db-01/events/e1e1/ticks/638272",
    "level": "Informational",
    "operationId": "0a0a0a0a",
    "operationName": {"localizedValue": "Delete Virtual Machine", "value": "Microsoft.Compute/virtualMachines/delete"},
    "properties": {"statusCode": "OK"},
    "resourceGroupName": "rg-prod",
    "resourceId": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-db-01",
    "resourceProviderName": {"localizedValue": "Microsoft.Compute", "value": "Microsoft.Compute"},
    "resourceType": {"localizedValue": "Microsoft.Compute/virtualMachines", "value": "Microsoft.Compute/virtualMachines"},
    "status": {"localizedValue": "Succeeded", "value": "Succeeded"},
    "subStatus": {"localizedValue": "OK (HTTP Status Code: 200)", "value": "OK"},
    "submissionTimestamp": "2023-08-09T14:44:02.5Z",
    "subscriptionId": "5f0e0000-0000-0000-0000-000000000009",
    "tenantId": "1111aaaa-0000-0000-0000-000000000001"
  },
  {
    "authorization": {"action": "Microsoft.Storage/storageAccounts/listKeys/action", "scope": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosodata"},
    "caller": "9d370547-cb61-4753-be23-68534909af90",
    "claims": {"ipaddr": "198.51.100.20"},
    "correlationId": "7d1f0000-0000-0000-0000-000000000004",
    "eventDataId": "e1e1e1e1-0000-0000-0000-000000000002",
    "category": {"localizedValue": "Administrative", "value": "Administrative"},
    "eventTimestamp": "2023-08-09T14:50:00Z",
    "level": "Informational",
    "operationName": {"localizedValue": "List Storage Account Keys", "value": "Microsoft.Storage/storageAccounts/listKeys/action"},
    "resourceGroupName": "rg-data",
    "resourceId": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosodata",
    "status": {"localizedValue": "Succeeded", "value": "Succeeded"},
    "subscriptionId": "5f0e0000-0000-0000-0000-000000000009"
  }
]`

	azRoleAssignments = `[
  {
    "canDelegate": null,
    "condition": null,
    "conditionVersion": null,
    "createdBy": "a11ce000-0000-0000-0000-000000000001",
    "createdOn": "2023-08-09T13:31:00.123456+00:00",
    "delegatedManagedIdentityResourceId": null,
    "description": null,
    "id": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/providers/Microsoft.Authorization/roleAssignments/3c4d0000-0000-0000-0000-000000000004",
    "name": "3c4d0000-0000-0000-0000-000000000004",
    "principalId": "b0b00000-0000-0000-0000-000000000002",
    "principalName": "bob@contoso.com",
    "principalType": "User",
    "roleDefinitionId": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "roleDefinitionName": "Owner",
    "scope": "/subscriptions/5f0e0000-0000-0000-0000-000000000009",
    "type": "Microsoft.Authorization/roleAssignments",
    "updatedBy": "a11ce000-0000-0000-0000-000000000001",
    "updatedOn": "2023-08-09T13:31:00.123456+00:00"
  }
]`

	azAlerts = `[
  {
    "id": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Security/locations/centralus/alerts/2517000000000_abc",
    "name": "2517000000000_abc",
    "properties": {
      "alertDisplayName": "Possible reverse shell",
      "alertType": "VM_ReverseShell",
      "alertUri": "https://portal.azure.com/#blade/abc",
      "compromisedEntity": "vm-web-01",
      "description": "Analysis of host data detected a potential reverse shell.",
      "endTimeUtc": "2023-08-09T15:05:00Z",
      "entities": [
        {"$id": "centralus_1", "address": "192.0.2.66", "type": "ip"},
        {"$id": "centralus_2", "hostName": "vm-web-01", "type": "host"}
      ],
      "extendedProperties": {"File Path": "/tmp/.x/shell.sh", "File Name": "shell.sh", "File Sha256": "9f86d081884c7d65", "User Name": "www-data", "Machine Name": "vm-web-01"},
      "intent": "Execution",
      "isIncident": false,
      "processingEndTimeUtc": "2023-08-09T15:10:00Z",
      "productName": "Microsoft Defender for Cloud",
      "remediationSteps": ["Review the process", "Isolate the machine"],
      "resourceIdentifiers": [{"azureResourceId": "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01", "type": "AzureResource"}],
      "severity": "High",
      "startTimeUtc": "2023-08-09T15:00:00Z",
      "status": "Active",
      "systemAlertId": "2517000000000_abc",
      "techniques": ["T1059"],
      "timeGeneratedUtc": "2023-08-09T15:11:00Z",
      "vendorName": "Microsoft"
    },
    "type": "Microsoft.Security/Locations/alerts"
  },
  {
    "alertDisplayName": "Suspicious authentication activity",
    "alertName": "VM_SshBruteForceSuccess",
    "compromisedEntity": "vm-web-01",
    "detectedTimeUtc": "2023-08-09T09:00:00Z",
    "entities": [{"$id": "1", "Address": "198.51.100.200", "Type": "ip"}],
    "extendedProperties": {"User Name": "root"},
    "intent": "CredentialAccess",
    "reportedSeverity": "Medium",
    "reportedTimeUtc": "2023-08-09T09:01:00Z",
    "state": "Active",
    "vendorName": "Microsoft"
  }
]`
)
