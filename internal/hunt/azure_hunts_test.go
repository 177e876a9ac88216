package hunt

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/store"
)

// The Azure hunts over small hand-built cases: rows each must find and a
// look-alike it must not, asserting the key values reported.

// azureTested lists the Azure hunts tested here (TestEveryHuntIsTested).
var azureTested = []string{
	"az-suspicious-cloud-accounts", "az-inventory-roles", "az-user-groups", "az-spam-messages",
	"az-vuln-vms", "az-vuln-containers", "az-file-retrieval", "az-file-creation",
	"az-deployed-containers", "az-instance-creation", "az-instance-deletion", "az-instance-updates",
	"az-reverse-shell", "az-data-exfiltration", "az-data-staging", "az-command-execution",
	"az-managed-identity-usage", "az-ssh-bruteforce", "az-signin-activity", "az-failed-password",
	"az-network-scanning", "az-network-flows", "az-suspicious-email", "az-database-scanning",
	"az-c2-traffic",
}

// row is one Log Analytics row: column name → value. Columns left out are
// null.
type row map[string]any

// at is a time on 2024-03-01, "15:04:05".
func at(clock string) time.Time {
	t, err := time.Parse(time.DateTime, "2024-03-01 "+clock)
	if err != nil {
		panic(err)
	}
	return t
}

// rows inserts rows into a table by column name.
func (tc *testCase) rows(table string, rows ...row) *testCase {
	tc.t.Helper()
	tx := tc.begin()
	for _, r := range rows {
		tc.record++
		cols := []string{"_file", "_record"}
		marks := []string{"1", "?"}
		args := []any{tc.record}
		for _, name := range sortedColumns(r) {
			cols = append(cols, store.QuoteIdent(name))
			marks = append(marks, "?")
			args = append(args, r[name])
		}
		q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", store.QuoteIdent(table), strings.Join(cols, ", "), strings.Join(marks, ", "))
		if _, err := tx.Exec(q, args...); err != nil {
			tc.t.Fatalf("%s: %v", table, err)
		}
	}
	tc.commit(tx)
	return tc
}

