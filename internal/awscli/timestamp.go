package awscli

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatTimestamp renders a response timestamp as CLI v2 does by default
// (cli_timestamp_format=iso8601): Python's isoformat() in the local time
// zone, with microseconds only when there are any.
func FormatTimestamp(t time.Time) string {
	t = t.Local()
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s += fmt.Sprintf("%s%02d:%02d", sign, off/3600, off/60%60)
	if off%60 != 0 {
		s += fmt.Sprintf(":%02d", off%60)
	}
	return s
}

// EpochTime converts a wire timestamp (epoch seconds, maybe fractional, as
// the JSON protocols send it) to a time, keeping microseconds.
func EpochTime(sec float64) time.Time {
	whole := int64(sec)
	us := int64((sec-float64(whole))*1e6 + 0.5)
	return time.Unix(whole, us*1000)
}

// ParseTimestamp reads a timestamp parameter as the CLI accepts it: epoch
// seconds (integer or fractional) or ISO-8601 forms such as 2023-08-09,
// 2023-08-09T14:03:11, 2023-08-09T14:03:11Z and 2023-08-09 14:03:11+02:00.
// A time without a zone is taken in the local zone.
func ParseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eE") {
		return EpochTime(f), nil
	}
	layouts := []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999",
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02 15:04",
		"2006-01-02",
		"20060102T150405Z0700",
		"20060102T150405",
		"20060102",
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid timestamp %q", s)
}
