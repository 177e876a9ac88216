package awsapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// LookupAttribute is one {AttributeKey, AttributeValue} of LookupEvents.
type LookupAttribute struct {
	Key   string
	Value string
}

// LookupEventsInput is the LookupEvents request.
type LookupEventsInput struct {
	LookupAttributes []LookupAttribute
	StartTime        *time.Time
	EndTime          *time.Time
	EventCategory    string // "" or "insight"
	MaxResults       int    // 0 = the service default, 50
	NextToken        string
}

// lookupWindow is how far back LookupEvents sees: the last 90 days — here
// counted back from the newest event of the case, not from the wall clock,
// so that a case examined a year later answers as the account did then.
const lookupWindow = 90 * 24 * time.Hour

const lookupMaxResults = 50

// lookupKeys maps each AttributeKey to the case column it matches exactly.
// ResourceType and ResourceName match the record's resources[] instead.
var lookupKeys = map[string]string{
	"EventId":     "eventID",
	"EventName":   "eventName",
	"ReadOnly":    "readOnly",
	"Username":    "Username",
	"EventSource": "eventSource",
	"AccessKeyId": "accessKeyId",
}

// LookupEvents returns management events (or Insights events) of the case,
// newest first, as CloudTrail's LookupEvents does: one page of at most
// MaxResults events and a NextToken when more remain.
func (b *Backend) LookupEvents(ctx context.Context, in LookupEventsInput) (*jsonv.Object, error) {
	max := in.MaxResults
	switch {
	case max == 0:
		max = lookupMaxResults
	case max < 1 || max > lookupMaxResults:
		return nil, invalid("InvalidMaxResultsException", "Value %d for MaxResults is invalid. MaxResults must be between 1 and %d.", in.MaxResults, lookupMaxResults)
	}
	category := strings.ToLower(in.EventCategory)
	if category != "" && category != "insight" {
		return nil, invalid("InvalidEventCategoryException", "Event category %s is not valid. Valid value: insight.", in.EventCategory)
	}

	where := []string{}
	args := []any{}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if category == "insight" {
		where = append(where, "eventCategory = 'Insight'")
	} else {
		// Data and network-activity events never come back from LookupEvents.
		where = append(where, "coalesce(eventCategory, 'Management') = 'Management'", "coalesce(managementEvent, true)")
	}
	if b.Region != "" {
		where = append(where, "awsRegion = "+arg(b.Region))
	}
	// The service honours only the first lookup attribute (observed on live
	// accounts: the others are ignored without an error).
	if len(in.LookupAttributes) > 0 {
		a := in.LookupAttributes[0]
		if a.Value == "" || len(a.Value) > 2000 {
			return nil, invalid("InvalidLookupAttributesException", "AttributeValue must be between 1 and 2000 characters.")
		}
		if category == "insight" && a.Key != "EventId" && a.Key != "EventName" && a.Key != "EventSource" {
			return nil, invalid("InvalidLookupAttributesException", "Only EventId, EventName and EventSource are valid lookup attributes for Insights events.")
		}
		switch a.Key {
		case "ReadOnly":
			where = append(where, "readOnly = "+arg(strings.EqualFold(a.Value, "true")))
			if !strings.EqualFold(a.Value, "true") && !strings.EqualFold(a.Value, "false") {
				where = append(where, "false")
			}
		case "ResourceType":
			where = append(where, "list_contains(json_extract_string(raw, '$.resources[*].type'), "+arg(a.Value)+")")
		case "ResourceName":
			where = append(where, "list_contains(list_transform(json_extract_string(raw, '$.resources[*]'), r -> coalesce(json_extract_string(r, '$.ARN'), json_extract_string(r, '$.ARNPrefix'))), "+arg(a.Value)+")")
		default:
			col, ok := lookupKeys[a.Key]
			if !ok {
				return nil, invalid("InvalidLookupAttributesException", "Invalid AttributeKey %s. Valid keys: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId.", a.Key)
			}
			where = append(where, `"`+col+`" = `+arg(a.Value))
		}
	}

	newest, err := b.newestManagementEvent(ctx, category)
	if err != nil {
		return nil, err
	}
	end := newest
	if in.EndTime != nil {
		end = in.EndTime.UTC()
	}
	start := newest.Add(-lookupWindow)
	if in.StartTime != nil {
		if in.StartTime.After(start) {
			start = in.StartTime.UTC()
		}
		if in.EndTime != nil && in.StartTime.After(*in.EndTime) {
			return nil, invalid("InvalidTimeRangeException", "Start time must be before end time.")
		}
	}
	where = append(where, "eventTime BETWEEN "+arg(start)+" AND "+arg(end))

	fingerprint := lookupFingerprint(in)
	offset := 0
	if in.NextToken != "" {
		offset, err = decodeNextToken(in.NextToken, fingerprint)
		if err != nil {
			return nil, invalid("InvalidNextTokenException", "Invalid NextToken.")
		}
	}

	ids, err := b.lookupOrder(ctx, fingerprint, strings.Join(where, " AND "), args)
	if err != nil {
		return nil, err
	}
	if offset > len(ids) {
		offset = len(ids)
	}
	page := ids[offset:min(offset+max, len(ids))]
	more := offset+max < len(ids)
	events, err := b.lookupPage(ctx, page)
	if err != nil {
		return nil, err
	}
	out := jsonv.NewObject().Set("Events", events)
	if more {
		out.Set("NextToken", encodeNextToken(offset+max, fingerprint))
	}
	return out, nil
}

