package laexport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cell is one value of a test row, with its Kusto type.
type cell struct {
	name  string
	kusto string // string, long, bool, datetime, dynamic
	value any    // string, int64, bool, time.Time, JSON text for dynamic, nil
}

// laRow is one Log Analytics row as the tests write it in every shape.
type laRow struct {
	table string
	cells []cell
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Test rows: sign-ins and activity, each with typed columns, JSON text in
// string columns, and dynamic columns. Times have millisecond precision,
// all the portal's CSV keeps.
var (
	signinRows = []laRow{
		{"SigninLogs", []cell{
			{"TimeGenerated", "datetime", ts("2024-03-08T10:11:12.123Z")},
			{"UserPrincipalName", "string", "alice@contoso.com"},
			{"IPAddress", "string", "203.0.113.9"},
			{"ResultType", "string", "50126"},
			{"AuthenticationDetails", "string", `[{"authenticationStepDateTime":"2024-03-08T10:11:12Z","authenticationMethod":"Password","succeeded":false}]`},
			{"LocationDetails", "dynamic", `{"city":"Lagos","countryOrRegion":"NG"}`},
			{"IsInteractive", "bool", true},
			{"DurationMs", "long", int64(0)},
			{"AppDisplayName", "string", "Azure Portal"},
		}},
		{"SigninLogs", []cell{
			{"TimeGenerated", "datetime", ts("2024-03-08T10:12:00.5Z")},
			{"UserPrincipalName", "string", "bob@contoso.com"},
			{"IPAddress", "string", "203.0.113.9"},
			{"ResultType", "string", "0"},
			{"AuthenticationDetails", "string", `[{"authenticationMethod":"Password","succeeded":true}]`},
			{"LocationDetails", "dynamic", `{"city":"Lagos","geoCoordinates":{"latitude":6.45,"longitude":3.39}}`},
			{"IsInteractive", "bool", false},
			{"DurationMs", "long", int64(9007199254740993)},
			{"AppDisplayName", "string", "Microsoft, \"Office\" 365"},
		}},
	}
	activityRows = []laRow{
		{"AzureActivity", []cell{
			{"TimeGenerated", "datetime", ts("2024-03-08T11:00:00Z")},
			{"Caller", "string", "eve@contoso.com"},
			{"CallerIpAddress", "string", "198.51.100.7"},
			{"OperationNameValue", "string", "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE"},
			{"Authorization", "string", `{"action":"Microsoft.Authorization/roleAssignments/write","scope":"/subscriptions/1111"}`},
			{"Authorization_d", "dynamic", `{"action":"Microsoft.Authorization/roleAssignments/write","scope":"/subscriptions/1111"}`},
			{"ActivityStatusValue", "string", "Success"},
			{"CategoryValue", "string", "Administrative"},
		}},
		{"AzureActivity", []cell{
			{"TimeGenerated", "datetime", ts("2024-03-08T23:59:59.999Z")},
			{"Caller", "string", "11111111-2222-3333-4444-555555555555"},
			{"CallerIpAddress", "string", ""},
			{"OperationNameValue", "string", "Microsoft.Compute/virtualMachines/delete"},
			{"Authorization", "string", ""},
			{"Authorization_d", "dynamic", nil},
			{"ActivityStatusValue", "string", "Start"},
			{"CategoryValue", "string", "Administrative"},
		}},
	}
)

// withType adds the Type column Log Analytics gives every row.
func withType(rows []laRow) []laRow {
	var out []laRow
	for _, r := range rows {
		cells := append(append([]cell(nil), r.cells...), cell{"Type", "string", r.table})
		out = append(out, laRow{r.table, cells})
	}
	return out
}

// azString is a value as az prints it: Python str() of the API's value.
func azString(c cell) string {
	switch v := c.value.(type) {
	case nil:
		return "None"
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		if v {
			return "True"
		}
		return "False"
	case time.Time:
		return v.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	panic(fmt.Sprintf("azString %T", c.value))
}

// azJSON writes rows as `az monitor log-analytics query` prints them:
// keys sorted, every value a string, plus "TableName".
func azJSON(t testing.TB, rows []laRow) string {
	var objs []map[string]string
	for _, r := range rows {
		o := map[string]string{"TableName": "PrimaryResult"}
		for _, c := range r.cells {
			o[c.name] = azString(c)
		}
		objs = append(objs, o)
	}
	b, err := json.MarshalIndent(objs, "", "  ") // maps marshal with sorted keys, as az does
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// typedJSON is a value as the API and the portal's JSON write it.
func typedJSON(c cell) string {
	switch v := c.value.(type) {
	case nil:
		return "null"
	case string:
		if c.kusto == "dynamic" {
			return v
		}
		b, _ := json.Marshal(v)
		return string(b)
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return `"` + v.UTC().Format("2006-01-02T15:04:05.0000000Z") + `"`
	}
	panic(fmt.Sprintf("typedJSON %T", c.value))
}

// portalJSON writes rows as the portal's JSON export: typed values,
// dynamic values as JSON, columns in the table's order.
func portalJSON(rows []laRow) string {
	var b strings.Builder
	b.WriteString("[\n")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("  {")
		for j, c := range r.cells {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q: %s", c.name, typedJSON(c))
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	return b.String()
}

// columnsOf lists the columns of rows in first-seen order, with types.
func columnsOf(rows []laRow) []cell {
	var cols []cell
	seen := map[string]bool{}
	for _, r := range rows {
		for _, c := range r.cells {
			if !seen[c.name] {
				seen[c.name] = true
				cols = append(cols, cell{name: c.name, kusto: c.kusto})
			}
		}
	}
	return cols
}

func cellOf(r laRow, name string) (cell, bool) {
	for _, c := range r.cells {
		if c.name == name {
			return c, true
		}
	}
	return cell{}, false
}

// apiJSON writes rows as the query API's response.
func apiJSON(rows []laRow) string {
	cols := columnsOf(rows)
	var b strings.Builder
	b.WriteString(`{"tables":[{"name":"PrimaryResult","columns":[`)
	for i, c := range cols {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name":%q,"type":%q}`, c.name, c.kusto)
	}
	b.WriteString("],\n\"rows\":[")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n[")
		for j, col := range cols {
			if j > 0 {
				b.WriteString(",")
			}
			c, ok := cellOf(r, col.name)
			if !ok {
				b.WriteString("null")
				continue
			}
			b.WriteString(typedJSON(c))
		}
		b.WriteString("]")
	}
	b.WriteString("]}]}\n")
	return b.String()
}

// csvCell is a value as the portal's CSV writes it.
func csvCell(t testing.TB, c cell) string {
	var s string
	switch v := c.value.(type) {
	case nil:
		s = ""
	case time.Time:
		s = v.UTC().Format("1/2/2006, 3:04:05.000 PM")
	case string:
		s = v
		if c.kusto == "dynamic" && v != "" {
			// Dynamic cells are written as indented JSON: multi-line cells.
			var out bytes.Buffer
			if err := json.Indent(&out, []byte(v), "", "  "); err != nil {
				t.Fatal(err)
			}
			s = out.String()
		}
	default:
		s = azString(c)
	}
	if strings.ContainsAny(s, ",\"\n") {
		s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// portalCSV writes rows as the portal's "Export to CSV", with a BOM.
func portalCSV(t testing.TB, rows []laRow) string {
	cols := columnsOf(rows)
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBF")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(",")
		}
		name := c.name
		if c.kusto == "datetime" {
			name += " [UTC]"
		}
		b.WriteString(csvCell(t, cell{value: name}))
	}
	b.WriteString("\r\n")
	for _, r := range rows {
		for i, col := range cols {
			if i > 0 {
				b.WriteString(",")
			}
			if c, ok := cellOf(r, col.name); ok {
				b.WriteString(csvCell(t, c))
			}
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// shapes are the four ways a Log Analytics export arrives, each with the
// format that must claim it and a file extension.
var shapes = []struct {
	name, format, ext string
	write             func(t testing.TB, rows []laRow) string
}{
	{"az", "azure-la-rows", ".json", azJSON},
	{"portal-json", "azure-la-rows", ".json", func(_ testing.TB, rows []laRow) string { return portalJSON(rows) }},
	{"portal-csv", "azure-la-csv", ".csv", portalCSV},
	{"api", "azure-la-api", ".json", func(_ testing.TB, rows []laRow) string { return apiJSON(rows) }},
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
