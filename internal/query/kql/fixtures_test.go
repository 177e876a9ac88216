package kql

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// fixture is a test table and its rows (values in column order).
type fixture struct {
	table *source.Table
	rows  [][]any
}

// table builds a source.Table from "Name TYPE" pairs.
func table(name string, cols ...string) *source.Table {
	t := &source.Table{Name: name, TimeColumn: "TimeGenerated"}
	for _, c := range cols {
		n, typ, _ := strings.Cut(c, " ")
		t.Columns = append(t.Columns, source.Column{Name: n, Type: typ})
	}
	return t
}

// ts reads "2006-01-02 15:04:05" as UTC.
func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	failPw = `[{"authenticationStepDateTime":"2023-08-09T10:00:00Z","authenticationMethod":"Password","succeeded":false}]`
	okPw   = `[{"authenticationMethod":"Password","succeeded":true}]`
	flowA  = "40.70.212.199|1|0|2|3|4|5"
)

// fixtures are the Log Analytics tables the playbook's KQL reads (the
// columns its queries use, named as in the service) plus T and U for
// operator tests.
var fixtures = []fixture{
	{table("SigninLogs", "TimeGenerated TIMESTAMP", "UserPrincipalName VARCHAR", "IPAddress VARCHAR",
		"UserAgent VARCHAR", "AuthenticationDetails VARCHAR", "ResultType VARCHAR", "LocationDetails JSON"), [][]any{
		{ts("2023-08-09 10:00:00"), "alice@x.com", "1.1.1.1", "UA1", failPw, "50126", `{"city":"Paris","countryOrRegion":"FR"}`},
		{ts("2023-08-09 11:00:00"), "alice@x.com", "1.1.1.1", "UA1", failPw, "50126", nil},
		{ts("2023-08-09 12:00:00"), "bob@x.com", "2.2.2.2", "UA2", okPw, "0", `{"city":"Oslo","countryOrRegion":"NO"}`},
		{ts("2023-08-11 09:00:00"), "carol@x.com", "3.3.3.3", "UA3", failPw, "50126", nil},
		{ts("2023-08-09 13:00:00"), "dave@x.com", "4.4.4.4", "UA4", "not json", "0", nil},
	}},
	{table("AADManagedIdentitySignInLogs", "TimeGenerated TIMESTAMP", "ServicePrincipalId VARCHAR", "ServicePrincipalName VARCHAR", "IPAddress VARCHAR"), [][]any{
		{ts("2023-08-09 10:00:00"), "sp-1", "vm-identity", "10.0.0.4"},
		{ts("2023-08-12 10:00:00"), "sp-2", "func-identity", "10.0.0.5"},
	}},
	{table("AzureActivity", "TimeGenerated TIMESTAMP", "OperationNameValue VARCHAR", "Level VARCHAR", "Caller VARCHAR",
		"CallerIpAddress VARCHAR", "Authorization VARCHAR"), [][]any{
		{ts("2023-08-09 10:00:00"), "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE", "Informational", "alice@x.com", "1.1.1.1", `{"action":"Microsoft.Compute/virtualMachines/delete","scope":"/subscriptions/s/vm1"}`},
		{ts("2023-08-09 12:00:00"), "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE", "Informational", "bob@x.com", "2.2.2.2", `{"action":"Microsoft.Compute/virtualMachines/write"}`},
		{ts("2023-08-12 08:00:00"), "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE", "Informational", "carol@x.com", "3.3.3.3", `{"action":"Microsoft.Compute/virtualMachines/delete"}`},
	}},
	{table("StorageBlobLogs", "TimeGenerated TIMESTAMP", "AccountName VARCHAR", "OperationName VARCHAR",
		"CallerIpAddress VARCHAR", "Uri VARCHAR", "ResponseBodySize BIGINT"), [][]any{
		{ts("2023-08-09 10:00:00"), "acct1", "GetBlob", "10.0.0.1:5000", "https://acct1/c/a", int64(100)},
		{ts("2023-08-09 11:00:00"), "acct1", "GetBlob", "10.0.0.1:5001", "https://acct1/c/b", int64(50)},
		{ts("2023-08-09 12:00:00"), "acct1", "PutBlob", "10.0.0.2:6000", "https://acct1/c/c", int64(10)},
		{ts("2023-08-11 12:00:00"), "acct1", "GetBlob", "10.0.0.3:7000", "https://acct1/c/d", int64(999)},
	}},
	{table("StorageFileLogs", "TimeGenerated TIMESTAMP", "OperationName VARCHAR", "CallerIpAddress VARCHAR", "Uri VARCHAR"), [][]any{
		{ts("2023-08-09 10:00:00"), "CreateFile", "10.0.0.1:445", "https://acct1/share/x.exe"},
		{ts("2023-08-09 10:05:00"), "ReadFile", "10.0.0.1:445", "https://acct1/share/y"},
	}},
	{table("AzureNetworkAnalytics_CL", "TimeGenerated TIMESTAMP", "FlowStartTime_t TIMESTAMP", "PublicIPs_s VARCHAR",
		"FlowDirection_s VARCHAR", "FlowStatus_s VARCHAR", "L7Protocol_s VARCHAR", "L4Protocol_s VARCHAR", "DestPort_d DOUBLE"), [][]any{
		{ts("2023-08-09 10:00:00"), ts("2023-08-09 10:00:10"), flowA, "I", "A", "https", "T", 443.0},
		{ts("2023-08-09 10:01:00"), ts("2023-08-09 10:00:50"), flowA, "O", "A", "ssh", "T", 22.0},
		{ts("2023-08-09 10:02:00"), ts("2023-08-09 10:02:00"), "8.8.8.8|1|1|1|1|1|1", "I", "A", "dns", "U", 53.0},
		{ts("2021-09-27 10:00:00"), ts("2021-09-27 10:00:05"), "3.95.15.41|1|1|1|1|1|1", "O", "A", "https", "T", 443.0},
		{ts("2021-09-27 10:00:30"), ts("2021-09-27 10:00:40"), "3.95.15.41|2|2|2|2|2|2", "O", "A", "https", "T", 443.0},
		{ts("2021-09-27 10:05:00"), ts("2021-09-27 10:05:00"), "3.95.15.41|3|3|3|3|3|3", "O", "A", "https", "T", 443.0},
		{ts("2021-09-27 23:59:59"), ts("2021-09-27 23:59:59"), "3.95.15.41|4|4|4|4|4|4", "O", "A", "https", "T", 443.0},
		{ts("2021-09-28 00:00:00"), ts("2021-09-28 00:00:00"), "3.95.15.41|5|5|5|5|5|5", "O", "A", "https", "T", 443.0},
		{ts("2021-09-27 11:00:00"), ts("2021-09-27 11:00:00"), "3.95.15.41|6|6|6|6|6|6", "I", "A", "https", "T", 443.0},
	}},
	{table("SecurityAlert", "TimeGenerated TIMESTAMP", "DisplayName VARCHAR", "Tactics VARCHAR", "ExtendedProperties VARCHAR", "Entities VARCHAR"), [][]any{
		{ts("2023-08-09 10:00:00"), "Possible reverse shell", "Execution",
			`{"File Path":"/tmp/x","File Name":"x","File Sha256":"abc123","User Name":"root","Machine Name":"vm1"}`,
			`[{"$id":"2","HostName":"vm1","Type":"host"}]`},
		{ts("2023-08-09 11:00:00"), "Failed SSH brute force attack", "CredentialAccess", `{}`,
			`[{"$id":"2","Address":"9.9.9.9","Type":"ip"},{"$id":"3","HostName":"vm1","Type":"host"}]`},
		{ts("2023-08-08 09:00:00"), "Failed RDP brute force attack", "CredentialAccess", `{}`,
			`[{"$id":"2","Address":"7.7.7.7","Type":"ip"}]`},
		{ts("2023-08-11 09:00:00"), "Possible reverse shell", "Execution", `{"File Path":"/tmp/late"}`, `[]`},
	}},
	{table("BehaviorAnalytics", "TimeGenerated TIMESTAMP", "ActivityType VARCHAR", "UserName VARCHAR", "SourceIPAddress VARCHAR", "ActivityInsights JSON"), [][]any{
		{ts("2023-08-09 10:00:00"), "LogOn", "alice", "1.1.1.1", `{"CountryUncommonlyConnectedFromAmongPeers":true,"FirstTimeUserConnectedFromCountry":false}`},
		{ts("2023-08-09 11:00:00"), "LogOn", "bob", "2.2.2.2", `{"CountryUncommonlyConnectedFromAmongPeers":false}`},
		{ts("2023-08-09 12:00:00"), "LogOn", "carol", "3.3.3.3", `{}`},
		{ts("2023-08-09 13:00:00"), "FailedLogOn", "dave", "4.4.4.4", nil},
	}},
	{table("AzureDiagnostics", "TimeGenerated TIMESTAMP", "Category VARCHAR", "action_id_s VARCHAR", "statement_s VARCHAR", "client_ip_s VARCHAR"), [][]any{
		{ts("2021-10-29 14:50:00"), "SQLSecurityAuditEvents", "BCM ", "SELECT 1", "10.1.1.1"},
		{ts("2021-10-29 14:55:00"), "SQLSecurityAuditEvents", "BCM ", "SELECT * FROM users WHERE 1=1", "10.1.1.2"},
		{ts("2021-10-29 14:52:00"), "SQLSecurityAuditEvents", "BCM", "DROP TABLE users", "10.1.1.3"},
		{ts("2021-10-29 15:30:00"), "SQLSecurityAuditEvents", "BCM ", "SELECT 2", "10.1.1.4"},
		{ts("2021-10-29 14:46:00"), "SQLInsights", "BCM ", "SELECT 3", "10.1.1.5"},
	}},
	{table("LinuxAuth_CL", "TimeGenerated TIMESTAMP", "RawData VARCHAR"), [][]any{
		{ts("2023-08-09 10:00:00"), "sshd[1]: Failed password for root from 5.6.7.8"},
		{ts("2023-08-09 10:00:01"), "sshd[2]: Invalid user admin from 5.6.7.8"},
		{ts("2023-08-09 10:00:02"), "sshd[3]: Accepted publickey for ops"},
		{ts("2023-08-09 10:00:03"), "sshd[4]: FAILED PASSWORD for bob"},
	}},
	{table("ContainerInstanceLog_CL", "TimeGenerated TIMESTAMP", "ContainerGroup_s VARCHAR", "Message VARCHAR"), [][]any{
		{ts("2023-08-09 10:00:00"), "cg1", "started"},
		{ts("2023-08-09 10:01:00"), "cg1", "GET /admin"},
	}},
	// T and U are small tables for operator conformance tests.
	{table("T", "s VARCHAR", "n BIGINT", "i INTEGER", "r DOUBLE", "b BOOLEAN", "t TIMESTAMP", "d JSON"), [][]any{
		{"Hello World", int64(1), int32(10), 1.5, true, ts("2023-08-09 00:00:00"), `{"k":"v","arr":[1,2,3],"key with space":"x","nested":{"a":[{"b":7}]}}`},
		{"hello-world.exe", int64(2), int32(20), 2.5, false, ts("2023-08-09 12:00:00"), `[10,20]`},
		{"Helloworld", int64(3), int32(30), nil, nil, ts("2023-08-10 00:00:00"), `"str"`},
		{nil, int64(4), int32(40), 4.0, true, ts("2023-08-10 00:00:01"), nil},
	}},
	{table("U", "k VARCHAR", "v BIGINT"), [][]any{
		{"Hello World", int64(100)},
		{"Hello World", int64(101)},
		{"Helloworld", int64(300)},
		{"other", int64(900)},
	}},
}

