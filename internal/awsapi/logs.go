package awsapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/insights"
)

// StartQueryInput is CloudWatch Logs StartQuery.
type StartQueryInput struct {
	LogGroupName        string
	LogGroupNames       []string
	LogGroupIdentifiers []string
	StartTime, EndTime  int64 // epoch seconds, inclusive
	QueryString         string
	Limit               int // 0 = the service default (10,000)
}

// StartQuery compiles and runs a Logs Insights query over the named groups
// and keeps its results under a new query id: {"queryId": "…"}.
func (b *Backend) StartQuery(ctx context.Context, in StartQueryInput) (*jsonv.Object, error) {
	names := append([]string{}, in.LogGroupNames...)
	if in.LogGroupName != "" {
		names = append([]string{in.LogGroupName}, names...)
	}
	names = append(names, in.LogGroupIdentifiers...)
	if in.QueryString == "" {
		return nil, invalid("InvalidParameterException", "1 validation error detected: Value null at 'queryString' failed to satisfy constraint: Member must not be null")
	}
	if in.EndTime < in.StartTime {
		return nil, invalid("InvalidParameterException", "End time should not be before the start time")
	}
	src, err := b.InsightsSource(ctx, names)
	if err != nil {
		return nil, err
	}
	opts := insights.Options{Start: time.Unix(in.StartTime, 0).UTC(), End: time.Unix(in.EndTime, 0).UTC(), Limit: in.Limit}
	compiled, err := insights.Compile(in.QueryString, src, opts)
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			return nil, invalid("MalformedQueryException", "%s", qe.Error())
		}
		return nil, err
	}
	res, err := query.Run(ctx, b.Case.DB, compiled)
	if err != nil {
		return nil, err
	}
	scanned, bytes, err := scannedStats(ctx, b, src, opts)
	if err != nil {
		return nil, err
	}
	results := []any{}
	for _, row := range res.Rows {
		fields := []any{}
		for i, v := range row {
			if v == nil {
				continue // a field the event lacks is left out of its row
			}
			fields = append(fields, jsonv.NewObject().Set("field", res.Columns[i].Name).Set("value", fmt.Sprint(v)))
		}
		results = append(results, fields)
	}
	stats := jsonv.NewObject().
		Set("recordsMatched", floatNumber(float64(len(res.Rows)))).
		Set("recordsScanned", floatNumber(float64(scanned))).
		Set("bytesScanned", floatNumber(float64(bytes)))
	now := b.now()
	q := &storedQuery{Kind: "logs", ID: newQueryID(), QueryString: in.QueryString, Status: "Complete",
		Submitted: now.Format(time.RFC3339Nano), Completed: b.now().Format(time.RFC3339Nano),
		Response: jsonv.NewObject().Set("results", results).Set("statistics", stats).Set("status", "Complete")}
	if err := b.saveQuery(q); err != nil {
		return nil, err
	}
	return jsonv.NewObject().Set("queryId", q.ID), nil
}

// scannedStats counts the records and bytes of the groups inside the
// window: what the service reports as scanned.
func scannedStats(ctx context.Context, b *Backend, src insights.Source, opts insights.Options) (records, bytes int64, err error) {
	where := []string{"true"}
	if src.Where != "" {
		where = append(where, "("+src.Where+")")
	}
	args := []any{opts.Start, opts.End}
	where = append(where, src.Timestamp+" BETWEEN $1 AND $2")
	q := "SELECT count(*), coalesce(sum(strlen(" + src.Message + ")), 0) FROM " + src.From + " WHERE " + strings.Join(where, " AND ")
	err = b.Case.DB.QueryRowContext(ctx, q, args...).Scan(&records, &bytes)
	return records, bytes, err
}

// GetLogsQueryResults is CloudWatch Logs GetQueryResults: a started query's results.
func (b *Backend) GetLogsQueryResults(ctx context.Context, queryID string) (*jsonv.Object, error) {
	q, err := b.loadQuery("logs", queryID)
	if err != nil {
		return nil, err
	}
	if q == nil {
		return nil, invalid("ResourceNotFoundException", "Query %s does not exist in this case.", queryID)
	}
	out, _ := q.Response.(*jsonv.Object)
	if out == nil {
		return nil, fmt.Errorf("query %s has no results", queryID)
	}
	return out, nil
}

