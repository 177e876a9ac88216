package awsconfig

import (
	"fmt"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Configuration items arrive in three dialects of one record:
//   - the API (get-resource-config-history, batch-get-resource-config):
//     camelCase names, configuration and supplementaryConfiguration values
//     as JSON strings;
//   - Config's S3 deliveries (history and snapshot files): a few other
//     names (configurationItemVersion, awsAccountId, ARN,
//     configurationStateMd5Hash, relationships[].name), configuration as an
//     object, configurationStateId as a number;
//   - advanced queries (select-resource-config): the API's names, but
//     configuration as an object and tags as a list of {key, value}.
// toAPIItem rewrites the other two into the first, which is what raw keeps.

// apiOrder is the order of ConfigurationItem's members in the service
// model, which is the order the AWS CLI prints them in.
var apiOrder = []string{
	"version", "accountId", "configurationItemCaptureTime", "configurationItemStatus",
	"configurationStateId", "configurationItemMD5Hash", "arn", "resourceType", "resourceId",
	"resourceName", "awsRegion", "availabilityZone", "resourceCreationTime", "tags",
	"relatedEvents", "relationships", "configuration", "supplementaryConfiguration",
	"recordingFrequency", "configurationItemDeliveryTime",
}

// s3Names maps the names of S3 deliveries onto the API's.
var s3Names = map[string]string{
	"configurationItemVersion":  "version",
	"awsAccountId":              "accountId",
	"ARN":                       "arn",
	"configurationStateMd5Hash": "configurationItemMD5Hash",
}

// isAPIItem reports whether an item is already in the API's shape: no S3
// names, and configuration (when present) a string.
func isAPIItem(o *jsonv.Object) bool {
	for _, k := range o.Keys {
		if _, ok := s3Names[k]; ok {
			return false
		}
	}
	switch v, _ := o.Get("configuration"); v.(type) {
	case nil, string:
	default:
		return false
	}
	v, _ := o.Get("tags")
	_, tagList := v.([]any)
	return !tagList
}

// toAPIItem returns the item in the API's shape: API items unchanged,
// others renamed, reordered and with their values re-encoded as the API
// gives them. Times become CLI v2's form; nulls are left out, as the CLI
// prints no member the service did not send. Members this package does not
// know keep their values and follow the known ones.
func toAPIItem(o *jsonv.Object) *jsonv.Object {
	if isAPIItem(o) {
		return o
	}
	renamed := jsonv.NewObject()
	for _, k := range o.Keys {
		v, _ := o.Get(k)
		if v == nil {
			continue
		}
		if api, ok := s3Names[k]; ok {
			k = api
		}
		renamed.Set(k, convertMember(k, v))
	}
	out := jsonv.NewObject()
	for _, k := range apiOrder {
		if v, ok := renamed.Get(k); ok {
			out.Set(k, v)
			renamed.Delete(k)
		}
	}
	for _, k := range renamed.Keys {
		v, _ := renamed.Get(k)
		out.Set(k, v)
	}
	return out
}

// convertMember re-encodes one member's value as the API gives it.
func convertMember(key string, v any) any {
	switch key {
	case "configurationItemCaptureTime", "resourceCreationTime", "configurationItemDeliveryTime":
		if t, ok := parseTime(v); ok {
			return cliTime(t)
		}
	case "configurationStateId":
		if n, ok := v.(jsonv.Number); ok {
			return string(n)
		}
	case "configuration":
		if _, ok := v.(string); !ok {
			return marshal(v)
		}
	case "supplementaryConfiguration":
		if m, ok := v.(*jsonv.Object); ok {
			out := jsonv.NewObject()
			for _, k := range m.Keys {
				e, _ := m.Get(k)
				if _, ok := e.(string); !ok {
					e = marshal(e)
				}
				out.Set(k, e)
			}
			return out
		}
	case "tags":
		return tagMap(v)
	case "relationships":
		return apiRelationships(v)
	}
	return v
}

// tagMap turns advanced query's [{key, value}] into the API's {key: value}.
func tagMap(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	m := jsonv.NewObject()
	for _, e := range list {
		t, ok := e.(*jsonv.Object)
		if !ok {
			return v
		}
		k, ok := str(t, "key").(string)
		if !ok {
			return v
		}
		val, _ := t.Get("value")
		m.Set(k, val)
	}
	return m
}

// apiRelationships renames S3's "name" to "relationshipName" and puts the
// members in the API's order.
func apiRelationships(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(list))
	for i, e := range list {
		r, ok := e.(*jsonv.Object)
		if !ok {
			out[i] = e
			continue
		}
		rel := jsonv.NewObject()
		for _, k := range []string{"resourceType", "resourceId", "resourceName", "relationshipName"} {
			src := k
			if _, ok := r.Get(k); !ok && k == "relationshipName" {
				src = "name"
			}
			if val, ok := r.Get(src); ok && val != nil {
				rel.Set(k, val)
			}
		}
		for _, k := range r.Keys {
			switch k {
			case "resourceType", "resourceId", "resourceName", "relationshipName", "name":
				continue
			}
			val, _ := r.Get(k)
			rel.Set(k, val)
		}
		out[i] = rel
	}
	return out
}

