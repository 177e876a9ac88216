package azcli

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/query"
)

// primaryResult is the name Log Analytics gives a query's result table.
const primaryResult = "PrimaryResult"

// LogAnalyticsResponse builds the body the Log Analytics query API returns:
// {"tables":[{"name":"PrimaryResult","columns":[{"name","type"}],"rows":[[…]]}]}.
// Values take the API's JSON forms: long and int as integers, real as a
// float ("5.0"), bool as true/false, datetime as ISO 8601 text with up to
// seven fractional digits and a Z, timespan as [-][d.]hh:mm:ss[.fffffff],
// dynamic as its JSON text in a string, guid and string as strings.
func LogAnalyticsResponse(res *query.Result) *jsonv.Object {
	columns := make([]any, len(res.Columns))
	for i, c := range res.Columns {
		columns[i] = jsonv.NewObject().Set("name", c.Name).Set("type", kustoTypeName(c.Type))
	}
	rows := make([]any, len(res.Rows))
	for r, row := range res.Rows {
		values := make([]any, len(row))
		for i, v := range row {
			typ := ""
			if i < len(res.Columns) {
				typ = res.Columns[i].Type
			}
			values[i] = apiValue(v, typ)
		}
		rows[r] = values
	}
	table := jsonv.NewObject().
		Set("name", primaryResult).
		Set("columns", columns).
		Set("rows", rows)
	return jsonv.NewObject().Set("tables", []any{table})
}

// LogAnalyticsRows is what `az monitor log-analytics query` prints for a
// result: one object per row with "TableName": "PrimaryResult" first and
// then one key per column, every value Python's str() of the API's JSON
// value ("57", "5.0", "True", "None", "2023-08-09T10:11:12.123Z", dynamic as
// JSON text). This is the CLI's transform_query_output.
func LogAnalyticsRows(res *query.Result) []any {
	body := LogAnalyticsResponse(res)
	tables, _ := body.Get("tables")
	out := []any{}
	for _, t := range tables.([]any) {
		table := t.(*jsonv.Object)
		name, _ := table.Get("name")
		cols, _ := table.Get("columns")
		rows, _ := table.Get("rows")
		for _, row := range rows.([]any) {
			item := jsonv.NewObject().Set("TableName", name)
			for i, v := range row.([]any) {
				colName, _ := cols.([]any)[i].(*jsonv.Object).Get("name")
				item.Set(colName.(string), PyStr(v))
			}
			out = append(out, item)
		}
	}
	return out
}

// kustoTypeName is the column type the API reports; a column whose type
// the compiler did not say is reported as string.
func kustoTypeName(t string) string {
	if t == "" {
		return "string"
	}
	return t
}

// apiValue turns one result value into the JSON value the API would send
// for a column of Kusto type typ.
func apiValue(v any, typ string) any {
	switch v := v.(type) {
	case nil:
		return nil
	case bool:
		return v
	case int64:
		if typ == "real" {
			return realNumber(float64(v))
		}
		return jsonv.Int(v)
	case int:
		return apiValue(int64(v), typ)
	case float64:
		if (typ == "long" || typ == "int") && v == math.Trunc(v) && math.Abs(v) < 1<<63 {
			return jsonv.Int(int64(v))
		}
		return realNumber(v)
	case time.Time:
		return KustoDatetime(v)
	case time.Duration:
		return KustoTimespan(v)
	case duckdb.Interval:
		return KustoTimespan(intervalDuration(v))
	case string:
		return v
	case []any, map[string]any, *jsonv.Object:
		// A dynamic value DuckDB handed back as a LIST or STRUCT: the API
		// sends dynamic values as their JSON text.
		text, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(text)
	}
	return fmt.Sprint(v)
}

// realNumber is a Kusto real as the API writes it: a JSON number that keeps
// a fractional part ("5.0"), or the names "NaN", "Infinity", "-Infinity" as
// strings, which JSON has no number for.
func realNumber(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return jsonv.Number(pyFloat(f))
}

// KustoDatetime writes t as the Log Analytics API does: UTC, ISO 8601, the
// fraction in 100-nanosecond ticks with trailing zeros dropped (none at all
// on a whole second), and a Z: "2023-08-09T10:11:12.123Z".
func KustoDatetime(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	if ticks := t.Nanosecond() / 100; ticks > 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%07d", ticks), "0")
	}
	return s + "Z"
}

// KustoTimespan writes d as Kusto does (.NET's constant "c" format):
// [-][d.]hh:mm:ss[.fffffff], e.g. "00:01:00", "1.02:03:04.5000000".
func KustoTimespan(d time.Duration) string {
	sign := ""
	ticks := int64(d / 100)
	if ticks < 0 {
		sign, ticks = "-", -ticks
	}
	const ticksPerSecond = 10_000_000
	frac := ticks % ticksPerSecond
	secs := ticks / ticksPerSecond
	days := secs / 86400
	secs %= 86400
	s := sign
	if days > 0 {
		s += strconv.FormatInt(days, 10) + "."
	}
	s += fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	if frac > 0 {
		s += fmt.Sprintf(".%07d", frac)
	}
	return s
}

// intervalDuration converts a DuckDB INTERVAL; a month counts 30 days, as
// DuckDB itself does when it compares intervals.
func intervalDuration(iv duckdb.Interval) time.Duration {
	days := int64(iv.Months)*30 + int64(iv.Days)
	return time.Duration(days)*24*time.Hour + time.Duration(iv.Micros)*time.Microsecond
}