// openCase creates a case in a temporary folder holding every fixture.
func openCase(t *testing.T) *store.Case {
	t.Helper()
	var tables []*source.Table
	for _, f := range fixtures {
		tables = append(tables, f.table)
	}
	c, err := store.Open(t.TempDir(), tables, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	for _, f := range fixtures {
		var names, marks []string
		for i, col := range f.table.Columns {
			names = append(names, query.Ident(col.Name))
			marks = append(marks, fmt.Sprintf("$%d", i+1))
		}
		stmt := fmt.Sprintf("INSERT INTO %s (%s, _file, _record) VALUES (%s, 1, 1)",
			query.Ident(f.table.Name), strings.Join(names, ", "), strings.Join(marks, ", "))
		for _, row := range f.rows {
			if _, err := c.DB.Exec(stmt, row...); err != nil {
				t.Fatalf("loading %s: %v", f.table.Name, err)
			}
		}
	}
	return c
}

var testNow = ts("2023-08-10 12:00:00")

// run compiles and runs a query on the case.
func run(t *testing.T, c *store.Case, text string) (*query.Result, error) {
	t.Helper()
	compiled, err := Compile(text, c, Options{Now: testNow})
	if err != nil {
		return nil, err
	}
	res, err := query.Run(context.Background(), c.DB, compiled)
	if err != nil {
		return nil, fmt.Errorf("%w\nSQL:\n%s", err, compiled.SQL)
	}
	return res, nil
}

// header renders a result's columns as "name:type, …".
func header(res *query.Result) string {
	var parts []string
	for _, c := range res.Columns {
		parts = append(parts, c.Name+":"+c.Type)
	}
	return strings.Join(parts, ", ")
}

// rowsText renders rows one per line, values with %v; times as RFC 3339.
func rowsText(rows [][]any, sorted bool) string {
	var lines []string
	for _, r := range rows {
		var vals []string
		for _, v := range r {
			switch v := v.(type) {
			case time.Time:
				vals = append(vals, v.Format(time.RFC3339Nano))
			case nil:
				vals = append(vals, "<nil>")
			default:
				vals = append(vals, fmt.Sprint(v))
			}
		}
		lines = append(lines, strings.Join(vals, " | "))
	}
	if sorted {
		sort.Strings(lines)
	}
	return strings.Join(lines, "\n")
}
