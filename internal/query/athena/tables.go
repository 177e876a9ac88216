package athena

import (
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// An Athena table is a view over a case table: the columns Athena's DDL
// declares, with Athena's types, computed from the case's columns. The
// compiled SQL defines it as a CTE, and only when the query names it.
type athenaTable struct {
	name    string // as queries name it
	base    string // the case table it reads
	columns []tableColumn
}

// tableColumn is one column of an Athena table: its type and the DuckDB
// expression over the case table that computes it.
type tableColumn struct {
	name string
	t    *typ
	// sql computes the column; has reports whether the case table has a
	// column, so a case from an older schema still compiles (as NULLs).
	sql func(has func(string) bool) string
}

// Tables lists the Athena table names the compiler offers.
func Tables() []string {
	names := make([]string, len(athenaTables))
	for i, t := range athenaTables {
		names[i] = t.name
	}
	return names
}

var athenaTables = []*athenaTable{vpcFlowLogs, cloudtrailLogs}

func lookupTable(name string) *athenaTable {
	for _, t := range athenaTables {
		if t.name == name {
			return t
		}
	}
	return nil
}

// duckType is the DuckDB type a column is cast to.
func duckType(t *typ) string {
	switch t.name {
	case "integer":
		return "INTEGER"
	case "bigint":
		return "BIGINT"
	case "date":
		return "DATE"
	}
	return "VARCHAR"
}

// caseColumn reads a case column as the Athena type t: TRY_CAST, because
// Hive's text SerDe reads a value that does not fit the type as NULL.
func caseColumn(name string, t *typ) func(has func(string) bool) string {
	return func(has func(string) bool) string {
		if !has(name) {
			return "CAST(NULL AS " + duckType(t) + ")"
		}
		return "TRY_CAST(" + query.Ident(name) + " AS " + duckType(t) + ")"
	}
}

// vpcFlowLogs has the columns of both Athena DDLs for flow logs (the
// classic one the playbook's hunts use, then the current one), and the
// partition columns dt and date.
var vpcFlowLogs = &athenaTable{
	name: "vpc_flow_logs",
	base: "vpc_flow_logs",
	columns: []tableColumn{
		// Classic DDL.
		{"version", tInteger, caseColumn("version", tInteger)},
		{"account", tVarchar, caseColumn("account", tVarchar)},
		{"interfaceid", tVarchar, caseColumn("interfaceid", tVarchar)},
		{"sourceaddress", tVarchar, caseColumn("sourceaddress", tVarchar)},
		{"destinationaddress", tVarchar, caseColumn("destinationaddress", tVarchar)},
		{"sourceport", tInteger, caseColumn("sourceport", tInteger)},
		{"destinationport", tInteger, caseColumn("destinationport", tInteger)},
		{"protocol", tInteger, caseColumn("protocol", tInteger)},
		{"numpackets", tInteger, caseColumn("numpackets", tInteger)},
		{"numbytes", tBigint, caseColumn("numbytes", tBigint)},
		{"starttime", tInteger, caseColumn("starttime", tInteger)},
		{"endtime", tInteger, caseColumn("endtime", tInteger)},
		{"action", tVarchar, caseColumn("action", tVarchar)},
		{"logstatus", tVarchar, caseColumn("logstatus", tVarchar)},
		// Current DDL: the same v2 fields under new names, then v3–v5.
		{"account_id", tVarchar, caseColumn("account", tVarchar)},
		{"interface_id", tVarchar, caseColumn("interfaceid", tVarchar)},
		{"srcaddr", tVarchar, caseColumn("sourceaddress", tVarchar)},
		{"dstaddr", tVarchar, caseColumn("destinationaddress", tVarchar)},
		{"srcport", tInteger, caseColumn("sourceport", tInteger)},
		{"dstport", tInteger, caseColumn("destinationport", tInteger)},
		{"packets", tBigint, caseColumn("numpackets", tBigint)},
		{"bytes", tBigint, caseColumn("numbytes", tBigint)},
		{"start", tBigint, caseColumn("starttime", tBigint)},
		{"end", tBigint, caseColumn("endtime", tBigint)},
		{"log_status", tVarchar, caseColumn("logstatus", tVarchar)},
		{"vpc_id", tVarchar, caseColumn("vpc_id", tVarchar)},
		{"subnet_id", tVarchar, caseColumn("subnet_id", tVarchar)},
		{"instance_id", tVarchar, caseColumn("instance_id", tVarchar)},
		{"tcp_flags", tInteger, caseColumn("tcp_flags", tInteger)},
		{"type", tVarchar, caseColumn("type", tVarchar)},
		{"pkt_srcaddr", tVarchar, caseColumn("pkt_srcaddr", tVarchar)},
		{"pkt_dstaddr", tVarchar, caseColumn("pkt_dstaddr", tVarchar)},
		{"region", tVarchar, caseColumn("region", tVarchar)},
		{"az_id", tVarchar, caseColumn("az_id", tVarchar)},
		{"sublocation_type", tVarchar, caseColumn("sublocation_type", tVarchar)},
		{"sublocation_id", tVarchar, caseColumn("sublocation_id", tVarchar)},
		{"pkt_src_aws_service", tVarchar, caseColumn("pkt_src_aws_service", tVarchar)},
		{"pkt_dst_aws_service", tVarchar, caseColumn("pkt_dst_aws_service", tVarchar)},
		{"flow_direction", tVarchar, caseColumn("flow_direction", tVarchar)},
		{"traffic_path", tInteger, caseColumn("traffic_path", tInteger)},
		// Partitions: the day of the record's start.
		{"dt", tVarchar, func(has func(string) bool) string {
			if !has("start_time") {
				return "CAST(NULL AS VARCHAR)"
			}
			return "strftime(" + query.Ident("start_time") + ", '%Y-%m-%d')"
		}},
		{"date", tDate, func(has func(string) bool) string {
			if !has("start_time") {
				return "CAST(NULL AS DATE)"
			}
			return "CAST(" + query.Ident("start_time") + " AS DATE)"
		}},
	},
}

// jsonNode describes how an Athena column is read from the CloudTrail
// record JSON: its key there (CloudTrail's camelCase) and its type; rows
// list their fields, arrays their element.
type jsonNode struct {
	name   string // Athena's lower-case name
	key    string // JSON key
	t      *typ   // set for scalars
	fields []jsonNode
	elem   *jsonNode
}

func (n jsonNode) typ() *typ {
	switch {
	case n.elem != nil:
		return arrayOf(n.elem.typ())
	case n.fields != nil:
		fs := make([]field, len(n.fields))
		for i, f := range n.fields {
			fs[i] = field{name: f.name, t: f.typ()}
		}
		return rowOf(fs...)
	}
	return n.t
}

func str(name, key string) jsonNode { return jsonNode{name: name, key: key, t: tVarchar} }

// jsonSQL reads node from the JSON value src at path. depth names the
// lambda variables of nested arrays apart.
func jsonSQL(src, path string, n jsonNode, depth int) string {
	p := query.MustQuote(path)
	switch {
	case n.elem != nil:
		v := "e" + string(rune('0'+depth))
		return "CASE WHEN json_type(" + src + ", " + p + ") = 'ARRAY' THEN list_transform(json_extract(" + src + ", " +
			query.MustQuote(path+"[*]") + "), lambda " + v + ": " + jsonSQL(v, "$", *n.elem, depth+1) + ") END"
	case n.fields != nil:
		parts := make([]string, len(n.fields))
		for i, f := range n.fields {
			parts[i] = query.Ident(f.name) + " := " + jsonSQL(src, path+"."+f.key, f, depth)
		}
		return "CASE WHEN json_type(" + src + ", " + p + ") = 'OBJECT' THEN struct_pack(" + strings.Join(parts, ", ") + ") END"
	}
	// A scalar: strings unquoted, objects and arrays as their JSON text
	// (requestparameters …), JSON null as NULL.
	return "json_extract_string(" + src + ", " + p + ")"
}

// cloudtrailFields is the Athena CloudTrail DDL (CloudTrailSerde).
var cloudtrailFields = []jsonNode{
	str("eventversion", "eventVersion"),
	{name: "useridentity", key: "userIdentity", fields: []jsonNode{
		str("type", "type"),
		str("principalid", "principalId"),
		str("arn", "arn"),
		str("accountid", "accountId"),
		str("invokedby", "invokedBy"),
		str("accesskeyid", "accessKeyId"),
		str("username", "userName"),
		{name: "sessioncontext", key: "sessionContext", fields: []jsonNode{
			{name: "attributes", key: "attributes", fields: []jsonNode{
				str("mfaauthenticated", "mfaAuthenticated"),
				str("creationdate", "creationDate"),
			}},
			{name: "sessionissuer", key: "sessionIssuer", fields: []jsonNode{
				str("type", "type"),
				str("principalid", "principalId"),
				str("arn", "arn"),
				str("accountid", "accountId"),
				str("username", "userName"),
			}},
		}},
	}},
	str("eventtime", "eventTime"),
	str("eventsource", "eventSource"),
	str("eventname", "eventName"),
	str("awsregion", "awsRegion"),
	str("sourceipaddress", "sourceIPAddress"),
	str("useragent", "userAgent"),
	str("errorcode", "errorCode"),
	str("errormessage", "errorMessage"),
	str("requestparameters", "requestParameters"),
	str("responseelements", "responseElements"),
	str("additionaleventdata", "additionalEventData"),
	str("requestid", "requestID"),
	str("eventid", "eventID"),
	{name: "resources", key: "resources", elem: &jsonNode{fields: []jsonNode{
		str("arn", "ARN"),
		str("accountid", "accountId"),
		str("type", "type"),
	}}},
	str("eventtype", "eventType"),
	str("apiversion", "apiVersion"),
	str("readonly", "readOnly"),
	str("recipientaccountid", "recipientAccountId"),
	str("serviceeventdetails", "serviceEventDetails"),
	str("sharedeventid", "sharedEventID"),
	str("vpcendpointid", "vpcEndpointId"),
	{name: "tlsdetails", key: "tlsDetails", fields: []jsonNode{
		str("tlsversion", "tlsVersion"),
		str("ciphersuite", "cipherSuite"),
		str("clientprovidedhostheader", "clientProvidedHostHeader"),
	}},
}

var cloudtrailLogs = func() *athenaTable {
	t := &athenaTable{name: "cloudtrail_logs", base: "cloudtrail"}
	for _, f := range cloudtrailFields {
		f := f
		col := tableColumn{name: f.name, t: f.typ()}
		col.sql = func(has func(string) bool) string {
			if !has("raw") {
				return "NULL"
			}
			s := jsonSQL(query.Ident("raw"), "$."+f.key, f, 0)
			if f.name == "eventtime" && has("eventTime") {
				// Records a log shipper stripped of eventTime keep their
				// time in the case's typed column.
				s = "coalesce(" + s + ", strftime(" + query.Ident("eventTime") + ", '%Y-%m-%dT%H:%M:%SZ'))"
			}
			return s
		}
		t.columns = append(t.columns, col)
	}
	return t
}()

// cteSQL is the body of the CTE that defines t over the case table.
func (t *athenaTable) cteSQL(schema query.Schema) string {
	has := func(string) bool { return true }
	if schema != nil {
		if base := schema.Table(t.base); base != nil {
			cols := map[string]bool{}
			for _, c := range base.Columns {
				cols[strings.ToLower(c.Name)] = true
			}
			has = func(name string) bool { return cols[strings.ToLower(name)] }
		}
	}
	parts := make([]string, len(t.columns))
	for i, c := range t.columns {
		parts[i] = c.sql(has) + " AS " + query.Ident(c.name)
	}
	return "SELECT " + strings.Join(parts, ", ") + " FROM main." + query.Ident(t.base)
}
