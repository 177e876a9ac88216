package linuxauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// entry is one syslog line, read.
type entry struct {
	// when is the line's time in UTC. For RFC 3164 lines, which carry no
	// year, it is in year 0 and noYear is set: the parser places it.
	when    time.Time
	noYear  bool
	host    string
	program string // the tag without its [pid] and colon: "sshd", "sudo" …
	// raw is what goes to RawData: the line itself, or for a journal JSON
	// entry the line syslog would have written for it.
	raw string
}

var errNotSyslog = errors.New("not a syslog line: expected a timestamp (\"Mar  8 10:00:01\" or ISO 8601), a host and a message")

// parseLine reads one line of an auth log, in whichever form it comes.
func parseLine(line string) (entry, error) {
	if strings.HasPrefix(line, "{") {
		return parseJournalJSON(line)
	}
	rest := line
	// A priority, as in lines forwarded over the network: <38>.
	if after, ok := cutPriority(rest); ok {
		if strings.HasPrefix(after, "1 ") {
			return parse5424(line, after[2:])
		}
		rest = after
	}
	var e entry
	var err error
	switch {
	case len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9':
		e.when, rest, err = isoStamp(rest)
	default:
		e.when, rest, err = bsdStamp(rest)
		e.noYear = true
	}
	if err != nil {
		return entry{}, err
	}
	e.host, rest, _ = strings.Cut(rest, " ")
	if !isHostName(e.host) {
		return entry{}, fmt.Errorf("host %.40q is not a host name; %w", e.host, errNotSyslog)
	}
	e.program = program(rest)
	e.raw = line
	return e, nil
}

// cutPriority removes a leading "<N>" syslog priority.
func cutPriority(s string) (rest string, ok bool) {
	if !strings.HasPrefix(s, "<") {
		return s, false
	}
	end := strings.IndexByte(s, '>')
	if end < 2 || end > 4 {
		return s, false
	}
	n, err := strconv.Atoi(s[1:end])
	if err != nil || n > 191 {
		return s, false
	}
	return s[end+1:], true
}

var months = map[string]time.Month{
	"Jan": time.January, "Feb": time.February, "Mar": time.March, "Apr": time.April,
	"May": time.May, "Jun": time.June, "Jul": time.July, "Aug": time.August,
	"Sep": time.September, "Oct": time.October, "Nov": time.November, "Dec": time.December,
}

// bsdStamp reads an RFC 3164 timestamp and the space after it: "Mar  8
// 10:00:01" as syslog writes it, "Mar 08 10:00:01" as journalctl does, and
// either with fractional seconds (journalctl -o short-precise).
func bsdStamp(s string) (time.Time, string, error) {
	if len(s) < len("Jan 2 15:04:05 ") {
		return time.Time{}, "", errNotSyslog
	}
	month, ok := months[s[:3]]
	if !ok || s[3] != ' ' {
		return time.Time{}, "", errNotSyslog
	}
	rest := strings.TrimPrefix(s[4:], " ")
	dayText, rest, _ := strings.Cut(rest, " ")
	day, err := strconv.Atoi(dayText)
	if err != nil || len(dayText) > 2 || day < 1 || day > 31 {
		return time.Time{}, "", errNotSyslog
	}
	clock, rest, ok := strings.Cut(rest, " ")
	if !ok {
		return time.Time{}, "", errNotSyslog
	}
	c, err := time.Parse("15:04:05", clock) // accepts a fraction after the seconds
	if err != nil || len(clock) < len("15:04:05") {
		return time.Time{}, "", errNotSyslog
	}
	// Year 0 is a leap year, so Feb 29 survives until the year is known.
	t := time.Date(0, month, day, c.Hour(), c.Minute(), c.Second(), c.Nanosecond(), time.UTC)
	if t.Day() != day {
		return time.Time{}, "", fmt.Errorf("%s %d is not a date", month, day)
	}
	return t, rest, nil
}

// isoLayouts are the ISO 8601 forms syslog daemons write: rsyslog's
// high-precision RFC 3339 (2024-03-08T10:00:01.123456+00:00), journalctl
// -o short-iso (2024-03-08T10:00:01+0000), and UTC with Z.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
}

