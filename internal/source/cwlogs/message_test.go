package cwlogs

import (
	"testing"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		name string
		msg  string
		want map[string]any // columns from kind on; the others are not set by classify
	}{
		{"Fluent Bit container record", eksMessage, map[string]any{
			"kind": KindEKSContainer, "message_json": eksMessage,
			"k8s_pod_name": "kubernetes-dashboard-7b9c6d9f5-x2x4q", "k8s_namespace": "kubernetes-dashboard",
			"k8s_container_name": "kubernetes-dashboard", "k8s_container_image": "kubernetesui/dashboard:v2.7.0",
			"k8s_host": "ip-10-0-1-5.ec2.internal",
			"k8s_log":  "2024-03-08T10:11:12Z Incoming HTTP/1.1 GET /api/v1/appdeploymentfromfile request from 203.0.113.9",
		}},
		{"API Gateway access record", apigwMessage, map[string]any{
			"kind": KindAPIGatewayAccess, "message_json": apigwMessage,
			"apigw_request_id": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "apigw_source_ip": "203.0.113.9",
			"apigw_status": int32(500), "apigw_method": "GET", "apigw_path": "/../../etc/passwd",
			"apigw_resource_path": "/{proxy+}", "apigw_user_agent": "ffuf/2.1.0",
			"apigw_integration_error": "open /srv/../../etc/passwd: No such file or directory",
		}},
		{"API Gateway with ip only, numeric status, '-' values", `{"requestId":"r1","ip":"192.0.2.1","status":404,"httpMethod":"-","integrationErrorMessage":"-","routeKey":"GET /items"}`, map[string]any{
			"kind": KindAPIGatewayAccess, "message_json": `{"requestId":"r1","ip":"192.0.2.1","status":404,"httpMethod":"-","integrationErrorMessage":"-","routeKey":"GET /items"}`,
			"apigw_request_id": "r1", "apigw_source_ip": "192.0.2.1", "apigw_status": int32(404), "apigw_path": "GET /items",
		}},
		{"requestId alone is not API Gateway", `{"requestId":"r1","level":"info"}`, map[string]any{
			"kind": KindJSON, "message_json": `{"requestId":"r1","level":"info"}`,
		}},
		{"kubernetes without pod or container is plain JSON", `{"log":"x","kubernetes":{"host":"n1"}}`, map[string]any{
			"kind": KindJSON, "message_json": `{"log":"x","kubernetes":{"host":"n1"}}`,
		}},
		{"JSON with spaces around", "  {\"a\":1}\n", map[string]any{"kind": KindJSON, "message_json": `{"a":1}`}},
		{"a JSON array is text", `[1,2]`, map[string]any{"kind": KindText}},
		{"broken JSON is text", `{"log":"x"`, map[string]any{"kind": KindText}},
		{"plain text", `START RequestId: 1 Version: $LATEST`, map[string]any{"kind": KindText}},
	}
	var c classifier
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			values := make([]any, numColumns)
			for i := range values {
				values[i] = "stale" // classify must clear what it owns
			}
			c.classify(tc.msg, values)
			for i := colKind; i < numColumns; i++ {
				name := Table.Columns[i].Name
				if values[i] != tc.want[name] {
					t.Errorf("%s = %#v, want %#v", name, values[i], tc.want[name])
				}
			}
		})
	}
}
