// Package s3access reads Amazon S3 server access logs (the raw text objects
// S3 delivers to a logging bucket) into the case table "s3_access_logs".
package s3access

import "github.com/cloudhunt/cloudhunt/internal/source"

// Table holds one row per access log record. Columns follow the record's
// fields in order (reference §3.1); "-" is NULL. Quoted fields (request_uri,
// referer, user_agent) are stored without their quotes.
var Table = &source.Table{
	Name:       "s3_access_logs",
	Doc:        "Amazon S3 server access log records, one row per request.",
	TimeColumn: "time",
	Columns: []source.Column{
		{Name: "bucket_owner", Type: "VARCHAR", Doc: "canonical user id of the source bucket's owner"},
		{Name: "bucket", Type: "VARCHAR"},
		{Name: "time", Type: "TIMESTAMP", Doc: "when the request was received (UTC)"},
		{Name: "remote_ip", Type: "VARCHAR"},
		{Name: "requester", Type: "VARCHAR", Doc: "canonical user id or IAM ARN; NULL for anonymous requests"},
		{Name: "request_id", Type: "VARCHAR"},
		{Name: "operation", Type: "VARCHAR", Doc: "REST.GET.OBJECT, REST.PUT.OBJECT, BATCH.DELETE.OBJECT …"},
		{Name: "key", Type: "VARCHAR", Doc: "object key, URL-encoded as logged"},
		{Name: "request_uri", Type: "VARCHAR", Doc: `request line, e.g. GET /bucket/key HTTP/1.1`},
		{Name: "http_status", Type: "INTEGER"},
		{Name: "error_code", Type: "VARCHAR", Doc: "S3 error code, e.g. AccessDenied"},
		{Name: "bytes_sent", Type: "BIGINT"},
		{Name: "object_size", Type: "BIGINT"},
		{Name: "total_time_ms", Type: "BIGINT"},
		{Name: "turn_around_time_ms", Type: "BIGINT"},
		{Name: "referer", Type: "VARCHAR"},
		{Name: "user_agent", Type: "VARCHAR"},
		{Name: "version_id", Type: "VARCHAR"},
		{Name: "host_id", Type: "VARCHAR", Doc: "x-amz-id-2"},
		{Name: "signature_version", Type: "VARCHAR", Doc: "SigV2 or SigV4"},
		{Name: "cipher_suite", Type: "VARCHAR"},
		{Name: "authentication_type", Type: "VARCHAR", Doc: "AuthHeader or QueryString"},
		{Name: "host_header", Type: "VARCHAR"},
		{Name: "tls_version", Type: "VARCHAR"},
		{Name: "access_point_arn", Type: "VARCHAR"},
		{Name: "acl_required", Type: "VARCHAR", Doc: "Yes when an ACL was required to authorize the request"},
		{Name: "source_region", Type: "VARCHAR"},
		{Name: "extra", Type: "VARCHAR", Doc: "fields S3 appended after source_region (newer formats), as logged"},
	},
}

// Positions of the columns the parser fills specially.
const (
	colTime       = 2
	colHTTPStatus = 9
	colExtra      = 27
)

// knownFields is how many fields the table names; more are kept in "extra".
const knownFields = 27

// minFields is how many fields the oldest records have (up to the version
// id): fewer means the line is not a whole record.
const minFields = 18