// GetLogEventsInput is CloudWatch Logs GetLogEvents.
type GetLogEventsInput struct {
	LogGroupName  string
	LogStreamName string
	StartTime     *int64 // epoch ms, inclusive
	EndTime       *int64 // epoch ms, exclusive
	Limit         int    // 0 = up to 10,000 events
	StartFromHead bool
	NextToken     string
}

// GetLogEvents returns the events of one stream, oldest first within the
// page, as the service does. Without a token or StartFromHead it returns the
// newest events. Tokens are "f/<position>" and "b/<position>".
func (b *Backend) GetLogEvents(ctx context.Context, in GetLogEventsInput) (*jsonv.Object, error) {
	src, err := b.InsightsSource(ctx, []string{in.LogGroupName})
	if err != nil {
		return nil, err
	}
	if src.LogStream == "" {
		return nil, invalid("ResourceNotFoundException", "The specified log stream does not exist.")
	}
	limit := in.Limit
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	where := []string{src.LogStream + " = $1"}
	args := []any{in.LogStreamName}
	if src.Where != "" {
		where = append(where, "("+src.Where+")")
	}
	if in.StartTime != nil {
		args = append(args, time.UnixMilli(*in.StartTime).UTC())
		where = append(where, src.Timestamp+" >= $"+strconv.Itoa(len(args)))
	}
	if in.EndTime != nil {
		args = append(args, time.UnixMilli(*in.EndTime).UTC())
		where = append(where, src.Timestamp+" < $"+strconv.Itoa(len(args)))
	}
	base := "SELECT " + src.Timestamp + " AS ts, " + src.Message + " AS msg FROM " + src.From + " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := b.Case.DB.QueryRowContext(ctx, "SELECT count(*) FROM ("+base+")", args...).Scan(&total); err != nil {
		return nil, err
	}
	if total == 0 {
		// No events in the window: say whether the stream exists at all.
		var events int
		err := b.Case.DB.QueryRowContext(ctx, "SELECT count(*) FROM "+src.From+" WHERE "+src.LogStream+" = $1", in.LogStreamName).Scan(&events)
		if err != nil {
			return nil, err
		}
		if events == 0 {
			return nil, invalid("ResourceNotFoundException", "The specified log stream does not exist.")
		}
	}
	// The page is [from, to) in time order.
	from, to := 0, total
	switch {
	case strings.HasPrefix(in.NextToken, "f/"):
		n, err := strconv.Atoi(in.NextToken[2:])
		if err != nil || n < 0 {
			return nil, invalid("InvalidParameterException", "The specified nextToken is invalid.")
		}
		from = min(n, total)
		to = min(from+limit, total)
	case strings.HasPrefix(in.NextToken, "b/"):
		n, err := strconv.Atoi(in.NextToken[2:])
		if err != nil || n < 0 {
			return nil, invalid("InvalidParameterException", "The specified nextToken is invalid.")
		}
		to = min(n, total)
		from = max(to-limit, 0)
	case in.NextToken != "":
		return nil, invalid("InvalidParameterException", "The specified nextToken is invalid.")
	case in.StartFromHead:
		to = min(limit, total)
	default:
		from = max(total-limit, 0)
	}
	rows, err := b.Case.DB.QueryContext(ctx, base+" ORDER BY ts, msg LIMIT "+strconv.Itoa(max(to-from, 0))+" OFFSET "+strconv.Itoa(from), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	events := []any{}
	for rows.Next() {
		var ts time.Time
		var msg string
		if err := rows.Scan(&ts, &msg); err != nil {
			return nil, err
		}
		ms := jsonv.Int(ts.UnixMilli())
		// The evidence does not say when CloudWatch ingested the event;
		// its own time stands in.
		events = append(events, jsonv.NewObject().Set("timestamp", ms).Set("message", msg).Set("ingestionTime", ms))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return jsonv.NewObject().Set("events", events).
		Set("nextForwardToken", fmt.Sprintf("f/%056d", to)).
		Set("nextBackwardToken", fmt.Sprintf("b/%056d", from)), nil
}

// floatNumber prints like a Python float: 3.0, 141.0.
func floatNumber(f float64) jsonv.Number {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return jsonv.Number(s)
}
