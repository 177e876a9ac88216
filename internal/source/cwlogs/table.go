// Package cwlogs reads CloudWatch Logs events of any log group that has no
// table of its own (CloudTrail and VPC flow logs have theirs) into the case
// table "cwl_events": get-log-events and filter-log-events output, export
// tasks' S3 objects and subscription-filter payloads. Events whose message
// is a Fluent Bit container record (EKS, Container Insights) or an API
// Gateway access log record get typed columns for what hunts filter on.
package cwlogs

import "github.com/cloudhunt/cloudhunt/internal/source"

// Kinds of message, in the "kind" column.
const (
	KindEKSContainer     = "eks-container"
	KindAPIGatewayAccess = "apigateway-access"
	KindJSON             = "json"
	KindText             = "text"
)

// Table holds one row per log event.
var Table = &source.Table{
	Name:       "cwl_events",
	Doc:        "CloudWatch Logs events of log groups without a table of their own (container, API Gateway, application logs), one row per event.",
	TimeColumn: "timestamp",
	Columns: []source.Column{
		{Name: "log_group", Type: "VARCHAR", Doc: "log group, when the file names it (subscription payloads); else the evidence's ingest --log-group"},
		{Name: "log_stream", Type: "VARCHAR", Doc: "log stream: from the event, the payload or the export's folder; NULL when unknown"},
		{Name: "owner", Type: "VARCHAR", Doc: "account id owning the log group (subscription payloads)"},
		{Name: "timestamp", Type: "TIMESTAMP", Doc: "event time (UTC), @timestamp"},
		{Name: "ingestion_time", Type: "TIMESTAMP", Doc: "when CloudWatch Logs received the event (UTC), @ingestionTime"},
		{Name: "event_id", Type: "VARCHAR", Doc: "eventId (filter-log-events) or id (subscription payloads)"},
		{Name: "message", Type: "VARCHAR", Doc: "the raw message, @message"},
		{Name: "kind", Type: "VARCHAR", Doc: "recognised message shape: eks-container, apigateway-access, json or text"},
		{Name: "message_json", Type: "JSON", Doc: "the message when it is a JSON object, else NULL"},
		{Name: "k8s_pod_name", Type: "VARCHAR", Doc: "kubernetes.pod_name"},
		{Name: "k8s_namespace", Type: "VARCHAR", Doc: "kubernetes.namespace_name"},
		{Name: "k8s_container_name", Type: "VARCHAR", Doc: "kubernetes.container_name"},
		{Name: "k8s_container_image", Type: "VARCHAR", Doc: "kubernetes.container_image"},
		{Name: "k8s_host", Type: "VARCHAR", Doc: "kubernetes.host: the node"},
		{Name: "k8s_log", Type: "VARCHAR", Doc: "log: the container's output line"},
		{Name: "apigw_request_id", Type: "VARCHAR", Doc: "requestId (or extendedRequestId)"},
		{Name: "apigw_source_ip", Type: "VARCHAR", Doc: "sourceIp (or ip)"},
		{Name: "apigw_status", Type: "INTEGER", Doc: "status"},
		{Name: "apigw_method", Type: "VARCHAR", Doc: "httpMethod"},
		{Name: "apigw_path", Type: "VARCHAR", Doc: "path, else resourcePath, else routeKey"},
		{Name: "apigw_resource_path", Type: "VARCHAR", Doc: "resourcePath"},
		{Name: "apigw_integration_error", Type: "VARCHAR", Doc: "integrationErrorMessage"},
		{Name: "apigw_user_agent", Type: "VARCHAR", Doc: "userAgent"},
	},
}

// Column positions, in Table.Columns order.
const (
	colLogGroup = iota
	colLogStream
	colOwner
	colTimestamp
	colIngestionTime
	colEventID
	colMessage
	colKind
	colMessageJSON
	colK8sPodName
	colK8sNamespace
	colK8sContainerName
	colK8sContainerImage
	colK8sHost
	colK8sLog
	colAPIGWRequestID
	colAPIGWSourceIP
	colAPIGWStatus
	colAPIGWMethod
	colAPIGWPath
	colAPIGWResourcePath
	colAPIGWIntegrationError
	colAPIGWUserAgent
	numColumns
)
