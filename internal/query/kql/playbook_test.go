package kql

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// The Azure hunts of the playbook (CloudThreatHunting.md), each query
// verbatim, over the fixtures. Where the playbook has no sort, rows are
// compared sorted.
func TestPlaybookQueries(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		name   string
		query  string
		header string
		rows   string
		sorted bool
		chart  string
	}{
		{
			name:   "UEBA uncommon country (dynamic == True)",
			query:  `BehaviorAnalytics | where ActivityInsights.CountryUncommonlyConnectedFromAmongPeers == True | project TimeGenerated, ActivityType, UserName, SourceIPAddress, ActivityInsights`,
			header: "TimeGenerated:datetime, ActivityType:string, UserName:string, SourceIPAddress:string, ActivityInsights:dynamic",
			rows:   `2023-08-09T10:00:00Z | LogOn | alice | 1.1.1.1 | {"CountryUncommonlyConnectedFromAmongPeers":true,"FirstTimeUserConnectedFromCountry":false}`,
		},
		{
			name:   "blob reads",
			query:  `StorageBlobLogs | where OperationName =="GetBlob" | project TimeGenerated,AccountName,CallerIpAddress, Uri`,
			header: "TimeGenerated:datetime, AccountName:string, CallerIpAddress:string, Uri:string",
			rows: "2023-08-09T10:00:00Z | acct1 | 10.0.0.1:5000 | https://acct1/c/a\n" +
				"2023-08-09T11:00:00Z | acct1 | 10.0.0.1:5001 | https://acct1/c/b\n" +
				"2023-08-11T12:00:00Z | acct1 | 10.0.0.3:7000 | https://acct1/c/d",
			sorted: true,
		},
		{
			name:   "file creation",
			query:  `StorageFileLogs | where OperationName =="CreateFile" | project TimeGenerated,CallerIpAddress, Uri`,
			header: "TimeGenerated:datetime, CallerIpAddress:string, Uri:string",
			rows:   "2023-08-09T10:00:00Z | 10.0.0.1:445 | https://acct1/share/x.exe",
		},
		{
			name:   "container logs",
			query:  `ContainerInstanceLog_CL | project TimeGenerated, ContainerGroup_s, Message`,
			header: "TimeGenerated:datetime, ContainerGroup_s:string, Message:string",
			rows:   "2023-08-09T10:00:00Z | cg1 | started\n2023-08-09T10:01:00Z | cg1 | GET /admin",
			sorted: true,
		},
		{
			name:   "VM deletion (extractjson, sort desc)",
			query:  `AzureActivity | extend Action= extractjson("$.action", Authorization) | where Action == "Microsoft.Compute/virtualMachines/delete" | project TimeGenerated, Action, Caller, CallerIpAddress | sort by TimeGenerated desc`,
			header: "TimeGenerated:datetime, Action:string, Caller:string, CallerIpAddress:string",
			rows: "2023-08-12T08:00:00Z | Microsoft.Compute/virtualMachines/delete | carol@x.com | 3.3.3.3\n" +
				"2023-08-09T10:00:00Z | Microsoft.Compute/virtualMachines/delete | alice@x.com | 1.1.1.1",
		},
		{
			name:   "reverse shell alert (extract_json with spaces in keys, take 1)",
			query:  `SecurityAlert | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | where DisplayName == "Possible reverse shell" | take 1 | extend FilePath = extract_json("$.File Path", ExtendedProperties) | extend FileName = extract_json("$.File Name", ExtendedProperties) | extend FileHash = extract_json("$.File Sha256", ExtendedProperties) | extend UserName = extract_json("$.User Name", ExtendedProperties) | extend MachineName = extract_json("$.Machine Name", ExtendedProperties) | project TimeGenerated, FilePath, FileName, FileHash, UserName, MachineName`,
			header: "TimeGenerated:datetime, FilePath:string, FileName:string, FileHash:string, UserName:string, MachineName:string",
			rows:   "2023-08-09T10:00:00Z | /tmp/x | x | abc123 | root | vm1",
		},
		{
			name:   "blob logs in a window (US dates, inclusive)",
			query:  `StorageBlobLogs | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00"))`,
			header: "TimeGenerated:datetime, AccountName:string, OperationName:string, CallerIpAddress:string, Uri:string, ResponseBodySize:long",
			rows: "2023-08-09T10:00:00Z | acct1 | GetBlob | 10.0.0.1:5000 | https://acct1/c/a | 100\n" +
				"2023-08-09T11:00:00Z | acct1 | GetBlob | 10.0.0.1:5001 | https://acct1/c/b | 50\n" +
				"2023-08-09T12:00:00Z | acct1 | PutBlob | 10.0.0.2:6000 | https://acct1/c/c | 10",
			sorted: true,
		},
		{
			name:   "data out per source IP (split()[0], by tostring(), default desc sort)",
			query:  `StorageBlobLogs | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | extend SourceIP = split(CallerIpAddress,":")[0] | summarize dataOut = sum(ResponseBodySize) by tostring(SourceIP), OperationName | sort by dataOut`,
			header: "SourceIP:string, OperationName:string, dataOut:long",
			rows:   "10.0.0.1 | GetBlob | 150\n10.0.0.2 | PutBlob | 10",
		},
		{
			name:   "data in per source IP",
			query:  `StorageBlobLogs | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | extend SourceIP = split(CallerIpAddress,":")[0] | summarize dataIn = sum(ResponseBodySize) by tostring(SourceIP), OperationName | sort by dataIn`,
			header: "SourceIP:string, OperationName:string, dataIn:long",
			rows:   "10.0.0.1 | GetBlob | 150\n10.0.0.2 | PutBlob | 10",
		},
		{
			name:   "activity in a window",
			query:  `AzureActivity | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | project TimeGenerated, OperationNameValue, Level, Caller`,
			header: "TimeGenerated:datetime, OperationNameValue:string, Level:string, Caller:string",
			rows: "2023-08-09T10:00:00Z | MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE | Informational | alice@x.com\n" +
				"2023-08-09T12:00:00Z | MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE | Informational | bob@x.com",
			sorted: true,
		},
		{
			name:   "managed identity sign-ins",
			query:  `AADManagedIdentitySignInLogs | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00"))`,
			header: "TimeGenerated:datetime, ServicePrincipalId:string, ServicePrincipalName:string, IPAddress:string",
			rows:   "2023-08-09T10:00:00Z | sp-1 | vm-identity | 10.0.0.4",
		},
		{
			name:   "linux auth failures (contains is case-insensitive)",
			query:  `LinuxAuth_CL | where RawData contains "Failed password" or RawData contains "Invalid user" | project TimeGenerated, RawData`,
			header: "TimeGenerated:datetime, RawData:string",
			rows: "2023-08-09T10:00:00Z | sshd[1]: Failed password for root from 5.6.7.8\n" +
				"2023-08-09T10:00:01Z | sshd[2]: Invalid user admin from 5.6.7.8\n" +
				"2023-08-09T10:00:03Z | sshd[4]: FAILED PASSWORD for bob",
			sorted: true,
		},
		{
			name:   "linux auth all",
			query:  `LinuxAuth_CL | project TimeGenerated, RawData`,
			header: "TimeGenerated:datetime, RawData:string",
			rows: "2023-08-09T10:00:00Z | sshd[1]: Failed password for root from 5.6.7.8\n" +
				"2023-08-09T10:00:01Z | sshd[2]: Invalid user admin from 5.6.7.8\n" +
				"2023-08-09T10:00:02Z | sshd[3]: Accepted publickey for ops\n" +
				"2023-08-09T10:00:03Z | sshd[4]: FAILED PASSWORD for bob",
			sorted: true,
		},
		{
			name:   "malicious IP from entities (nested split, '\"' string, sort asc)",
			query:  `SecurityAlert | where Tactics == "CredentialAccess" | extend MaliciousIP = split(split(tostring(Entities),"Address")[1],'"')[2] | project TimeGenerated, DisplayName, MaliciousIP | sort by TimeGenerated asc`,
			header: "TimeGenerated:datetime, DisplayName:string, MaliciousIP:dynamic",
			rows: "2023-08-08T09:00:00Z | Failed RDP brute force attack | \"7.7.7.7\"\n" +
				"2023-08-09T11:00:00Z | Failed SSH brute force attack | \"9.9.9.9\"",
		},
		{
			name:   "sign-in methods ($.[0] path)",
			query:  `SigninLogs | extend AuthenticationMethod = extractjson("$.[0].authenticationMethod", AuthenticationDetails) | extend Succeeded = extractjson("$.[0].succeeded", AuthenticationDetails) | project TimeGenerated, AuthenticationMethod, Succeeded, IPAddress, UserAgent`,
			header: "TimeGenerated:datetime, AuthenticationMethod:string, Succeeded:string, IPAddress:string, UserAgent:string",
			rows: "2023-08-09T10:00:00Z | Password | false | 1.1.1.1 | UA1\n" +
				"2023-08-09T11:00:00Z | Password | false | 1.1.1.1 | UA1\n" +
				"2023-08-09T12:00:00Z | Password | true | 2.2.2.2 | UA2\n" +
				"2023-08-09T13:00:00Z |  |  | 4.4.4.4 | UA4\n" +
				"2023-08-11T09:00:00Z | Password | false | 3.3.3.3 | UA3",
			sorted: true,
		},
		{
			name:   "failed password sign-ins",
			query:  `SigninLogs | extend AuthenticationMethod = extractjson("$.[0].authenticationMethod", AuthenticationDetails) | extend Succeeded = extractjson("$.[0].succeeded", AuthenticationDetails) | where Succeeded == "false" and AuthenticationMethod == "Password" | project TimeGenerated, AuthenticationMethod, Succeeded, IPAddress, UserAgent`,
			header: "TimeGenerated:datetime, AuthenticationMethod:string, Succeeded:string, IPAddress:string, UserAgent:string",
			rows: "2023-08-09T10:00:00Z | Password | false | 1.1.1.1 | UA1\n" +
				"2023-08-09T11:00:00Z | Password | false | 1.1.1.1 | UA1\n" +
				"2023-08-11T09:00:00Z | Password | false | 3.3.3.3 | UA3",
			sorted: true,
		},
		{
			name:   "failed password count per IP",
			query:  `SigninLogs | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | extend AuthenticationMethod = extractjson("$.[0].authenticationMethod", AuthenticationDetails) | extend Succeeded = extractjson("$.[0].succeeded", AuthenticationDetails) | where Succeeded == "false" and AuthenticationMethod == "Password" | summarize count() by IPAddress`,
			header: "IPAddress:string, count_:long",
			rows:   "1.1.1.1 | 2",
		},
		{
			name:   "flows per public IP",
			query:  `AzureNetworkAnalytics_CL | where FlowStartTime_t between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | summarize Count = count() by PublicIPs_s`,
			header: "PublicIPs_s:string, Count:long",
			rows:   flowA + " | 2\n8.8.8.8|1|1|1|1|1|1 | 1",
			sorted: true,
		},
		{
			name:   "ingress protocols from an IP",
			query:  `AzureNetworkAnalytics_CL | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) and PublicIPs_s contains "40.70.212.199" and FlowDirection_s == "I" and FlowStatus_s == "A" | distinct L7Protocol_s, L4Protocol_s, DestPort_d`,
			header: "L7Protocol_s:string, L4Protocol_s:string, DestPort_d:real",
			rows:   "https | T | 443",
		},
		{
			name:   "egress protocols to an IP",
			query:  `AzureNetworkAnalytics_CL | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) and PublicIPs_s contains "40.70.212.199" and FlowDirection_s == "O" and FlowStatus_s == "A" | distinct L7Protocol_s, L4Protocol_s, DestPort_d`,
			header: "L7Protocol_s:string, L4Protocol_s:string, DestPort_d:real",
			rows:   "ssh | T | 22",
		},
		{
			name:   "SQL batches by length (AM/PM dates, space-padded code)",
			query:  `AzureDiagnostics | where TimeGenerated between(datetime("10/29/2021 2:45 PM").. datetime("10/29/2021 3:00 PM")) and Category == "SQLSecurityAuditEvents" and action_id_s == "BCM " | extend statementLength = strlen(statement_s) | sort by statementLength | project client_ip_s, statementLength, statement_s`,
			header: "client_ip_s:string, statementLength:long, statement_s:string",
			rows:   "10.1.1.2 | 29 | SELECT * FROM users WHERE 1=1\n10.1.1.1 | 8 | SELECT 1",
		},
		{
			name:   "beaconing per minute (bin, render)",
			query:  `AzureNetworkAnalytics_CL | where TimeGenerated between(datetime("9/27/2021 00:00:00") ..datetime("9/27/2021 23:59:59")) and PublicIPs_s contains "3.95.15.41" and FlowDirection_s == "O" and DestPort_d == 443 and L4Protocol_s == "T" | summarize Count = count() by bin(FlowStartTime_t, 1m) | project Count, FlowStartTime_t | render columnchart`,
			header: "Count:long, FlowStartTime_t:datetime",
			rows:   "1 | 2021-09-27T10:05:00Z\n1 | 2021-09-27T23:59:00Z\n2 | 2021-09-27T10:00:00Z",
			sorted: true,
			chart:  "columnchart",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, c, tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := header(res); got != tt.header {
				t.Errorf("columns\n got: %s\nwant: %s", got, tt.header)
			}
			if got := rowsText(res.Rows, tt.sorted); got != tt.rows {
				t.Errorf("rows\n got:\n%s\nwant:\n%s", got, tt.rows)
			}
			gotChart := ""
			if res.Chart != nil {
				gotChart = res.Chart.Kind
			}
			if gotChart != tt.chart {
				t.Errorf("chart = %q, want %q", gotChart, tt.chart)
			}
		})
	}
}

