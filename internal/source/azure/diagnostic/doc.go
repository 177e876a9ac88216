// Package diagnostic reads Azure evidence that arrives as JSON outside Log
// Analytics and maps it onto the Log Analytics tables, so that the
// playbook's KQL runs over it unchanged:
//
//   - azure-diagnostic: diagnostic settings output to a storage account or
//     an Event Hub ({"records":[…]} or one record per line) for the
//     Entra ID sign-in and audit categories, the activity log and the
//     storage services' resource logs;
//   - azure-graph: Microsoft Graph auditLogs/signIns and
//     auditLogs/directoryAudits responses ({"value":[…]}, one page a file);
//   - azure-activity-log: `az monitor activity-log list` output;
//   - azure-role-assignments: `az role assignment list` output;
//   - azure-security-alerts: `az security alert list` output.
//
// Every parser streams: it walks to the array of records with a
// json.Decoder and decodes one record at a time, so a multi-gigabyte blob
// never sits in memory.
package diagnostic