func sortedColumns(r row) []string {
	var names []string
	for k := range r {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// times returns n rows made by f(i), for repeated events.
func times(n int, f func(i int) row) []row {
	out := make([]row, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// wantSet compares keys regardless of order (for hunts sorted by counts).
func wantSet(t *testing.T, r Result, want ...string) {
	t.Helper()
	got := keys(t, r)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s with %v found %q, want %q", r.Hunt.ID, r.Params, got, want)
	}
}

func TestHuntAzSuspiciousCloudAccounts(t *testing.T) {
	tc := newTestCase(t).rows("BehaviorAnalytics",
		row{"TimeGenerated": at("10:00:00"), "UserPrincipalName": "alice@contoso.com", "SourceIPAddress": "203.0.113.7",
			"ActivityType": "LogOn", "ActivityInsights": `{"CountryUncommonlyConnectedFromAmongPeers":true}`},
		row{"TimeGenerated": at("10:05:00"), "UserPrincipalName": "alice@contoso.com", "SourceIPAddress": "203.0.113.7",
			"ActivityType": "LogOn", "ActivityInsights": `{"CountryUncommonlyConnectedFromAmongPeers":true}`},
		// Sentinel also writes the insights as text.
		row{"TimeGenerated": at("11:00:00"), "UserPrincipalName": "bob@contoso.com", "SourceIPAddress": "198.51.100.9",
			"ActivityType": "LogOn", "ActivityInsights": `{"FirstTimeUserConnectedFromCountry":"True"}`},
		// Look-alike: insights present, all false.
		row{"TimeGenerated": at("12:00:00"), "UserPrincipalName": "carol@contoso.com", "SourceIPAddress": "192.0.2.1",
			"ActivityType": "LogOn", "ActivityInsights": `{"CountryUncommonlyConnectedFromAmongPeers":false,"FirstTimeUserConnectedFromCountry":false}`},
	)
	r := runOne(t, tc, "az-suspicious-cloud-accounts", nil)
	wantKeys(t, r, "alice@contoso.com|203.0.113.7", "bob@contoso.com|198.51.100.9")
	wantColumn(t, r, "Activities", int64(2), int64(1))
}

func TestHuntAzInventoryRoles(t *testing.T) {
	scope := "/subscriptions/00000000-0000-0000-0000-000000000001"
	tc := newTestCase(t).rows("AzureRoleAssignments",
		row{"principalName": "mallory@contoso.com", "roleDefinitionName": "Owner", "scope": scope, "createdOn": at("10:00:00")},
		row{"principalName": "ops@contoso.com", "roleDefinitionName": "user access administrator", "scope": scope + "/resourceGroups/rg1"},
		row{"principalName": "reader@contoso.com", "roleDefinitionName": "Reader", "scope": scope, "createdOn": at("09:00:00")},
	)
	r := runOne(t, tc, "az-inventory-roles", nil)
	wantKeys(t, r, "mallory@contoso.com|Owner|"+scope, "ops@contoso.com|user access administrator|"+scope+"/resourceGroups/rg1")

	tc = newTestCase(t).rows("AzureRoleAssignments",
		row{"principalName": "reader@contoso.com", "roleDefinitionName": "Reader", "scope": scope, "createdOn": at("09:00:00")},
		row{"principalName": "mallory@contoso.com", "roleDefinitionName": "Owner", "scope": scope, "createdOn": at("10:00:00")},
	)
	r = runOne(t, tc, "az-inventory-roles", map[string]string{"privileged_roles": "Reader"})
	wantKeys(t, r, "reader@contoso.com|Reader|"+scope)
}

func TestHuntAzUserGroups(t *testing.T) {
	tc := newTestCase(t).rows("AuditLogs",
		row{"TimeGenerated": at("10:00:00"), "Id": "audit-1", "OperationName": "Add member to group", "Result": "success",
			"InitiatedBy":     `{"user":{"userPrincipalName":"mallory@contoso.com"}}`,
			"TargetResources": `[{"userPrincipalName":"backdoor@contoso.com"},{"displayName":"Global Admins"}]`},
		row{"TimeGenerated": at("10:01:00"), "Id": "audit-2", "OperationName": "Add member to role", "Result": "success"},
		row{"TimeGenerated": at("10:02:00"), "Id": "audit-3", "OperationName": "Add owner to group", "Result": "success"},
		// Look-alikes: removing a member, updating a user.
		row{"TimeGenerated": at("10:03:00"), "Id": "audit-4", "OperationName": "Remove member from group"},
		row{"TimeGenerated": at("10:04:00"), "Id": "audit-5", "OperationName": "Update user"},
	)
	r := runOne(t, tc, "az-user-groups", nil)
	wantKeys(t, r, "audit-1", "audit-2", "audit-3")
	wantColumn(t, r, "InitiatedByUser", "mallory@contoso.com", "", "")
	wantColumn(t, r, "Target", "backdoor@contoso.com", "", "")
}

func TestHuntAzVulnVMs(t *testing.T) {
	tc := newTestCase(t).rows("SecurityBaseline",
		row{"TimeGenerated": at("10:00:00"), "Computer": "web-01", "CceId": "CCE-1", "AnalyzeResult": "Failed", "RuleSeverity": "Critical"},
		// The same rule assessed again: one finding.
		row{"TimeGenerated": at("11:00:00"), "Computer": "web-01", "CceId": "CCE-1", "AnalyzeResult": "Failed", "RuleSeverity": "Critical"},
		row{"TimeGenerated": at("10:00:00"), "Computer": "web-01", "CceId": "CCE-2", "AnalyzeResult": "Failed", "RuleSeverity": "Important"},
		// Look-alikes: passed, or only a warning.
		row{"TimeGenerated": at("10:00:00"), "Computer": "web-01", "CceId": "CCE-3", "AnalyzeResult": "Passed", "RuleSeverity": "Critical"},
		row{"TimeGenerated": at("10:00:00"), "Computer": "db-01", "CceId": "CCE-4", "AnalyzeResult": "Failed", "RuleSeverity": "Warning"},
	)
	r := runOne(t, tc, "az-vuln-vms", nil)
	wantKeys(t, r, "web-01|CCE-1", "web-01|CCE-2")
}

// storageRow is one storage request.
func storageRow(clock, op, ip, account string, out, in int64) row {
	return row{"TimeGenerated": at(clock), "OperationName": op, "CallerIpAddress": ip + ":50512", "AccountName": account,
		"ResponseBodySize": out, "RequestBodySize": in, "Uri": "https://" + account + ".blob.core.windows.net/c/" + op + clock}
}

func TestHuntAzFileRetrieval(t *testing.T) {
	tc := newTestCase(t).
		rows("StorageBlobLogs",
			storageRow("10:00:00", "GetBlob", "203.0.113.5", "finance", 8_000_000, 0),
			storageRow("10:01:00", "GetBlob", "203.0.113.5", "finance", 1_000_000, 0),
			// A small reader, and a heavy writer: neither is retrieval.
			storageRow("10:02:00", "GetBlob", "10.0.0.4", "finance", 5_000, 0),
			storageRow("10:03:00", "PutBlob", "198.51.100.1", "finance", 50_000_000, 0)).
		rows("StorageFileLogs", storageRow("10:04:00", "GetFile", "203.0.113.5", "shares", 2_000_000, 0)).
		rows("StorageTableLogs", storageRow("10:05:00", "QueryEntities", "192.0.2.8", "tables", 20_000_000, 0)).
		rows("StorageQueueLogs", storageRow("10:06:00", "GetMessages", "192.0.2.9", "queues", 1_000, 0))
	r := runOne(t, tc, "az-file-retrieval", nil)
	// 203.0.113.5 read 11 MB in all, over two services.
	wantKeys(t, r, "192.0.2.8|tables|QueryEntities", "203.0.113.5|finance|GetBlob", "203.0.113.5|shares|GetFile")
	wantColumn(t, r, "Bytes", int64(20_000_000), int64(9_000_000), int64(2_000_000))
}

func TestHuntAzFileCreation(t *testing.T) {
	uri := "https://shares.file.core.windows.net/share/tools/nc.exe"
	tc := newTestCase(t).rows("StorageFileLogs",
		row{"TimeGenerated": at("10:00:00"), "OperationName": "CreateFile", "Uri": uri, "CallerIpAddress": "203.0.113.5:1"},
		row{"TimeGenerated": at("10:00:01"), "OperationName": "CreateFile", "Uri": uri, "CallerIpAddress": "203.0.113.5:2"},
		row{"TimeGenerated": at("10:01:00"), "OperationName": "GetFile", "Uri": "https://shares.file.core.windows.net/share/a.txt"},
		row{"TimeGenerated": at("10:02:00"), "OperationName": "CreateDirectory", "Uri": "https://shares.file.core.windows.net/share/tools"},
	)
	r := runOne(t, tc, "az-file-creation", nil)
	wantKeys(t, r, uri)
	wantColumn(t, r, "Requests", int64(2))
}

func TestHuntAzDeployedContainers(t *testing.T) {
	tc := newTestCase(t).rows("ContainerInstanceLog_CL",
		row{"TimeGenerated": at("10:00:00"), "ContainerGroup_s": "miner", "Message": "stratum connected"},
		row{"TimeGenerated": at("10:05:00"), "ContainerGroup_s": "miner", "Message": "stratum connected"},
		row{"TimeGenerated": at("10:01:00"), "ContainerGroup_s": "web", "Message": "GET / 200"},
	)
	r := runOne(t, tc, "az-deployed-containers", nil)
	wantKeys(t, r, "miner|stratum connected", "web|GET / 200")
	wantColumn(t, r, "Lines", int64(2), int64(1))

	// The window keeps only what was written in it.
	since := at("10:00:30")
	r = tc.run(RunOptions{Since: &since}, "az-deployed-containers")[0]
	wantKeys(t, r, "web|GET / 200", "miner|stratum connected")
}

// activity is an AzureActivity row.
func activity(clock, op, status, resource, correlation string) row {
	return row{"TimeGenerated": at(clock), "OperationNameValue": op, "ActivityStatusValue": status,
		"_ResourceId": resource, "CorrelationId": correlation, "Caller": "mallory@contoso.com",
		"CallerIpAddress": "203.0.113.5", "Level": "Informational",
		"Authorization": `{"action":"` + op + `","scope":"` + resource + `"}`}
}

const (
	vmWrite  = "Microsoft.Compute/virtualMachines/write"
	vmDelete = "Microsoft.Compute/virtualMachines/delete"
	vmA      = "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-a"
	vmB      = "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-b"
)

func instanceCase(t *testing.T) *testCase {
	return newTestCase(t).rows("AzureActivity",
		activity("10:00:00", vmWrite, "Started", vmA, "c-1"),
		activity("10:00:30", vmWrite, "Succeeded", vmA, "c-1"),                                   // vm-a created
		activity("11:00:00", "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE", "Succeeded", vmA, "c-2"), // resized: an update
		activity("11:10:00", vmWrite, "Failed", vmB, "c-3"),                                      // a failed create is not a VM
		activity("11:20:00", vmWrite, "Success", vmB, "c-4"),                                     // vm-b created
		activity("11:30:00", "Microsoft.Compute/virtualMachines/extensions/write", "Succeeded", vmB+"/extensions/cse", "c-5"),
		activity("11:40:00", "Microsoft.Compute/virtualMachines/extensions/write", "Failed", vmB+"/extensions/cse", "c-6"),
		activity("12:00:00", vmDelete, "Started", vmA, "c-7"),
		activity("12:01:00", vmDelete, "Succeeded", vmA, "c-7"), // vm-a deleted
		activity("12:02:00", vmDelete, "Failed", vmB, "c-8"),
		activity("12:03:00", "Microsoft.Compute/disks/delete", "Succeeded", vmB+"-disk", "c-9"),
	)
}

func TestHuntAzInstanceCreation(t *testing.T) {
	r := runOne(t, instanceCase(t), "az-instance-creation", nil)
	wantKeys(t, r, vmA, vmB)
	wantColumn(t, r, "CorrelationId", "c-1", "c-4")

	// A creation before the window is not reported, even though the VM
	// is written to again inside it.
	since := at("10:30:00")
	r = instanceCase(t).run(RunOptions{Since: &since}, "az-instance-creation")[0]
	wantKeys(t, r, vmB)
}

func TestHuntAzInstanceDeletion(t *testing.T) {
	r := runOne(t, instanceCase(t), "az-instance-deletion", nil)
	wantKeys(t, r, vmA)
	wantColumn(t, r, "Action", vmDelete)
}

func TestHuntAzInstanceUpdates(t *testing.T) {
	r := runOne(t, instanceCase(t), "az-instance-updates", nil)
	wantKeys(t, r, "c-2", "c-5")
}

func TestHuntAzCommandExecution(t *testing.T) {
	run := "Microsoft.Compute/virtualMachines/runCommand/action"
	tc := newTestCase(t).rows("AzureActivity",
		activity("10:00:00", run, "Started", vmA, "rc-1"),
		activity("10:00:20", run, "Succeeded", vmA, "rc-1"),
		activity("10:05:00", "microsoft.compute/virtualmachines/runcommand/action", "Failed", vmB, "rc-2"),
		activity("10:06:00", "Microsoft.Compute/virtualMachines/runCommands/write", "Succeeded", vmB, "rc-3"),
		activity("10:07:00", vmWrite, "Succeeded", vmB, "rc-4"),
	)
	r := runOne(t, tc, "az-command-execution", nil)
	wantKeys(t, r, "rc-1", "rc-2")
	statuses := column(t, r, "Statuses")
	// Dynamic values arrive as their JSON text, as az prints them.
	if statuses[1] != `["Failed"]` || !strings.Contains(fmt.Sprint(statuses[0]), `"Succeeded"`) {
		t.Errorf("Statuses = %v", statuses)
	}
}

func TestHuntAzReverseShell(t *testing.T) {
	tc := newTestCase(t).rows("SecurityAlert",
		row{"TimeGenerated": at("10:00:00"), "SystemAlertId": "alert-1", "DisplayName": "Possible reverse shell",
			"ExtendedProperties": `{"File Path":"/tmp/.x/sh","File Name":"sh","File Sha256":"abc123","User Name":"www-data","Machine Name":"web-01"}`},
		row{"TimeGenerated": at("10:05:00"), "SystemAlertId": "alert-2", "DisplayName": "Failed SSH brute force attack"},
	)
	r := runOne(t, tc, "az-reverse-shell", nil)
	wantKeys(t, r, "alert-1")
	wantColumn(t, r, "FilePath", "/tmp/.x/sh")
	wantColumn(t, r, "MachineName", "web-01")
	wantColumn(t, r, "FileHash", "abc123")

	r = runOne(t, tc, "az-reverse-shell", map[string]string{"alert_names": "Failed SSH brute force attack"})
	wantKeys(t, r, "alert-2")
}

func TestHuntAzDataExfiltrationAndStaging(t *testing.T) {
	tc := func() *testCase {
		return newTestCase(t).rows("StorageBlobLogs",
			storageRow("10:00:00", "GetBlob", "203.0.113.5", "finance", 60_000_000, 0),
			storageRow("10:01:00", "GetBlob", "203.0.113.5", "finance", 50_000_000, 0),
			storageRow("10:02:00", "GetBlob", "10.0.0.4", "finance", 90_000_000, 0),
			storageRow("10:03:00", "PutBlock", "198.51.100.7", "staging", 100, 70_000_000),
			storageRow("10:04:00", "PutBlock", "198.51.100.7", "staging", 100, 40_000_000),
			storageRow("10:05:00", "PutBlob", "198.51.100.7", "staging", 100, 150_000_000),
			// Look-alikes: a big download counted as an upload's reply, a
			// small upload.
			storageRow("10:06:00", "PutBlob", "192.0.2.1", "staging", 500_000_000, 10),
		)
	}
	r := runOne(t, tc(), "az-data-exfiltration", nil)
	wantKeys(t, r, "203.0.113.5|GetBlob")
	wantColumn(t, r, "dataOut", int64(110_000_000))

	r = runOne(t, tc(), "az-data-staging", nil)
	wantKeys(t, r, "198.51.100.7|PutBlob", "198.51.100.7|PutBlock")
	wantColumn(t, r, "dataIn", int64(150_000_000), int64(110_000_000))

	r = runOne(t, tc(), "az-data-exfiltration", map[string]string{"min_bytes": "80000000"})
	wantKeys(t, r, "203.0.113.5|GetBlob", "10.0.0.4|GetBlob")
}

func TestHuntAzManagedIdentityUsage(t *testing.T) {
	const mi = "8C4B7F2E-0000-4000-8000-00000000AAAA"
	tc := func() *testCase {
		return newTestCase(t).
			rows("AADManagedIdentitySignInLogs",
				row{"TimeGenerated": at("09:00:00"), "ServicePrincipalId": mi, "ServicePrincipalName": "vm-web-identity"}).
			rows("AzureActivity",
				row{"TimeGenerated": at("10:00:00"), "Caller": strings.ToLower(mi), "CallerIpAddress": "203.0.113.66",
					"CorrelationId": "mi-1", "OperationNameValue": "Microsoft.Storage/storageAccounts/listKeys/action"},
				row{"TimeGenerated": at("10:00:05"), "Caller": strings.ToLower(mi), "CallerIpAddress": "203.0.113.66",
					"CorrelationId": "mi-1", "OperationNameValue": "Microsoft.Storage/storageAccounts/listKeys/action"},
				row{"TimeGenerated": at("10:10:00"), "Caller": mi, "CallerIpAddress": "20.1.2.3",
					"CorrelationId": "mi-2", "OperationNameValue": "Microsoft.KeyVault/vaults/read"},
				// Look-alikes: the identity with no caller address, a person.
				row{"TimeGenerated": at("10:20:00"), "Caller": mi, "CallerIpAddress": "", "CorrelationId": "mi-3"},
				row{"TimeGenerated": at("10:30:00"), "Caller": "alice@contoso.com", "CallerIpAddress": "203.0.113.66", "CorrelationId": "mi-4"})
	}
	r := runOne(t, tc(), "az-managed-identity-usage", nil)
	wantKeys(t, r, "mi-1", "mi-2")
	wantColumn(t, r, "IdentityName", "vm-web-identity", "vm-web-identity")

	r = runOne(t, tc(), "az-managed-identity-usage", map[string]string{"trusted_ips": "20.1.2.3"})
	wantKeys(t, r, "mi-1")
}

func TestHuntAzSSHBruteForce(t *testing.T) {
	tc := newTestCase(t).rows("LinuxAuth_CL", times(12, func(i int) row {
		line := fmt.Sprintf("Mar  1 10:%02d:00 web-01 sshd[%d]: Failed password for root from 203.0.113.9 port %d ssh2", i, 1000+i, 40000+i)
		if i%2 == 1 {
			line = fmt.Sprintf("Mar  1 10:%02d:00 web-01 sshd[%d]: Invalid user admin from 203.0.113.9 port %d", i, 1000+i, 40000+i)
		}
		return row{"TimeGenerated": at(fmt.Sprintf("10:%02d:00", i)), "Computer": "web-01", "RawData": line}
	})...).
		// Look-alikes: few failures from another address, successes.
		rows("LinuxAuth_CL", times(5, func(i int) row {
			return row{"TimeGenerated": at(fmt.Sprintf("11:%02d:00", i)), "Computer": "web-01",
				"RawData": fmt.Sprintf("sshd[9]: Failed password for bob from 198.51.100.4 port %d ssh2", 50000+i)}
		})...).
		rows("LinuxAuth_CL", times(15, func(i int) row {
			return row{"TimeGenerated": at(fmt.Sprintf("12:%02d:00", i)), "Computer": "web-01",
				"RawData": "sshd[7]: Accepted publickey for deploy from 10.0.0.5 port 22 ssh2"}
		})...)
	r := runOne(t, tc, "az-ssh-bruteforce", nil)
	wantKeys(t, r, "web-01|203.0.113.9")
	wantColumn(t, r, "Attempts", int64(12))
}

// signin is a SigninLogs row: result "0" is a success.
func signin(id, clock, ip, user, result string) row {
	ok := result == "0"
	return row{"TimeGenerated": at(clock), "Id": id, "IPAddress": ip, "UserPrincipalName": user, "ResultType": result,
		"AuthenticationDetails": fmt.Sprintf(`[{"authenticationMethod":"Password","succeeded":%t}]`, ok)}
}

func signinCase(t *testing.T) *testCase {
	var rows []row
	for i := range 12 { // a spray from one address: 12 failures over 4 users
		rows = append(rows, signin(fmt.Sprintf("f-%d", i), fmt.Sprintf("10:%02d:00", i), "203.0.113.50", fmt.Sprintf("user%d@contoso.com", i%4), "50126"))
	}
	rows = append(rows,
		signin("s-1", "10:30:00", "203.0.113.50", "user2@contoso.com", "0"), // the spray worked
		signin("s-2", "10:31:00", "198.51.100.20", "alice@contoso.com", "0"),
		signin("f-x", "10:32:00", "198.51.100.20", "alice@contoso.com", "50126"), // one typo
		// Failures that are not password failures (MFA denied).
		row{"TimeGenerated": at("10:40:00"), "Id": "m-1", "IPAddress": "192.0.2.77", "UserPrincipalName": "bob@contoso.com",
			"ResultType": "500121", "AuthenticationDetails": `[{"authenticationMethod":"Mobile app notification","succeeded":false}]`},
	)
	return newTestCase(t).rows("SigninLogs", rows...)
}

func TestHuntAzSigninActivity(t *testing.T) {
	r := runOne(t, signinCase(t), "az-signin-activity", nil)
	wantKeys(t, r, "s-1")
	wantColumn(t, r, "Failures", int64(12))
	r = runOne(t, signinCase(t), "az-signin-activity", map[string]string{"min_failures": "1"})
	wantKeys(t, r, "s-1", "s-2")
}

func TestHuntAzFailedPassword(t *testing.T) {
	r := runOne(t, signinCase(t), "az-failed-password", nil)
	wantKeys(t, r, "203.0.113.50")
	wantColumn(t, r, "Users", int64(4))
}

// flowRow is an AzureNetworkAnalytics_CL row for one public address.
func flowRow(start time.Time, ip, dir, status string, port float64) row {
	return row{"TimeGenerated": start.Add(10 * time.Minute), "FlowStartTime_t": start, "PublicIPs_s": ip + "|1|0|0|3|0|180",
		"FlowDirection_s": dir, "FlowStatus_s": status, "DestPort_d": port, "L4Protocol_s": "T", "L7Protocol_s": "unknown",
		"DestIP_s": "10.0.0.4"}
}

func TestHuntAzNetworkScanning(t *testing.T) {
	tc := newTestCase(t).
		rows("AzureNetworkAnalytics_CL", times(25, func(i int) row {
			return flowRow(at("10:00:00").Add(time.Duration(i)*time.Second), "45.33.32.156", "I", "D", float64(1000+i))
		})...).
		// Look-alikes: many flows to one port; many ports outbound.
		rows("AzureNetworkAnalytics_CL", times(30, func(i int) row {
			return flowRow(at("10:00:00"), "40.70.212.199", "I", "A", 443)
		})...).
		rows("AzureNetworkAnalytics_CL", times(25, func(i int) row {
			return flowRow(at("10:00:00"), "13.107.4.50", "O", "A", float64(2000+i))
		})...)
	r := runOne(t, tc, "az-network-scanning", nil)
	wantKeys(t, r, "45.33.32.156")
	wantColumn(t, r, "Ports", int64(25))
}

func TestHuntAzNetworkFlows(t *testing.T) {
	var rows []row
	// Seven addresses, address i with i+1 flows; the busiest five are
	// 10.9.9.2 … 10.9.9.6. 10.9.9.6 also has a denied flow to 22, which
	// is not an allowed flow.
	for i := range 7 {
		for j := 0; j <= i; j++ {
			rows = append(rows, flowRow(at("10:00:00"), fmt.Sprintf("10.9.9.%d", i), "I", "A", 443))
		}
	}
	rows = append(rows, flowRow(at("10:00:00"), "10.9.9.6", "I", "D", 22))
	r := runOne(t, newTestCase(t).rows("AzureNetworkAnalytics_CL", rows...), "az-network-flows", nil)
	wantSet(t, r, "10.9.9.2|I|unknown|T|443", "10.9.9.3|I|unknown|T|443", "10.9.9.4|I|unknown|T|443",
		"10.9.9.5|I|unknown|T|443", "10.9.9.6|I|unknown|T|443")

	r = runOne(t, newTestCase(t).rows("AzureNetworkAnalytics_CL", rows...), "az-network-flows", map[string]string{"ips": "10.9.9.0"})
	wantKeys(t, r, "10.9.9.0|I|unknown|T|443")
}

func TestHuntAzDatabaseScanning(t *testing.T) {
	long := "SELECT " + strings.Repeat("a,", 600) + "b FROM t"
	audit := func(clock, ip, action, statement string) row {
		return row{"TimeGenerated": at(clock), "Category": "SQLSecurityAuditEvents", "action_id_s": action,
			"client_ip_s": ip, "statement_s": statement}
	}
	tc := newTestCase(t).rows("AzureDiagnostics",
		audit("10:00:00", "203.0.113.9", "BCM ", "SELECT * FROM users WHERE id = 1 UNION  SELECT password FROM admins"),
		audit("10:00:01", "203.0.113.9", "BCM ", "select * from users where name = '' or 1 = 1 --"),
		audit("10:00:02", "203.0.113.9", "BCM ", long),
		// Look-alikes: an ordinary query; an injection text on a login event.
		audit("10:00:03", "10.0.0.4", "BCM ", "SELECT id FROM orders WHERE id = 7"),
		audit("10:00:04", "203.0.113.9", "LGIF", "xp_cmdshell 'whoami'"),
	)
	r := runOne(t, tc, "az-database-scanning", nil)
	wantSet(t, r,
		"203.0.113.9|SELECT * FROM users WHERE id = 1 UNION  SELECT password FROM admins",
		"203.0.113.9|select * from users where name = '' or 1 = 1 --",
		"203.0.113.9|"+long)
}

func TestHuntAzC2Traffic(t *testing.T) {
	var rows []row
	// A beacon every 2 minutes for 80 minutes to 3.95.15.41:443, two
	// flows each time.
	for i := range 40 {
		m := at("10:00:00").Add(time.Duration(2*i) * time.Minute)
		rows = append(rows, flowRow(m, "3.95.15.41", "O", "A", 443), flowRow(m.Add(20*time.Second), "3.95.15.41", "O", "A", 443))
	}
	// Look-alikes: browsing at irregular minutes (as many minutes), a
	// regular beacon too short to count, and inbound regular traffic.
	for i := range 40 {
		m := at("10:00:00").Add(time.Duration(i*i%97+i) * time.Minute)
		rows = append(rows, flowRow(m, "13.107.4.50", "O", "A", 443))
	}
	for i := range 10 {
		rows = append(rows, flowRow(at("10:00:00").Add(time.Duration(i)*time.Minute), "52.1.1.1", "O", "A", 8443))
	}
	for i := range 40 {
		rows = append(rows, flowRow(at("10:00:00").Add(time.Duration(i)*time.Minute), "52.2.2.2", "I", "A", 443))
	}
	r := runOne(t, newTestCase(t).rows("AzureNetworkAnalytics_CL", rows...), "az-c2-traffic", nil)
	wantKeys(t, r, "3.95.15.41|443")
	wantColumn(t, r, "ActiveMinutes", int64(40))
	wantColumn(t, r, "Flows", int64(80))
	wantColumn(t, r, "MeanGapMinutes", 2.0)
	wantColumn(t, r, "Jitter", 0.0)
	if r.Chart == nil || r.Chart.Kind != "columnchart" {
		t.Errorf("chart %+v, want the query's columnchart kept", r.Chart)
	}
}

func TestHuntAzConsoleOnly(t *testing.T) {
	tc := newTestCase(t)
	// The e-mail hunts read message traces and EmailEvents now
	// (email_hunts_test.go); container image scanning has no export.
	for _, r := range tc.run(RunOptions{}, "az-vuln-containers") {
		if r.Status != StatusConsoleOnly || r.Err != nil || r.Rows != nil || r.Note == "" {
			t.Errorf("%s: status %q note %q err %v rows %v", r.Hunt.ID, r.Status, r.Note, r.Err, r.Rows)
		}
		if len(r.Hunt.Procedures) == 0 || r.Hunt.Procedures[0].Kind != KindConsole {
			t.Errorf("%s: procedures %+v, want the console step", r.Hunt.ID, r.Hunt.Procedures)
		}
	}
}
