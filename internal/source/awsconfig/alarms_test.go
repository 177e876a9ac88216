package awsconfig

import "testing"

func TestAlarms(t *testing.T) {
	w := mustParse(t, "aws-cloudwatch-describe-alarms", readTestdata(t, "describe-alarms.json"))
	checkIssues(t, "rejects", w.rejects)
	checkIssues(t, "warnings", w.warns)
	if len(w.rows) != 3 {
		t.Fatalf("%d rows", len(w.rows))
	}
	checkRow(t, w.rows[0], map[string]any{
		"AlarmName":                          "myalarm",
		"AlarmArn":                           "arn:aws:cloudwatch:us-east-1:123456789012:alarm:myalarm",
		"kind":                               "metric",
		"AlarmDescription":                   "CPU usage exceeds 70 percent",
		"StateValue":                         "ALARM",
		"StateReason":                        "Threshold Crossed: 2 datapoints were greater than the threshold (70.0). The most recent datapoints: [98.958, 99.292].",
		"StateUpdatedTimestamp":              utc("2014-04-09T18:59:06.442Z"),
		"StateTransitionedTimestamp":         utc("2014-04-09T18:59:06.442Z"),
		"AlarmConfigurationUpdatedTimestamp": utc("2012-12-27T00:49:54.032Z"),
		"ActionsEnabled":                     true,
		"MetricName":                         "CPUUtilization",
		"Namespace":                          "AWS/EC2",
		"Statistic":                          "Average",
		"Dimensions":                         `[{"Name":"InstanceId","Value":"i-0c986c72"}]`,
		"Period":                             int32(300),
		"EvaluationPeriods":                  int32(2),
		"Threshold":                          70.0,
		"ComparisonOperator":                 "GreaterThanThreshold",
		"AlarmActions":                       `["arn:aws:sns:us-east-1:123456789012:myHighCpuAlarm"]`,
		"raw": `{"AlarmName":"myalarm","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:myalarm",` +
			`"AlarmDescription":"CPU usage exceeds 70 percent","AlarmConfigurationUpdatedTimestamp":"2012-12-27T00:49:54.032000+00:00",` +
			`"ActionsEnabled":true,"OKActions":[],"AlarmActions":["arn:aws:sns:us-east-1:123456789012:myHighCpuAlarm"],` +
			`"InsufficientDataActions":[],"StateValue":"ALARM",` +
			`"StateReason":"Threshold Crossed: 2 datapoints were greater than the threshold (70.0). The most recent datapoints: [98.958, 99.292].",` +
			`"StateReasonData":"{\"version\":\"1.0\",\"queryDate\":\"2014-04-09T18:59:06.419+0000\",\"statistic\":\"Average\",\"period\":300,\"recentDatapoints\":[98.958,99.292],\"threshold\":70.0}",` +
			`"StateUpdatedTimestamp":"2014-04-09T18:59:06.442000+00:00","MetricName":"CPUUtilization","Namespace":"AWS/EC2",` +
			`"Statistic":"Average","Dimensions":[{"Name":"InstanceId","Value":"i-0c986c72"}],"Period":300,"EvaluationPeriods":2,` +
			`"Threshold":70.0,"ComparisonOperator":"GreaterThanThreshold","StateTransitionedTimestamp":"2014-04-09T18:59:06.442000+00:00"}`,
	})
	// CLI v1: epoch seconds; an integral threshold is still a DOUBLE.
	checkRow(t, w.rows[1], map[string]any{
		"AlarmName":             "eks-node-cpu",
		"AlarmArn":              "arn:aws:cloudwatch:us-east-1:123456789012:alarm:eks-node-cpu",
		"kind":                  "metric",
		"StateValue":            "OK",
		"StateUpdatedTimestamp": utc("2014-04-08T14:59:06.442Z"),
		"MetricName":            "node_cpu_utilization",
		"Namespace":             "ContainerInsights",
		"EvaluationPeriods":     int32(1),
		"Threshold":             80.0,
		"raw": `{"EvaluationPeriods":1,"AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:eks-node-cpu",` +
			`"StateUpdatedTimestamp":1396969146.442,"AlarmName":"eks-node-cpu","Namespace":"ContainerInsights",` +
			`"StateValue":"OK","Threshold":80,"MetricName":"node_cpu_utilization"}`,
	})
	checkRow(t, w.rows[2], map[string]any{
		"AlarmName":             "crypto-composite",
		"AlarmArn":              "arn:aws:cloudwatch:us-east-1:123456789012:alarm:crypto-composite",
		"kind":                  "composite",
		"StateValue":            "ALARM",
		"StateReason":           "arn:aws:cloudwatch:us-east-1:123456789012:alarm:myalarm transitioned to ALARM at Wednesday 09 April, 2014 18:59:06 UTC",
		"StateUpdatedTimestamp": utc("2014-04-09T18:59:07Z"),
		"ActionsEnabled":        true,
		"AlarmRule":             "ALARM(myalarm) AND ALARM(eks-node-cpu)",
		"AlarmActions":          `[]`,
		"raw": `{"ActionsEnabled":true,"AlarmActions":[],"AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:crypto-composite",` +
			`"AlarmName":"crypto-composite","AlarmRule":"ALARM(myalarm) AND ALARM(eks-node-cpu)",` +
			`"StateReason":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:myalarm transitioned to ALARM at Wednesday 09 April, 2014 18:59:06 UTC",` +
			`"StateUpdatedTimestamp":"2014-04-09T18:59:07+00:00","StateValue":"ALARM"}`,
	})
	for i, line := range []int64{3, 33, 45} {
		if w.rows[i].loc != loc(line, int64(i+1)) {
			t.Errorf("row %d at %v, want line %d", i, w.rows[i].loc, line)
		}
	}
}

func TestAlarmsBad(t *testing.T) {
	text := "{\"MetricAlarms\": [\n" +
		"{\"AlarmName\": \"a\", \"StateUpdatedTimestamp\": \"2014-13-45T00:00:00Z\", \"Threshold\": \"high\", \"Period\": 1.5},\n" +
		"7\n" +
		"], \"CompositeAlarms\": {\"not\": \"a list\"}}"
	w := mustParse(t, "aws-cloudwatch-describe-alarms", text)
	checkInvariants(t, w)
	checkIssues(t, "rejects", w.rejects, fakeIssue{loc(3, 2), "alarm is a number, expected a JSON object"})
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(2, 1), "StateUpdatedTimestamp is not a time"})
	if len(w.rows) != 1 {
		t.Fatalf("%d rows", len(w.rows))
	}
	checkRow(t, w.rows[0], map[string]any{"AlarmName": "a", "kind": "metric",
		"raw": `{"AlarmName":"a","StateUpdatedTimestamp":"2014-13-45T00:00:00Z","Threshold":"high","Period":1.5}`})
}
