package awsfindings

import (
	"fmt"
	"strings"
)

// inspectorRow makes an inspector_findings row of an Inspector finding, as
// `aws inspector2 list-findings` prints it or inside an EventBridge event.
func inspectorRow(v any) ([]any, []string, error) {
	o, err := asObject(v, "an Inspector finding")
	if err != nil {
		return nil, nil, err
	}
	if detail, isEvent, err := eventDetail(o, "aws.inspector2", "Inspector2 Finding"); isEvent {
		if err != nil {
			return nil, nil, err
		}
		o = detail
	}
	if get(o, "findingArn") == nil && get(o, "type") == nil {
		return nil, nil, fmt.Errorf("no findingArn or type: not an Inspector finding")
	}

	f := &fields{}
	res := first(get(o, "resources"))
	var instanceID any
	if t, _ := get(res, "type").(string); t == "AWS_EC2_INSTANCE" {
		instanceID = f.text("resources[0].id", get(res, "id"))
	}
	reach := get(o, "networkReachabilityDetails")
	title, _ := get(o, "title").(string)
	description, _ := get(o, "description").(string)
	remedy, _ := get(o, "remediation", "recommendation", "text").(string)

	last := f.timestamp("lastObservedAt", get(o, "lastObservedAt"))
	needTime(f, InspectorTable, last)
	values := row(InspectorTable, map[string]any{
		"findingArn":         f.text("findingArn", get(o, "findingArn")),
		"awsAccountId":       f.text("awsAccountId", get(o, "awsAccountId")),
		"type":               f.text("type", get(o, "type")),
		"severity":           f.text("severity", get(o, "severity")),
		"title":              f.text("title", get(o, "title")),
		"description":        f.text("description", get(o, "description")),
		"status":             f.text("status", get(o, "status")),
		"firstObservedAt":    f.timestamp("firstObservedAt", get(o, "firstObservedAt")),
		"lastObservedAt":     last,
		"updatedAt":          f.timestamp("updatedAt", get(o, "updatedAt")),
		"inspectorScore":     f.double("inspectorScore", get(o, "inspectorScore")),
		"exploitAvailable":   f.text("exploitAvailable", get(o, "exploitAvailable")),
		"fixAvailable":       f.text("fixAvailable", get(o, "fixAvailable")),
		"resourceType":       f.text("resources[0].type", get(res, "type")),
		"resourceId":         f.text("resources[0].id", get(res, "id")),
		"region":             f.text("resources[0].region", get(res, "region")),
		"instanceId":         instanceID,
		"vulnerabilityId":    f.text("packageVulnerabilityDetails.vulnerabilityId", get(o, "packageVulnerabilityDetails", "vulnerabilityId")),
		"openPortRangeBegin": f.integer("openPortRange.begin", get(reach, "openPortRange", "begin")),
		"openPortRangeEnd":   f.integer("openPortRange.end", get(reach, "openPortRange", "end")),
		"protocol":           f.text("networkReachabilityDetails.protocol", get(reach, "protocol")),
		"imdsv1":             mentionsIMDSv1(title, description, remedy),
		"raw":                string(appendJSON(nil, o)),
	})
	return values, f.warns, nil
}

// imdsv1Phrases are how findings name Instance Metadata Service version 1.
var imdsv1Phrases = []string{
	"imdsv1", "imds v1", "imds version 1",
	"metadata service version 1", "metadata service v1", "metadata service (imds) version 1",
}

// mentionsIMDSv1 reports whether any text names IMDS version 1.
func mentionsIMDSv1(texts ...string) bool {
	for _, t := range texts {
		t = strings.ToLower(t)
		for _, p := range imdsv1Phrases {
			if strings.Contains(t, p) {
				return true
			}
		}
	}
	return false
}