// lookupOrder returns the rowids of every matching event, newest first,
// each event once. It is computed once per distinct request and kept: the
// CLI asks for page after page of the same request, and the case does not
// change under a read-only backend.
func (b *Backend) lookupOrder(ctx context.Context, fingerprint, where string, args []any) ([]int64, error) {
	key := fingerprint + "|" + b.Region
	if b.cache != nil {
		b.cache.mu.Lock()
		ids, ok := b.cache.lookups[key]
		b.cache.mu.Unlock()
		if ok {
			return ids, nil
		}
	}
	// Overlapping exports hold the same event twice; the service has it once.
	q := `SELECT rowid FROM cloudtrail
		WHERE rowid IN (SELECT rowid FROM cloudtrail WHERE ` + where + `)
		QUALIFY row_number() OVER (PARTITION BY coalesce(eventID, CAST(_file AS VARCHAR) || ':' || CAST(_record AS VARCHAR)) ORDER BY _file, _record) = 1
		ORDER BY eventTime DESC, eventID DESC`
	rows, err := b.Case.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("lookup events: %w", err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if b.cache != nil {
		b.cache.mu.Lock()
		b.cache.lookups[key] = ids
		b.cache.mu.Unlock()
	}
	return ids, nil
}

// lookupPage reads the events of one page, in the page's order.
func (b *Backend) lookupPage(ctx context.Context, ids []int64) ([]any, error) {
	events := []any{}
	if len(ids) == 0 {
		return events, nil
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	// DuckDB skips to a rowid range but scans the whole table for a list
	// of rowids; the page's rows are read as nearby runs, each a range.
	sorted := append([]int64(nil), ids...)
	slices.Sort(sorted)
	var parts []string
	for start := 0; start < len(sorted); {
		end := start + 1
		for end < len(sorted) && sorted[end]-sorted[end-1] <= 2048 {
			end++
		}
		list := make([]string, 0, end-start)
		for _, id := range sorted[start:end] {
			list = append(list, strconv.FormatInt(id, 10)) // integers from the case itself
		}
		parts = append(parts, fmt.Sprintf(`SELECT rowid, eventID, eventName, readOnly, accessKeyId, eventTime, eventSource, Username, CAST(raw AS VARCHAR)
		FROM cloudtrail WHERE rowid BETWEEN %d AND %d AND rowid IN (%s)`, sorted[start], sorted[end-1], strings.Join(list, ",")))
		start = end
	}
	q := strings.Join(parts, "\nUNION ALL\n")
	rows, err := b.Case.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("lookup events: %w", err)
	}
	defer rows.Close()
	out := make([]any, len(ids))
	for rows.Next() {
		var rowid int64
		var id, name, key, source, user, raw sql.NullString
		var readOnly sql.NullBool
		var when sql.NullTime
		if err := rows.Scan(&rowid, &id, &name, &readOnly, &key, &when, &source, &user, &raw); err != nil {
			return nil, err
		}
		out[pos[rowid]] = lookupEvent(id, name, readOnly, key, when, source, user, raw)
	}
	return out, rows.Err()
}

// newestManagementEvent is the time the 90-day window ends at by default.
func (b *Backend) newestManagementEvent(ctx context.Context, category string) (time.Time, error) {
	if b.cache != nil {
		b.cache.mu.Lock()
		t, ok := b.cache.newest[category]
		b.cache.mu.Unlock()
		if ok {
			return t, nil
		}
	}
	t, err := b.queryNewest(ctx, category)
	if err == nil && b.cache != nil {
		b.cache.mu.Lock()
		b.cache.newest[category] = t
		b.cache.mu.Unlock()
	}
	return t, err
}

func (b *Backend) queryNewest(ctx context.Context, category string) (time.Time, error) {
	q := `SELECT max(eventTime) FROM cloudtrail WHERE coalesce(eventCategory, 'Management') = 'Management'`
	if category == "insight" {
		q = `SELECT max(eventTime) FROM cloudtrail WHERE eventCategory = 'Insight'`
	}
	var t sql.NullTime
	if err := b.Case.DB.QueryRowContext(ctx, q).Scan(&t); err != nil {
		return time.Time{}, err
	}
	if !t.Valid {
		return b.now(), nil
	}
	return t.Time.UTC(), nil
}

// lookupEvent builds one Events[] item with the service's member order.
// Members the event lacks are left out, as the service leaves them out.
func lookupEvent(id, name sql.NullString, readOnly sql.NullBool, key sql.NullString, when sql.NullTime, source, user, raw sql.NullString) *jsonv.Object {
	e := jsonv.NewObject()
	if id.Valid {
		e.Set("EventId", id.String)
	}
	if name.Valid {
		e.Set("EventName", name.String)
	}
	if readOnly.Valid {
		e.Set("ReadOnly", strconv.FormatBool(readOnly.Bool))
	}
	if key.Valid {
		e.Set("AccessKeyId", key.String)
	}
	if when.Valid {
		e.Set("EventTime", when.Time.UTC())
	}
	if source.Valid {
		e.Set("EventSource", source.String)
	}
	if user.Valid {
		e.Set("Username", user.String)
	}
	e.Set("Resources", lookupResources(raw.String))
	if raw.Valid {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(raw.String)) == nil {
			e.Set("CloudTrailEvent", compact.String())
		} else {
			e.Set("CloudTrailEvent", raw.String)
		}
	}
	return e
}

