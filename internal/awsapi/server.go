package awsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// Handler serves the backend over HTTP as the AWS JSON 1.1 protocol: POST
// with X-Amz-Target naming the operation, a JSON body, a JSON answer or
// {"__type", "message"} with status 400. The region of each call comes from
// its SigV4 credential scope, as the service's endpoint would have it.
// Signatures are not checked: this serves a case to a local CLI, bound to
// 127.0.0.1 by whoever starts it.
func (b *Backend) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := r.Header.Get("X-Amz-Target")
		body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
		if err != nil {
			writeError(w, &Error{Code: "SerializationException", Message: err.Error(), Status: 400})
			return
		}
		call := *b
		if region := credentialRegion(r.Header.Get("Authorization")); region != "" {
			call.Region = region
		}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			form, err := url.ParseQuery(string(body))
			if err != nil {
				writeError(w, &Error{Code: "MalformedQueryString", Message: err.Error(), Status: 400})
				return
			}
			call.serveQuery(w, r, form)
			return
		}
		req, err := jsonv.Decode(body)
		if len(body) == 0 {
			req, err = jsonv.NewObject(), nil
		}
		if strings.HasPrefix(r.URL.Path, "/detector") {
			call.serveGuardDuty(w, r, asObject(req))
			return
		}
		if err != nil {
			writeError(w, &Error{Code: "SerializationException", Message: "request body is not JSON", Status: 400})
			return
		}
		out, err := call.Dispatch(r.Context(), target, asObject(req))
		if err != nil {
			if apiErr, ok := err.(*Error); ok {
				writeError(w, apiErr)
				return
			}
			writeError(w, &Error{Code: "InternalFailure", Message: err.Error(), Status: 500})
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		data, err := json.Marshal(WireTimes(out))
		if err != nil {
			writeError(w, &Error{Code: "InternalFailure", Message: err.Error(), Status: 500})
			return
		}
		w.Write(data)
	})
}

// Dispatch answers one call, named by its X-Amz-Target (the JSON protocol's
// service prefix and operation), with the request body as ordered JSON.
func (b *Backend) Dispatch(ctx context.Context, target string, req *jsonv.Object) (any, error) {
	if out, err, ok := b.dispatchServices(ctx, target, req); ok {
		return out, err
	}
	op := target[strings.LastIndex(target, ".")+1:]
	switch {
	case strings.HasPrefix(target, "com.amazonaws.cloudtrail.") && op == "LookupEvents":
		in, err := lookupEventsInput(req)
		if err != nil {
			return nil, err
		}
		return b.LookupEvents(ctx, in)
	case strings.HasPrefix(target, "Logs_"):
		switch op {
		case "StartQuery":
			return b.StartQuery(ctx, StartQueryInput{LogGroupName: str(req, "logGroupName"), LogGroupNames: strs(req, "logGroupNames"),
				LogGroupIdentifiers: strs(req, "logGroupIdentifiers"), StartTime: integer(req, "startTime"), EndTime: integer(req, "endTime"),
				QueryString: str(req, "queryString"), Limit: int(integer(req, "limit"))})
		case "GetQueryResults":
			return b.GetLogsQueryResults(ctx, str(req, "queryId"))
		case "GetLogEvents":
			in := GetLogEventsInput{LogGroupName: str(req, "logGroupName"), LogStreamName: str(req, "logStreamName"),
				Limit: int(integer(req, "limit")), NextToken: str(req, "nextToken")}
			if v, ok := req.Get("startTime"); ok && v != nil {
				n := integer(req, "startTime")
				in.StartTime = &n
			}
			if v, ok := req.Get("endTime"); ok && v != nil {
				n := integer(req, "endTime")
				in.EndTime = &n
			}
			if v, ok := req.Get("startFromHead"); ok {
				in.StartFromHead, _ = v.(bool)
			}
			return b.GetLogEvents(ctx, in)
		}
	case strings.HasPrefix(target, "AmazonAthena."):
		switch op {
		case "StartQueryExecution":
			qctx := asObject(get(req, "QueryExecutionContext"))
			return b.StartQueryExecution(ctx, StartQueryExecutionInput{QueryString: str(req, "QueryString"),
				Database: str(qctx, "Database"), Catalog: str(qctx, "Catalog"), WorkGroup: str(req, "WorkGroup")})
		case "GetQueryExecution":
			return b.GetQueryExecution(ctx, str(req, "QueryExecutionId"))
		case "GetQueryResults":
			return b.GetQueryResults(ctx, GetQueryResultsInput{QueryExecutionID: str(req, "QueryExecutionId"),
				NextToken: str(req, "NextToken"), MaxResults: int(integer(req, "MaxResults"))})
		}
	}
	return nil, &Error{Code: "UnknownOperationException", Message: "cloudhunt does not serve " + target, Status: 400}
}

