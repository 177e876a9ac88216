package awsapi

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// GetResourceConfigHistoryInput is the Config GetResourceConfigHistory
// request.
type GetResourceConfigHistoryInput struct {
	ResourceType       string
	ResourceId         string
	LaterTime          *time.Time
	EarlierTime        *time.Time
	ChronologicalOrder string // Reverse (the default: newest first) or Forward
	Limit              int    // 0 = 10; at most 100
	NextToken          string
}

// GetResourceConfigHistory returns the configuration items the case holds
// for one resource, newest first unless Forward, as AWS Config does.
func (b *Backend) GetResourceConfigHistory(ctx context.Context, in GetResourceConfigHistoryInput) (*jsonv.Object, error) {
	limit := in.Limit
	switch {
	case limit == 0:
		limit = 10
	case limit < 0 || limit > 100:
		return nil, invalid("InvalidLimitException", "Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100", in.Limit)
	}
	order := "DESC"
	switch in.ChronologicalOrder {
	case "", "Reverse":
	case "Forward":
		order = "ASC"
	default:
		return nil, invalid("ValidationException", "1 validation error detected: Value '%s' at 'chronologicalOrder' failed to satisfy constraint: Member must satisfy enum value set: [Reverse, Forward]", in.ChronologicalOrder)
	}
	if in.LaterTime != nil && in.EarlierTime != nil && in.EarlierTime.After(*in.LaterTime) {
		return nil, invalid("InvalidTimeRangeException", "The earlier time must be before the later time.")
	}
	// order is one of two constants; every value from the request is bound.
	rows, err := b.Case.DB.QueryContext(ctx, `SELECT CAST(raw AS VARCHAR) FROM config_items
		WHERE resourceType = $1 AND resourceId = $2 AND ($3 = '' OR awsRegion = $3)
		QUALIFY row_number() OVER (PARTITION BY configurationItemCaptureTime, configurationStateId ORDER BY _file DESC, _record DESC) = 1
		ORDER BY configurationItemCaptureTime `+order+`, _file, _record`, in.ResourceType, in.ResourceId, b.Region)
	if err != nil {
		return nil, fmt.Errorf("config history: %w", err)
	}
	defer rows.Close()
	var items []any
	found := false
	for rows.Next() {
		var raw sql.NullString
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		found = true
		v, err := jsonv.Decode([]byte(raw.String))
		obj, ok := v.(*jsonv.Object)
		if err != nil || !ok {
			continue
		}
		// laterTime and earlierTime bound the capture time (inclusive).
		t, err := parseTime(str(obj, "configurationItemCaptureTime"))
		if err == nil && (in.LaterTime != nil && t.After(*in.LaterTime) || in.EarlierTime != nil && t.Before(*in.EarlierTime)) {
			continue
		}
		items = append(items, obj)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, invalid("ResourceNotDiscoveredException", "Resource %s of resourceType:%s is unknown or has not been discovered", in.ResourceId, in.ResourceType)
	}
	page, next, err := pageItems(items, limit, in.NextToken, fmt.Sprint(in.ResourceType, in.ResourceId, in.LaterTime, in.EarlierTime, order))
	if err != nil {
		return nil, invalid("InvalidNextTokenException", "The nextToken provided is invalid")
	}
	if page == nil {
		page = []any{}
	}
	out := jsonv.NewObject().Set("configurationItems", page)
	if next != "" {
		out.Set("nextToken", next)
	}
	return shapeAs(out, "cfg.GetResourceConfigHistoryResponse").(*jsonv.Object), nil
}
