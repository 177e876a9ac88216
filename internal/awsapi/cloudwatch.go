package awsapi

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// DescribeAlarmsInput is the CloudWatch DescribeAlarms request.
type DescribeAlarmsInput struct {
	AlarmNames      []string
	AlarmNamePrefix string
	AlarmTypes      []string // MetricAlarm, CompositeAlarm; none = MetricAlarm only
	StateValue      string
	MaxRecords      int // 0 = 50; at most 100
	NextToken       string
}

// DescribeAlarms returns the case's alarms as CloudWatch does: metric
// alarms unless AlarmTypes asks for composite ones, a page of MaxRecords.
func (b *Backend) DescribeAlarms(ctx context.Context, in DescribeAlarmsInput) (*jsonv.Object, error) {
	max := in.MaxRecords
	switch {
	case max == 0:
		max = 50
	case max < 1 || max > 100:
		return nil, invalid("ValidationError", "1 validation error detected: Value '%d' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100", in.MaxRecords)
	}
	if len(in.AlarmNames) > 0 && in.AlarmNamePrefix != "" {
		return nil, invalid("InvalidParameterCombination", "AlarmNamePrefix and AlarmNames cannot be used together.")
	}
	types := in.AlarmTypes
	if len(types) == 0 {
		types = []string{"MetricAlarm"}
	}
	rows, err := b.Case.DB.QueryContext(ctx, `SELECT AlarmName, kind, StateValue, AlarmArn, CAST(raw AS VARCHAR) FROM cloudwatch_alarms
		QUALIFY row_number() OVER (PARTITION BY AlarmName, kind ORDER BY _file DESC, _record DESC) = 1
		ORDER BY AlarmName`)
	if err != nil {
		return nil, fmt.Errorf("describe alarms: %w", err)
	}
	defer rows.Close()
	type alarm struct {
		kind string
		raw  *jsonv.Object
	}
	var matched []alarm
	for rows.Next() {
		var name, kind, state, arn, raw sql.NullString
		if err := rows.Scan(&name, &kind, &state, &arn, &raw); err != nil {
			return nil, err
		}
		apiType := "MetricAlarm"
		if kind.String == "composite" {
			apiType = "CompositeAlarm"
		}
		if !contains(types, apiType) || len(in.AlarmNames) > 0 && !contains(in.AlarmNames, name.String) ||
			!strings.HasPrefix(name.String, in.AlarmNamePrefix) || in.StateValue != "" && state.String != in.StateValue ||
			b.Region != "" && arn.Valid && !strings.HasPrefix(arn.String, "arn:aws:cloudwatch:"+b.Region+":") {
			continue
		}
		v, err := jsonv.Decode([]byte(raw.String))
		obj, ok := v.(*jsonv.Object)
		if err != nil || !ok {
			continue
		}
		matched = append(matched, alarm{apiType, obj})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	page, next, err := pageItems(matched, max, in.NextToken, fmt.Sprint(in.AlarmNames, in.AlarmNamePrefix, types, in.StateValue))
	if err != nil {
		return nil, invalid("InvalidNextToken", "The service cannot process the NextToken.")
	}
	metric, composite := []any{}, []any{}
	for _, a := range page {
		if a.kind == "CompositeAlarm" {
			composite = append(composite, a.raw)
		} else {
			metric = append(metric, a.raw)
		}
	}
	out := jsonv.NewObject().Set("CompositeAlarms", composite).Set("MetricAlarms", metric)
	if next != "" {
		out.Set("NextToken", next)
	}
	return shapeAs(out, "cw.DescribeAlarmsOutput").(*jsonv.Object), nil
}
