package msgtrace

import "strings"

// export is one of the two message trace exports: the header names that
// recognise it and where each of its columns lands in MessageTrace.
type export struct {
	format string // the format's name
	title  string // for messages
	// columns maps a lower-cased header name to a MessageTrace column.
	columns map[string]string
	// recognised reports whether a header (lower-cased names) is this
	// export's.
	recognised func(names map[string]bool) bool
	// skip, when set, gives the reason a recognised file holds nothing to
	// load, or "".
	skip func(names map[string]bool) string
	// recipients names the header whose cell lists the recipients and
	// their events ("a@x##Receive, Deliver;b@x##Receive, Fail"); each
	// recipient makes a row.
	recipients string
}

// powershell is `Get-MessageTrace | Export-Csv` (Get-MessageTraceV2 too).
var powershell = &export{
	format: "msgtrace-powershell",
	title:  "Get-MessageTrace",
	columns: map[string]string{
		"received":         "TimeGenerated",
		"senderaddress":    "SenderAddress",
		"recipientaddress": "RecipientAddress",
		"subject":          "Subject",
		"status":           "Status",
		"fromip":           "FromIP",
		"toip":             "ToIP",
		"size":             "Size",
		"messageid":        "MessageId",
		"messagetraceid":   "MessageTraceId",
		"organization":     "Organization",
	},
	recognised: func(n map[string]bool) bool {
		return n["senderaddress"] && n["recipientaddress"] && (n["messagetraceid"] || n["received"] && n["status"])
	},
}

// report is the Exchange admin center's message trace report
// (Start-HistoricalSearch), in its summary and enhanced summary forms.
var report = &export{
	format: "msgtrace-report",
	title:  "message trace report",
	columns: map[string]string{
		"origin_timestamp_utc": "TimeGenerated",
		"origin_timestamp":     "TimeGenerated",
		"sender_address":       "SenderAddress",
		"message_subject":      "Subject",
		"total_bytes":          "Size",
		"message_id":           "MessageId",
		"network_message_id":   "MessageTraceId",
		"original_client_ip":   "FromIP",
		"directionality":       "Directionality",
		"connector_id":         "ConnectorId",
		"delivery_priority":    "DeliveryPriority",
	},
	recognised: func(n map[string]bool) bool {
		return n["sender_address"] && (n["origin_timestamp_utc"] || n["origin_timestamp"] || n["date_time_utc"]) &&
			(n["recipient_status"] || n["recipient_address"])
	},
	skip: func(n map[string]bool) string {
		if n["origin_timestamp_utc"] || n["origin_timestamp"] {
			return ""
		}
		return "extended message trace report: its rows are transport events (event_id), not messages; " +
			"download the summary or enhanced summary report for MessageTrace"
	},
	recipients: "recipient_status",
}

// exports lists both, for sniffing.
var exports = []*export{powershell, report}

// statusOfEvent words a report's last event for a recipient as
// Get-MessageTrace's Status does. Events it does not know are kept as
// written.
var statusOfEvent = map[string]string{
	"deliver":    "Delivered",
	"send":       "Delivered",
	"fail":       "Failed",
	"expand":     "Expanded",
	"defer":      "Pending",
	"quarantine": "Quarantined",
	"spam":       "FilteredAsSpam",
}

// recipientStatus splits one recipient of a report's recipient_status
// ("user@contoso.com##Receive, Deliver") into address, events and Status.
func recipientStatus(s string) (address, events, status string) {
	address, events, _ = strings.Cut(s, "##")
	address, events = strings.TrimSpace(address), strings.TrimSpace(events)
	last := events
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	last = strings.TrimSpace(last)
	status = last
	if known, ok := statusOfEvent[strings.ToLower(last)]; ok {
		status = known
	}
	return address, events, status
}

// directionality words the report's directionality as the admin center
// shows it: the enhanced report writes 1 and 2.
func directionality(s string) string {
	switch strings.TrimSpace(s) {
	case "1":
		return "Incoming"
	case "2":
		return "Originating"
	}
	return s
}

// domainOf is the domain of an address, lower-cased; "" when it has none.
func domainOf(address string) string {
	i := strings.LastIndexByte(address, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(address[i+1:], " >"))
}
