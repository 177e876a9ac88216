package awsfindings

import (
	"fmt"
)

// macieRow makes a macie_findings row of a Macie finding, as
// `aws macie2 get-findings` prints it or inside an EventBridge event.
func macieRow(v any) ([]any, []string, error) {
	o, err := asObject(v, "a Macie finding")
	if err != nil {
		return nil, nil, err
	}
	if detail, isEvent, err := eventDetail(o, "aws.macie", "Macie Finding"); isEvent {
		if err != nil {
			return nil, nil, err
		}
		o = detail
	}
	if get(o, "id") == nil && get(o, "type") == nil {
		return nil, nil, fmt.Errorf("no id or type: not a Macie finding")
	}

	f := &fields{}
	details := get(o, "classificationDetails")
	result := get(details, "result")
	var categories, types []string
	var total any // NULL unless the finding says
	addCount := func(name string, v any) {
		n, ok := f.integer(name, v).(int64)
		if !ok {
			return
		}
		sum, _ := total.(int64)
		total = sum + n
	}
	if list, ok := get(result, "sensitiveData").([]any); ok {
		for _, item := range list {
			if c, ok := get(item, "category").(string); ok {
				categories = append(categories, c)
			}
			addCount("sensitiveData[].totalCount", get(item, "totalCount"))
			if dets, ok := get(item, "detections").([]any); ok {
				for _, d := range dets {
					if t, ok := get(d, "type").(string); ok {
						types = append(types, t)
					}
				}
			}
		}
	}
	if custom := get(result, "customDataIdentifiers"); custom != nil {
		addCount("customDataIdentifiers.totalCount", get(custom, "totalCount"))
		if dets, ok := get(custom, "detections").([]any); ok {
			categories = append(categories, "CUSTOM_IDENTIFIER")
			for _, d := range dets {
				if name, ok := get(d, "name").(string); ok {
					types = append(types, name)
				}
			}
		}
	}

	updated := f.timestamp("updatedAt", get(o, "updatedAt"))
	needTime(f, MacieTable, updated)
	values := row(MacieTable, map[string]any{
		"id":                      f.text("id", get(o, "id")),
		"type":                    f.text("type", get(o, "type")),
		"category":                f.text("category", get(o, "category")),
		"title":                   f.text("title", get(o, "title")),
		"description":             f.text("description", get(o, "description")),
		"severity":                f.text("severity.description", get(o, "severity", "description")),
		"severityScore":           f.integer("severity.score", get(o, "severity", "score")),
		"accountId":               f.text("accountId", get(o, "accountId")),
		"region":                  f.text("region", get(o, "region")),
		"createdAt":               f.timestamp("createdAt", get(o, "createdAt")),
		"updatedAt":               updated,
		"archived":                f.boolean("archived", get(o, "archived")),
		"count":                   f.integer("count", get(o, "count")),
		"bucketName":              f.text("resourcesAffected.s3Bucket.name", get(o, "resourcesAffected", "s3Bucket", "name")),
		"objectKey":               f.text("resourcesAffected.s3Object.key", get(o, "resourcesAffected", "s3Object", "key")),
		"sensitiveDataCategories": stringList(categories),
		"sensitiveDataTypes":      stringList(types),
		"sensitiveDataCount":      total,
		"originType":              f.text("classificationDetails.originType", get(details, "originType")),
		"jobId":                   f.text("classificationDetails.jobId", get(details, "jobId")),
		"raw":                     string(appendJSON(nil, o)),
	})
	return values, f.warns, nil
}
