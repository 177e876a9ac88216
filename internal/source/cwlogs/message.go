package cwlogs

import (
	"strconv"
	"strings"

	"github.com/valyala/fastjson"
)

// classifier recognises what a message holds and fills the kind,
// message_json and typed columns. It keeps one JSON parser for all the
// messages of a file.
type classifier struct {
	p fastjson.Parser
}

// classify fills values[colKind:] from msg; the other columns are left alone.
func (c *classifier) classify(msg string, values []any) {
	for i := colKind; i < numColumns; i++ {
		values[i] = nil
	}
	values[colKind] = KindText
	trimmed := strings.TrimSpace(msg)
	if !strings.HasPrefix(trimmed, "{") {
		return
	}
	v, err := c.p.Parse(trimmed)
	if err != nil || v.Type() != fastjson.TypeObject {
		return
	}
	values[colKind] = KindJSON
	values[colMessageJSON] = trimmed
	switch {
	case c.container(v, values):
		values[colKind] = KindEKSContainer
	case apiGateway(v, values):
		values[colKind] = KindAPIGatewayAccess
	}
}

// container recognises a Fluent Bit record of a container's output line:
// a kubernetes object naming the pod or the container (reference §3.3).
func (c *classifier) container(v *fastjson.Value, values []any) bool {
	k := v.Get("kubernetes")
	if k == nil || k.Type() != fastjson.TypeObject {
		return false
	}
	pod, container := text(k.Get("pod_name")), text(k.Get("container_name"))
	if pod == nil && container == nil {
		return false
	}
	values[colK8sPodName] = pod
	values[colK8sContainerName] = container
	values[colK8sNamespace] = text(k.Get("namespace_name"))
	values[colK8sContainerImage] = text(k.Get("container_image"))
	values[colK8sHost] = text(k.Get("host"))
	values[colK8sLog] = text(v.Get("log"))
	return true
}

// apiGateway recognises an API Gateway access log record in JSON: it must
// hold requestId or extendedRequestId (API Gateway requires one), and one
// of the request's own fields (reference §3.4). Key names are the ones AWS
// documents for its example formats; "-" is API Gateway's empty value.
func apiGateway(v *fastjson.Value, values []any) bool {
	id := first(v, "requestId", "extendedRequestId")
	if id == nil {
		return false
	}
	ip := first(v, "sourceIp", "ip")
	method := first(v, "httpMethod")
	status := first(v, "status")
	if ip == nil && method == nil && status == nil {
		return false
	}
	values[colAPIGWRequestID] = id
	values[colAPIGWSourceIP] = ip
	values[colAPIGWMethod] = method
	if s, ok := status.(string); ok {
		if n, err := strconv.ParseInt(s, 10, 32); err == nil {
			values[colAPIGWStatus] = int32(n)
		}
	}
	values[colAPIGWPath] = first(v, "path", "resourcePath", "routeKey")
	values[colAPIGWResourcePath] = first(v, "resourcePath")
	values[colAPIGWIntegrationError] = first(v, "integrationErrorMessage")
	values[colAPIGWUserAgent] = first(v, "userAgent", "user_agent")
	return true
}

// first returns the first of keys that holds a value other than "-".
func first(v *fastjson.Value, keys ...string) any {
	for _, k := range keys {
		if s := text(v.Get(k)); s != nil && s != "-" {
			return s
		}
	}
	return nil
}

// text returns a string or number value as a string; nil for anything
// else (absent, null, objects …).
func text(v *fastjson.Value) any {
	if v == nil {
		return nil
	}
	switch v.Type() {
	case fastjson.TypeString:
		return string(v.GetStringBytes())
	case fastjson.TypeNumber:
		return v.String()
	}
	return nil
}