func lookupEventsInput(req *jsonv.Object) (LookupEventsInput, error) {
	var in LookupEventsInput
	if v, ok := req.Get("LookupAttributes"); ok {
		list, _ := v.([]any)
		for _, item := range list {
			o := asObject(item)
			in.LookupAttributes = append(in.LookupAttributes, LookupAttribute{Key: str(o, "AttributeKey"), Value: str(o, "AttributeValue")})
		}
	}
	var err error
	if in.StartTime, err = wireTime(req, "StartTime"); err != nil {
		return in, err
	}
	if in.EndTime, err = wireTime(req, "EndTime"); err != nil {
		return in, err
	}
	in.EventCategory = str(req, "EventCategory")
	if v, ok := req.Get("MaxResults"); ok {
		n, _ := v.(jsonv.Number)
		in.MaxResults = int(n.Float64())
	}
	in.NextToken = str(req, "NextToken")
	return in, nil
}

// WireTimes returns v with every time.Time turned into epoch seconds, as
// JSON-protocol services send timestamps.
func WireTimes(v any) any {
	return MapTimes(v, func(t time.Time) any {
		secs := float64(t.UnixNano()) / 1e9
		if secs == math.Trunc(secs) {
			return jsonv.Number(strconv.FormatInt(t.Unix(), 10) + ".0")
		}
		return jsonv.Number(strconv.FormatFloat(secs, 'f', -1, 64))
	})
}

// MapTimes returns a copy of v with every time.Time replaced by f(t). The
// backends put time.Time in responses where the service sends a timestamp;
// the wire and the CLI each render it their own way.
func MapTimes(v any, f func(time.Time) any) any {
	switch v := v.(type) {
	case time.Time:
		return f(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = MapTimes(e, f)
		}
		return out
	case *jsonv.Object:
		out := jsonv.NewObject()
		for _, k := range v.Keys {
			e, _ := v.Get(k)
			out.Set(k, MapTimes(e, f))
		}
		return out
	}
	return v
}

func writeError(w http.ResponseWriter, e *Error) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	status := e.Status
	if status == 0 {
		status = 400
	}
	w.WriteHeader(status)
	data, _ := json.Marshal(map[string]string{"__type": e.Code, "message": e.Message})
	w.Write(data)
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/`)

func credentialRegion(auth string) string {
	if m := credentialScope.FindStringSubmatch(auth); m != nil {
		return m[1]
	}
	return ""
}

func asObject(v any) *jsonv.Object {
	if o, ok := v.(*jsonv.Object); ok {
		return o
	}
	return jsonv.NewObject()
}

func get(o *jsonv.Object, key string) any {
	v, _ := o.Get(key)
	return v
}

func strs(o *jsonv.Object, key string) []string {
	list, _ := get(o, key).([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func integer(o *jsonv.Object, key string) int64 {
	n, _ := get(o, key).(jsonv.Number)
	return int64(n.Float64())
}

func str(o *jsonv.Object, key string) string {
	v, _ := o.Get(key)
	s, _ := v.(string)
	return s
}

// wireTime reads a timestamp member: epoch seconds (what botocore sends),
// or ISO-8601 text.
func wireTime(o *jsonv.Object, key string) (*time.Time, error) {
	v, ok := o.Get(key)
	if !ok || v == nil {
		return nil, nil
	}
	switch v := v.(type) {
	case jsonv.Number:
		f := v.Float64()
		t := time.Unix(0, int64(f*1e9)).UTC()
		return &t, nil
	case string:
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, &Error{Code: "SerializationException", Message: fmt.Sprintf("%s: %q is not a timestamp", key, v), Status: 400}
		}
		return &t, nil
	}
	return nil, &Error{Code: "SerializationException", Message: key + " is not a timestamp", Status: 400}
}