// lookupResources turns the record's resources[] into LookupEvents'
// {ResourceType, ResourceName} list. The service derives names from the
// request itself for some APIs; from evidence, the record's resources are
// what is known: the name is the last part of the ARN.
func lookupResources(raw string) []any {
	out := []any{}
	if raw == "" {
		return out
	}
	var rec struct {
		Resources []struct {
			Type      string `json:"type"`
			ARN       string `json:"ARN"`
			ARNPrefix string `json:"ARNPrefix"`
		} `json:"resources"`
	}
	if json.Unmarshal([]byte(raw), &rec) != nil {
		return out
	}
	for _, r := range rec.Resources {
		arn := r.ARN
		if arn == "" {
			arn = r.ARNPrefix
		}
		name := arn
		if i := strings.LastIndexAny(arn, ":/"); i >= 0 && strings.HasPrefix(arn, "arn:") {
			name = arn[i+1:]
			if strings.Contains(r.Type, "S3::Object") {
				// An object name is the key: everything after the bucket.
				if j := strings.Index(arn, ":::"); j >= 0 {
					if k := strings.Index(arn[j+3:], "/"); k >= 0 {
						name = arn[j+3+k+1:]
					}
				}
			}
		}
		item := jsonv.NewObject()
		if r.Type != "" {
			item.Set("ResourceType", r.Type)
		}
		if name != "" {
			item.Set("ResourceName", name)
		}
		out = append(out, item)
	}
	return out
}

// A NextToken is only valid with the same request parameters, as with the
// service; it carries the offset and a fingerprint of the parameters.
func lookupFingerprint(in LookupEventsInput) string {
	h := sha256.New()
	fmt.Fprintf(h, "%q|%v|%v|%s|%d", in.LookupAttributes, in.StartTime, in.EndTime, in.EventCategory, in.MaxResults)
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:12])
}

func encodeNextToken(offset int, fingerprint string) string {
	return base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(offset) + "|" + fingerprint))
}

func decodeNextToken(token, fingerprint string) (int, error) {
	b, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return 0, err
	}
	off, fp, ok := strings.Cut(string(b), "|")
	if !ok || fp != fingerprint {
		return 0, fmt.Errorf("token does not match the request")
	}
	return strconv.Atoi(off)
}
