package awsconfig

import (
	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// alarmRow writes the row of one alarm; kind is "metric" or "composite".
func alarmRow(out source.RowWriter, loc source.Location, o *jsonv.Object, kind string) error {
	values := make([]any, len(Alarms.Columns))
	set := func(col string, v any) { values[Alarms.ColumnIndex(col)] = v }
	set("kind", kind)
	for _, col := range []string{"AlarmName", "AlarmArn", "AlarmDescription", "StateValue", "StateReason",
		"MetricName", "Namespace", "Statistic", "ComparisonOperator", "AlarmRule"} {
		set(col, str(o, col))
	}
	set("ActionsEnabled", boolean(o, "ActionsEnabled"))
	set("Dimensions", jsonOf(o, "Dimensions"))
	set("AlarmActions", jsonOf(o, "AlarmActions"))
	set("Period", int32Of(o, "Period"))
	set("EvaluationPeriods", int32Of(o, "EvaluationPeriods"))
	set("Threshold", float(o, "Threshold"))
	set("raw", marshal(o))
	var bad []string
	for _, col := range []string{"StateUpdatedTimestamp", "StateTransitionedTimestamp", "AlarmConfigurationUpdatedTimestamp"} {
		t, isBad := timeOf(o, col)
		set(col, t)
		if isBad {
			bad = append(bad, col)
		}
	}
	if err := out.Row(loc, values); err != nil {
		return err
	}
	for _, col := range bad {
		out.Warn(loc, col+" is not a time")
	}
	return nil
}