// isoStamp reads an ISO 8601 timestamp and the space after it; a time
// without a zone is UTC.
func isoStamp(s string) (time.Time, string, error) {
	stamp, rest, ok := strings.Cut(s, " ")
	if !ok || len(stamp) < len("2006-01-02T15:04:05") || stamp[10] != 'T' {
		return time.Time{}, "", errNotSyslog
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, stamp); err == nil {
			return t.UTC(), rest, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("timestamp %.40q is not an ISO 8601 time", stamp)
}

// parse5424 reads the rest of an RFC 5424 line after "<PRI>1 ":
// TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG, "-" for a nil field.
func parse5424(line, rest string) (entry, error) {
	f := strings.SplitN(rest, " ", 4)
	if len(f) < 4 {
		return entry{}, errNotSyslog
	}
	var e entry
	if f[0] != "-" {
		t, _, err := isoStamp(f[0] + " ")
		if err != nil {
			return entry{}, err
		}
		e.when = t
	}
	if f[1] != "-" {
		if !isHostName(f[1]) {
			return entry{}, fmt.Errorf("host %.40q is not a host name; %w", f[1], errNotSyslog)
		}
		e.host = f[1]
	}
	if f[2] != "-" {
		e.program = f[2]
	}
	e.raw = line
	return e, nil
}

// isHostName accepts what syslog writes in the host field: a name, a
// dotted name or an IP address.
func isHostName(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':') {
			return false
		}
	}
	return true
}

// program returns the program of a syslog message "sshd[1234]: …" or
// "sudo: …", or "" when the message has no tag.
func program(msg string) string {
	tag, _, _ := strings.Cut(msg, " ")
	if i := strings.IndexByte(tag, '['); i > 0 {
		return tag[:i]
	}
	if strings.HasSuffix(tag, ":") && len(tag) > 1 {
		return tag[:len(tag)-1]
	}
	return ""
}

// journalEntry is the part of a `journalctl -o json` line a row needs.
type journalEntry struct {
	Realtime   string `json:"__REALTIME_TIMESTAMP"` // µs since the epoch, as a string
	Hostname   string `json:"_HOSTNAME"`
	Identifier string `json:"SYSLOG_IDENTIFIER"`
	Comm       string `json:"_COMM"`
	PID        string `json:"_PID"`
	SyslogPID  string `json:"SYSLOG_PID"`
	Message    any    `json:"MESSAGE"` // a string, or an array of bytes when not UTF-8
}

// parseJournalJSON reads one `journalctl -o json` line. RawData is the
// line rsyslog would have written to /var/log/secure for it, so that the
// playbook's `RawData contains "Failed password"` finds it.
func parseJournalJSON(line string) (entry, error) {
	var j journalEntry
	if err := json.Unmarshal([]byte(line), &j); err != nil {
		return entry{}, fmt.Errorf("not a journal entry: %v", err)
	}
	us, err := strconv.ParseInt(j.Realtime, 10, 64)
	if err != nil || us < 0 || us > 253402300799*1e6 {
		return entry{}, fmt.Errorf("__REALTIME_TIMESTAMP %q is not a time in microseconds", j.Realtime)
	}
	msg, err := journalMessage(j.Message)
	if err != nil {
		return entry{}, err
	}
	e := entry{when: time.UnixMicro(us).UTC(), host: j.Hostname, program: j.Identifier}
	if e.program == "" {
		e.program = j.Comm
	}
	pid := j.SyslogPID
	if pid == "" {
		pid = j.PID
	}
	tag := e.program
	if pid != "" {
		tag += "[" + pid + "]"
	}
	e.raw = fmt.Sprintf("%s %s %s: %s", e.when.Format(time.Stamp), e.host, tag, msg)
	return e, nil
}

func journalMessage(m any) (string, error) {
	switch m := m.(type) {
	case string:
		return m, nil
	case []any:
		b := make([]byte, 0, len(m))
		for _, v := range m {
			n, ok := v.(float64)
			if !ok || n < 0 || n > 255 || n != float64(int(n)) {
				return "", errors.New("MESSAGE is an array that is not of bytes")
			}
			b = append(b, byte(n))
		}
		return string(b), nil
	}
	return "", errors.New("no MESSAGE in the journal entry")
}