// The playbook's broken lines must fail where the service would, saying
// what was found and what was expected.
func TestPlaybookErrors(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		name      string
		query     string
		line, col int
		msg       []string
	}{
		{
			name:  "typo splitCallerIpAddress",
			query: `StorageBlobLogs | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | extend SourceIP = splitCallerIpAddress,":")[0] | summarize dataOut = sum(ResponseBodySize) by tostring(SourceIP), OperationName | sort by dataOut`,
			line:  1,
			col:   strings.LastIndex(`StorageBlobLogs | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) | extend SourceIP = splitCallerIpAddress,":")`, `")`) + 2,
			msg:   []string{"unexpected ')'", "expected"},
		},
		{
			name:  "placeholder [UserID]",
			query: `AzureActivity | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) and Caller == [UserID]`,
			line:  1,
			col:   strings.Index(`AzureActivity | where TimeGenerated between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00")) and Caller == [UserID]`, "[") + 1,
			msg:   []string{"unexpected '['", "expected", "Placeholder"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.query, c, Options{})
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Fatalf("got %v, want a *query.Error", err)
			}
			if qe.Lang != "kql" || qe.Line != tt.line || qe.Col != tt.col {
				t.Errorf("error at %s %d:%d, want kql %d:%d (%s)", qe.Lang, qe.Line, qe.Col, tt.line, tt.col, qe.Msg)
			}
			for _, m := range tt.msg {
				if !strings.Contains(qe.Msg, m) {
					t.Errorf("message %q lacks %q", qe.Msg, m)
				}
			}
		})
	}
}
