package linuxauth

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// RFC 3164 timestamps ("Mar  8 10:00:01") carry no year. yearRule says
// which year the first such line of a file is in, and why; later lines
// move to the next year when the month goes back (December → January).
type yearRule struct {
	start int
	why   string
	// limit, when set, is the latest a line can plausibly be: lines after
	// it mean the assumed year is wrong, and the parser says so.
	limit time.Time
}

// chooseYear finds the year, in order: a folder of the file's path named
// like a year (…/2024/…, y=2024), a date in the file name (secure-20240310:
// logrotate's date of rotation, so no line is later), or else the current
// time (no line is in the future). head is the start of the file: its
// lines tell how many year ends the file crosses early on.
func chooseYear(path string, head []byte, now time.Time) yearRule {
	if year, dir, ok := yearFromPath(path); ok {
		return yearRule{start: year, why: fmt.Sprintf("from the folder %q", dir)}
	}
	if date, ok := dateFromName(path); ok {
		// A file is rotated on its date, lines of that day (in the host's
		// own zone) included: allow two days past the date's start.
		limit := date.Add(48 * time.Hour)
		start := yearBefore(head, limit)
		return yearRule{start: start, why: fmt.Sprintf("from the date %s in the file name, so that no line is later", date.Format("2006-01-02")), limit: limit}
	}
	// A day of slack: the host's clock may be ahead of UTC.
	limit := now.UTC().Add(24 * time.Hour)
	start := yearBefore(head, limit)
	return yearRule{start: start, why: "so that no line is in the future", limit: limit}
}

// yearBefore is the latest year for the first RFC 3164 line of head such
// that the last one, after the year ends crossed in between, is not after
// limit.
func yearBefore(head []byte, limit time.Time) int {
	y := yearTracker{}
	var last time.Time
	for _, line := range headLines(head, 1<<20) {
		e, err := parseLine(line)
		if err == nil && e.noYear {
			last = y.place(e.when)
		}
	}
	if last.IsZero() {
		return limit.Year()
	}
	crossed := y.year // the tracker started at year 0
	start := limit.Year() - crossed
	if last.AddDate(start, 0, 0).After(limit) {
		start--
	}
	return start
}

// yearTracker places year-less times in years, from a starting year.
type yearTracker struct {
	year int
	prev time.Month
	seen bool
}

// place gives t (in year 0) its year: the tracker's, or the next one when
// the month went back by half a year or more since the previous line.
func (y *yearTracker) place(t time.Time) time.Time {
	if y.seen && t.Month()+6 <= y.prev {
		y.year++
	}
	y.prev, y.seen = t.Month(), true
	return time.Date(y.year, t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// yearFromPath finds the innermost folder named like a year.
func yearFromPath(path string) (int, string, bool) {
	dirs := strings.FieldsFunc(filepath.ToSlash(filepath.Dir(path)), func(r rune) bool { return r == '/' || r == '\\' })
	for i := len(dirs) - 1; i >= 0; i-- {
		d := dirs[i]
		text := d
		if key, v, ok := strings.Cut(d, "="); ok && (strings.EqualFold(key, "y") || strings.EqualFold(key, "year")) {
			text = v
		}
		if len(text) == 4 {
			if year, err := strconv.Atoi(text); err == nil && year >= 1970 && year <= 2100 {
				return year, d, true
			}
		}
	}
	return 0, "", false
}

// nameDate matches a date in a file name: 20240310 or 2024-03-10, not
// inside a longer run of digits.
var nameDate = regexp.MustCompile(`(?:^|\D)((?:19[7-9]\d|20\d\d)-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01]))(?:\D|$)`)

func dateFromName(path string) (time.Time, bool) {
	m := nameDate.FindStringSubmatch(filepath.Base(filepath.ToSlash(path)))
	if m == nil {
		return time.Time{}, false
	}
	digits := strings.ReplaceAll(m[1], "-", "")
	t, err := time.Parse("20060102", digits)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}
