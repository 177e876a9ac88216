package kql

import (
	"strings"
	"time"
)

// datetimeLayouts are the forms datetime(…) accepts, all read as UTC:
// ISO 8601 (with T or a space, optional fraction and zone), RFC 822/850,
// and the US month-first forms the playbook uses ("8/9/2023 00:00:00",
// "10/29/2021 2:45 PM"). Go's parser takes an optional fraction after the
// seconds even when the layout has none.
var datetimeLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"20060102",
	"1/2/2006 15:04:05",
	"1/2/2006 15:04",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04 PM",
	"1/2/2006",
	"Mon, 2 Jan 06 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 06 15:04:05 MST",
	"Monday, 02-Jan-06 15:04:05 MST",
}

// parseDatetime reads the text of a datetime literal.
func parseDatetime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range datetimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// sqlTimestamp writes t as a DuckDB TIMESTAMP literal. The text comes from
// time.Format, never from the query, so it needs no quoting beyond this.
func sqlTimestamp(t time.Time) string {
	return "TIMESTAMP '" + t.UTC().Format("2006-01-02 15:04:05.999999") + "'"
}
