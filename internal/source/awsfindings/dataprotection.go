package awsfindings

import (
	"fmt"
	"strings"
)

// auditRow makes a cwl_data_protection_findings row of a CloudWatch Logs
// data-protection audit report:
//
//	{"auditTimestamp":"2023-01-23T21:11:20Z",
//	 "resourceArn":"arn:aws:logs:us-west-2:111122223333:log-group:/aws/lambda/MyLogGroup:*",
//	 "dataIdentifiers":[{"name":"EmailAddress","count":2,"detections":[{"start":13,"end":26},…]}]}
func auditRow(v any) ([]any, []string, error) {
	o, err := asObject(v, "an audit report")
	if err != nil {
		return nil, nil, err
	}
	if get(o, "auditTimestamp") == nil && get(o, "dataIdentifiers") == nil {
		return nil, nil, fmt.Errorf("no auditTimestamp or dataIdentifiers: not a data protection audit report")
	}
	f := &fields{}
	var names []string
	var total any
	if list, ok := get(o, "dataIdentifiers").([]any); ok {
		for _, item := range list {
			if name, ok := get(item, "name").(string); ok {
				names = append(names, name)
			}
			if n, ok := f.integer("dataIdentifiers[].count", get(item, "count")).(int64); ok {
				sum, _ := total.(int64)
				total = sum + n
			}
		}
	}
	arn := f.text("resourceArn", get(o, "resourceArn"))
	at := f.timestamp("auditTimestamp", get(o, "auditTimestamp"))
	needTime(f, DataProtectionTable, at)
	values := row(DataProtectionTable, map[string]any{
		"auditTimestamp":  at,
		"resourceArn":     arn,
		"logGroup":        logGroupOf(arn),
		"dataIdentifiers": stringList(names),
		"detectionCount":  total,
		"raw":             string(appendJSON(nil, o)),
	})
	return values, f.warns, nil
}

// logGroupOf is the log group name in a log group ARN
// (arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]), or nil.
func logGroupOf(arn any) any {
	s, _ := arn.(string)
	_, name, ok := strings.Cut(s, ":log-group:")
	if !ok || name == "" {
		return nil
	}
	return strings.TrimSuffix(name, ":*")
}
