package azure

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// validTypes are the DuckDB types a Log Analytics type maps to.
var validTypes = map[string]bool{
	"VARCHAR": true, "BIGINT": true, "INTEGER": true, "DOUBLE": true,
	"BOOLEAN": true, "TIMESTAMP": true, "JSON": true,
}

func TestTablesAreWellFormed(t *testing.T) {
	tableNames := map[string]bool{}
	for _, tbl := range Tables {
		lower := strings.ToLower(tbl.Name)
		if tableNames[lower] {
			t.Errorf("table %s is listed twice", tbl.Name)
		}
		tableNames[lower] = true

		// DuckDB column names ignore case, so uniqueness is checked that way.
		cols := map[string]source.Column{}
		for _, c := range tbl.Columns {
			if !validTypes[c.Type] {
				t.Errorf("%s.%s: type %q is not one of the mapped DuckDB types", tbl.Name, c.Name, c.Type)
			}
			lower := strings.ToLower(c.Name)
			if _, dup := cols[lower]; dup {
				t.Errorf("%s: column %s appears twice (ignoring case)", tbl.Name, c.Name)
			}
			cols[lower] = c
		}
		tc, ok := cols[strings.ToLower(tbl.TimeColumn)]
		if !ok || tc.Type != "TIMESTAMP" {
			t.Errorf("%s: time column %q is missing or not a TIMESTAMP", tbl.Name, tbl.TimeColumn)
		}
		if tbl.Name != "AzureRoleAssignments" {
			if c, ok := cols["type"]; !ok || c.Name != "Type" || c.Type != "VARCHAR" {
				t.Errorf("%s: no VARCHAR Type column", tbl.Name)
			}
		}
	}
	// The playbook's 16 tables, and Defender's EmailEvents for the e-mail hunts.
	if len(Tables) != 17 {
		t.Errorf("got %d tables, want 17", len(Tables))
	}
}

// TestTablesCreateInCase creates every table in a real case and reads its
// columns back from DuckDB, so a bad type or name fails here, not at ingest.
func TestTablesCreateInCase(t *testing.T) {
	c, err := store.Open(t.TempDir(), Tables, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tbl := range Tables {
		rows, err := c.DB.QueryContext(context.Background(),
			"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position", tbl.Name)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var name, typ string
			if err := rows.Scan(&name, &typ); err != nil {
				t.Fatal(err)
			}
			got = append(got, name+" "+typ)
		}
		rows.Close()
		// The store appends _file, _record and _line after the source's columns.
		if len(got) != len(tbl.Columns)+3 {
			t.Fatalf("%s: case has %d columns, want %d", tbl.Name, len(got), len(tbl.Columns)+3)
		}
		for i, col := range tbl.Columns {
			if want := col.Name + " " + col.Type; got[i] != want {
				t.Errorf("%s column %d: case has %q, want %q", tbl.Name, i, got[i], want)
			}
		}
	}
}

// TestPlaybookColumnsExist lists, by hand from the playbook's KQL and az
// queries, every column each query names, with the Kusto type the query
// relies on.
func TestPlaybookColumnsExist(t *testing.T) {
	tests := []struct {
		table   *source.Table
		columns map[string]string // name → Kusto type
	}{
		{BehaviorAnalytics, map[string]string{
			"ActivityInsights": "dynamic", "TimeGenerated": "datetime", "ActivityType": "string",
			"UserName": "string", "SourceIPAddress": "string",
		}},
		{StorageBlobLogs, map[string]string{
			"OperationName": "string", "TimeGenerated": "datetime", "AccountName": "string",
			"CallerIpAddress": "string", "Uri": "string", "ResponseBodySize": "long",
		}},
		{StorageFileLogs, map[string]string{
			"OperationName": "string", "TimeGenerated": "datetime", "CallerIpAddress": "string", "Uri": "string",
		}},
		{ContainerInstanceLogCL, map[string]string{
			"TimeGenerated": "datetime", "ContainerGroup_s": "string", "Message": "string",
		}},
		{AzureActivity, map[string]string{
			"Authorization": "string", "TimeGenerated": "datetime", "Caller": "string",
			"CallerIpAddress": "string", "OperationNameValue": "string", "Level": "string",
		}},
		{SecurityAlert, map[string]string{
			"TimeGenerated": "datetime", "DisplayName": "string", "ExtendedProperties": "string",
			"Tactics": "string", "Entities": "string",
		}},
		{AADManagedIdentitySignInLogs, map[string]string{
			"TimeGenerated": "datetime", "ServicePrincipalId": "string",
		}},
		{LinuxAuthCL, map[string]string{"RawData": "string", "TimeGenerated": "datetime"}},
		{SigninLogs, map[string]string{
			"AuthenticationDetails": "string", "TimeGenerated": "datetime", "IPAddress": "string", "UserAgent": "string",
		}},
		{AzureNetworkAnalyticsCL, map[string]string{
			"FlowStartTime_t": "datetime", "PublicIPs_s": "string", "TimeGenerated": "datetime",
			"FlowDirection_s": "string", "FlowStatus_s": "string", "L7Protocol_s": "string",
			"L4Protocol_s": "string", "DestPort_d": "real",
		}},
		{AzureDiagnostics, map[string]string{
			"TimeGenerated": "datetime", "Category": "string", "action_id_s": "string",
			"statement_s": "string", "client_ip_s": "string",
		}},
		{AzureRoleAssignments, map[string]string{
			"principalName": "string", "roleDefinitionName": "string", "scope": "string",
		}},
	}
	for _, tt := range tests {
		byName := map[string]source.Column{}
		for _, c := range tt.table.Columns {
			byName[c.Name] = c
		}
		for name, want := range tt.columns {
			c, ok := byName[name]
			if !ok {
				t.Errorf("%s has no column %s", tt.table.Name, name)
				continue
			}
			if got := KustoType(c); got != want {
				t.Errorf("%s.%s is %s, want %s", tt.table.Name, name, got, want)
			}
		}
	}
}

func TestKustoType(t *testing.T) {
	tests := []struct {
		col  source.Column
		want string
	}{
		{str("a", ""), "string"},
		{jsonText("a", ""), "string"},
		{guid("a", ""), "guid"},
		{long("a", ""), "long"},
		{integer("a", ""), "int"},
		{double("a", ""), "real"},
		{boolean("a", ""), "bool"},
		{datetime("a", ""), "datetime"},
		{dynamic("a", ""), "dynamic"},
	}
	for _, tt := range tests {
		if got := KustoType(tt.col); got != tt.want {
			t.Errorf("KustoType(%s %s) = %s, want %s", tt.col.Type, tt.col.Doc, got, tt.want)
		}
	}
}