// configRow writes the row of one configuration item, in any dialect.
func configRow(out source.RowWriter, loc source.Location, item *jsonv.Object) error {
	o := toAPIItem(item)
	values := make([]any, len(ConfigItems.Columns))
	var warnings []string
	set := func(col string, v any) { values[ConfigItems.ColumnIndex(col)] = v }
	badCapture := false
	setTime := func(col string) {
		t, bad := timeOf(o, col)
		badCapture = badCapture || bad && col == ConfigItems.TimeColumn
		if bad {
			warnings = append(warnings, fmt.Sprintf("%s is not a time", col))
		}
		set(col, t)
	}
	setTime("configurationItemCaptureTime")
	setTime("resourceCreationTime")
	setTime("configurationItemDeliveryTime")
	for _, col := range []string{"version", "configurationItemStatus", "configurationItemMD5Hash", "arn",
		"resourceType", "resourceId", "resourceName", "awsRegion", "availabilityZone", "recordingFrequency",
		"accountId", "configurationStateId"} {
		set(col, text(o, col))
	}
	for _, col := range []string{"tags", "relatedEvents", "relationships", "supplementaryConfiguration"} {
		set(col, jsonOf(o, col))
	}
	if s, ok := str(o, "configuration").(string); ok {
		// The API's string is JSON text; it fills the JSON column only if
		// it parses, so a query on configuration never fails on one item.
		if _, err := decodeJSON([]byte(s)); err == nil {
			set("configuration", s)
		} else {
			warnings = append(warnings, "configuration is not valid JSON: "+err.Error())
		}
	}
	set("raw", marshal(o))
	// A capture time that is not a time has its own warning already.
	if values[ConfigItems.ColumnIndex(ConfigItems.TimeColumn)] == nil && !badCapture {
		warnings = append(warnings, "no configurationItemCaptureTime: the row has no time")
	}
	if err := out.Row(loc, values); err != nil {
		return err
	}
	for _, w := range warnings {
		out.Warn(loc, w)
	}
	return nil
}

// selectResult writes the row of one select-resource-config result: a
// JSON string holding the selected fields of an item.
func selectResult(w *walker, loc source.Location) error {
	v, bad, err := w.read()
	switch {
	case err != nil:
		return err
	case bad != "":
		w.out.Reject(loc, "result "+bad)
		return nil
	}
	s, ok := v.(string)
	if !ok {
		w.out.Reject(loc, fmt.Sprintf("result is %s, expected a JSON string holding an object", kindOf(v)))
		return nil
	}
	inner, err := decodeJSON([]byte(s))
	if err != nil {
		w.out.Reject(loc, "result string is not valid JSON: "+err.Error())
		return nil
	}
	o, ok := inner.(*jsonv.Object)
	if !ok {
		w.out.Reject(loc, fmt.Sprintf("result string holds %s, expected a JSON object", kindOf(inner)))
		return nil
	}
	return configRow(w.out, loc, o)
}
