package insights

import (
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

// ptrSQL makes @ptr from the provenance columns every case table has: the
// evidence file and the record in it identify a row uniquely.
const ptrSQL = `(CAST("_file" AS VARCHAR) || '-' || CAST("_record" AS VARCHAR))`

// FlowLogsSource is a VPC flow log group as Insights sees it, over the case
// table vpc_flow_logs. where (already safe SQL, "" for all rows) restricts
// it to the log group(s) queried.
//
// The discovered fields are the default-format ones the service lists
// (reference §2.3); start/end are also reachable as startTime/endTime, the
// names the documentation uses. @message is the record line as the service
// stored it: the default v2 format, space-separated, "-" for a missing value.
func FlowLogsSource(where string) Source {
	col := func(name string) string { return `"` + name + `"` }
	fields := map[string]Field{
		"version":     {SQL: col("version"), Kind: Number},
		"accountId":   {SQL: col("account"), Kind: String},
		"interfaceId": {SQL: col("interfaceid"), Kind: String},
		"srcAddr":     {SQL: col("sourceaddress"), Kind: String},
		"dstAddr":     {SQL: col("destinationaddress"), Kind: String},
		"srcPort":     {SQL: col("sourceport"), Kind: Number},
		"dstPort":     {SQL: col("destinationport"), Kind: Number},
		"protocol":    {SQL: col("protocol"), Kind: Number},
		"packets":     {SQL: col("numpackets"), Kind: Number},
		"bytes":       {SQL: col("numbytes"), Kind: Number},
		"start":       {SQL: col("starttime"), Kind: Number},
		"startTime":   {SQL: col("starttime"), Kind: Number},
		"end":         {SQL: col("endtime"), Kind: Number},
		"endTime":     {SQL: col("endtime"), Kind: Number},
		"action":      {SQL: col("action"), Kind: String},
		"logStatus":   {SQL: col("logstatus"), Kind: String},
	}
	// The v2 record line, in the default field order.
	order := []string{"version", "account", "interfaceid", "sourceaddress", "destinationaddress",
		"sourceport", "destinationport", "protocol", "numpackets", "numbytes",
		"starttime", "endtime", "action", "logstatus"}
	msg := "concat_ws(' '"
	for _, c := range order {
		msg += ", coalesce(CAST(" + col(c) + " AS VARCHAR), '-')"
	}
	msg += ")"
	return Source{
		From:      `"` + vpcflow.Table.Name + `"`,
		Where:     where,
		Timestamp: col("start_time"),
		Message:   msg,
		LogStream: `coalesce("log_stream", "interfaceid")`,
		Log:       `CASE WHEN "log_group" IS NOT NULL THEN coalesce("account", 'unknown') || ':' || "log_group" END`,
		Ptr:       ptrSQL,
		Fields:    fields,
	}
}

// CloudTrailSource is a CloudTrail log group as Insights sees it, over the
// case table cloudtrail. where (already safe SQL, "" for all rows) restricts
// it to the log group(s) queried.
//
// Fields whose typed column holds exactly the event's JSON text use that
// column (faster); every other dotted path is read from the raw JSON, so a
// field prints as the service would print it (eventTime stays the event's
// own ISO text).
func CloudTrailSource(where string) Source {
	str := func(name string) Field { return Field{SQL: `"` + name + `"`, Kind: String} }
	fields := map[string]Field{
		"eventVersion":             str("eventVersion"),
		"eventSource":              str("eventSource"),
		"eventName":                str("eventName"),
		"awsRegion":                str("awsRegion"),
		"sourceIPAddress":          str("sourceIPAddress"),
		"userAgent":                str("userAgent"),
		"errorCode":                str("errorCode"),
		"errorMessage":             str("errorMessage"),
		"eventType":                str("eventType"),
		"eventCategory":            str("eventCategory"),
		"eventID":                  str("eventID"),
		"requestID":                str("requestID"),
		"recipientAccountId":       str("recipientAccountId"),
		"userIdentity.type":        str("userIdentityType"),
		"userIdentity.arn":         str("userIdentityArn"),
		"userIdentity.principalId": str("userIdentityPrincipalId"),
		"userIdentity.accountId":   str("userIdentityAccountId"),
		"userIdentity.userName":    str("userIdentityUserName"),
		"userIdentity.invokedBy":   str("userIdentityInvokedBy"),
		"userIdentity.accessKeyId": str("accessKeyId"),
		"userIdentity.sessionContext.sessionIssuer.userName":      str("sessionIssuerUserName"),
		"userIdentity.sessionContext.sessionIssuer.arn":           str("sessionIssuerArn"),
		"userIdentity.sessionContext.attributes.mfaAuthenticated": str("mfaAuthenticated"),
	}
	return Source{
		From:      `"` + cloudtrail.Table.Name + `"`,
		Where:     where,
		Timestamp: `"eventTime"`,
		Message:   `CAST("raw" AS VARCHAR)`,
		// CloudTrail names its log streams <account>_CloudTrail_<region>.
		LogStream: `("recipientAccountId" || '_CloudTrail_' || "awsRegion")`,
		Ptr:       ptrSQL,
		Fields:    fields,
		JSON:      `"raw"`,
	}
}
