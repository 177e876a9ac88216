package cwlogs

import "github.com/cloudhunt/cloudhunt/internal/query/insights"

// CWLEventsSource is a log group of cwl_events as Logs Insights sees it.
// where (already safe SQL, "" for all rows) restricts it to the log
// group(s) queried.
//
// @message is the raw message and @logStream the stream. A JSON message's
// fields are reached by their dotted names (kubernetes.pod_name,
// integrationErrorMessage, log_processed.level …), as the service
// discovers them. The Fluent Bit fields read their typed column when it is
// set, which equals the JSON value; the other fields read the JSON, so that
// a field holds exactly what the event's own key holds.
//
// @log is <owner>:<group> when the row names its group (subscription
// payloads); for groups named at ingest (ingest --log-group), the caller
// sets Log from the evidence instead.
func CWLEventsSource(where string) insights.Source {
	k8s := func(column, key string) insights.Field {
		return insights.Field{
			SQL:  `coalesce("` + column + `", json_extract_string("message_json", '/` + key + `'))`,
			Kind: insights.String,
		}
	}
	return insights.Source{
		From:      `"` + Table.Name + `"`,
		Where:     where,
		Timestamp: `"timestamp"`,
		Message:   `"message"`,
		LogStream: `"log_stream"`,
		Log:       `CASE WHEN "log_group" IS NOT NULL THEN coalesce("owner", 'unknown') || ':' || "log_group" END`,
		Ptr:       `(CAST("_file" AS VARCHAR) || '-' || CAST("_record" AS VARCHAR))`,
		Fields: map[string]insights.Field{
			"log":                        k8s("k8s_log", "log"),
			"kubernetes.pod_name":        k8s("k8s_pod_name", "kubernetes/pod_name"),
			"kubernetes.namespace_name":  k8s("k8s_namespace", "kubernetes/namespace_name"),
			"kubernetes.container_name":  k8s("k8s_container_name", "kubernetes/container_name"),
			"kubernetes.container_image": k8s("k8s_container_image", "kubernetes/container_image"),
			"kubernetes.host":            k8s("k8s_host", "kubernetes/host"),
		},
		JSON: `"message_json"`,
	}
}
