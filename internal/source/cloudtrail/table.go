// Package cloudtrail reads AWS CloudTrail events in every form a responder is
// handed them and loads them into the case table "cloudtrail".
package cloudtrail

import "github.com/cloudhunt/cloudhunt/internal/source"

// Table is the case table of CloudTrail events: one row per event, typed
// columns for what hunts filter on, and the whole record as JSON in "raw"
// for everything else (requestParameters, responseElements, resources …).
var Table = &source.Table{
	Name:       "cloudtrail",
	Doc:        "AWS CloudTrail management and data events, one row per event.",
	TimeColumn: "eventTime",
	Columns: []source.Column{
		{Name: "eventTime", Type: "TIMESTAMP", Doc: "when the request completed (UTC); from @timestamp when a log shipper dropped eventTime"},
		{Name: "eventVersion", Type: "VARCHAR"},
		{Name: "eventSource", Type: "VARCHAR", Doc: "service endpoint, e.g. s3.amazonaws.com"},
		{Name: "eventName", Type: "VARCHAR", Doc: "API action, e.g. StopLogging"},
		{Name: "awsRegion", Type: "VARCHAR"},
		{Name: "sourceIPAddress", Type: "VARCHAR", Doc: "caller IP, or a service name for AWS-originated calls"},
		{Name: "userAgent", Type: "VARCHAR"},
		{Name: "errorCode", Type: "VARCHAR", Doc: "set on failures, e.g. AccessDenied"},
		{Name: "errorMessage", Type: "VARCHAR"},
		{Name: "readOnly", Type: "BOOLEAN"},
		{Name: "eventType", Type: "VARCHAR", Doc: "AwsApiCall, AwsConsoleSignIn, …"},
		{Name: "eventCategory", Type: "VARCHAR", Doc: "Management, Data, Insight, NetworkActivity"},
		{Name: "managementEvent", Type: "BOOLEAN"},
		{Name: "eventID", Type: "VARCHAR"},
		{Name: "requestID", Type: "VARCHAR"},
		{Name: "recipientAccountId", Type: "VARCHAR"},
		{Name: "userIdentityType", Type: "VARCHAR", Doc: "userIdentity.type: Root, IAMUser, AssumedRole, …"},
		{Name: "userIdentityArn", Type: "VARCHAR"},
		{Name: "userIdentityPrincipalId", Type: "VARCHAR"},
		{Name: "userIdentityAccountId", Type: "VARCHAR"},
		{Name: "userIdentityUserName", Type: "VARCHAR", Doc: "userIdentity.userName"},
		{Name: "userIdentityInvokedBy", Type: "VARCHAR"},
		{Name: "accessKeyId", Type: "VARCHAR", Doc: "userIdentity.accessKeyId: AKIA… long-term, ASIA… temporary"},
		{Name: "sessionIssuerUserName", Type: "VARCHAR", Doc: "userIdentity.sessionContext.sessionIssuer.userName (the role name)"},
		{Name: "sessionIssuerArn", Type: "VARCHAR"},
		{Name: "mfaAuthenticated", Type: "VARCHAR", Doc: "userIdentity.sessionContext.attributes.mfaAuthenticated (\"true\"/\"false\")"},
		{Name: "Username", Type: "VARCHAR", Doc: "the caller as lookup-events names it: IAM user name, root, or the role session name (i-… for instance roles)"},
		{Name: "raw", Type: "JSON", Doc: "the whole event record"},
	},
}
