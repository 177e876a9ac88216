package msgtrace

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

// caseTables are the tables of a case once this package is registered
// (internal/formats cannot be imported here: it will import this package).
func caseTables() []*source.Table {
	tables := append([]*source.Table{cloudtrail.Table, vpcflow.Table}, azure.Tables...)
	return append(tables, Tables...)
}

// fakeWriter records what a parser reports.
type fakeWriter struct {
	rows    []fakeRow
	rejects []fakeIssue
	warns   []fakeIssue
}

type fakeRow struct {
	loc    source.Location
	values []any
}

type fakeIssue struct {
	loc    source.Location
	reason string
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	if len(values) != len(MessageTrace.Columns) {
		panic("a row of the wrong width")
	}
	w.rows = append(w.rows, fakeRow{loc, append([]any(nil), values...)})
	return nil
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	panic("msgtrace writes its own table with Row")
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, fakeIssue{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, fakeIssue{loc, reason})
}

// get is a row's value of the named MessageTrace column.
func (r fakeRow) get(name string) any {
	i := MessageTrace.ColumnIndex(name)
	if i < 0 {
		panic("no column " + name)
	}
	return r.values[i]
}

// parseWith parses content with the format the sniffers pick, as ingest
// would; the test fails when none claims it.
func parseWith(t *testing.T, content []byte, table string) (*fakeWriter, error) {
	t.Helper()
	f := pick(content)
	if f == nil {
		t.Fatalf("no format claims %.80q", content)
	}
	head := content
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	w := &fakeWriter{}
	err := f.Parse(context.Background(), source.Input{Path: "trace.csv", R: strings.NewReader(string(content)), Head: head, Table: table}, w)
	return w, err
}

func mustParse(t *testing.T, content string) *fakeWriter {
	t.Helper()
	w, err := parseWith(t, []byte(content), "")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

// pick is the first format that claims content, or nil.
func pick(content []byte) source.Format {
	for _, f := range Formats {
		if f.Sniff("trace.csv", content) {
			return f
		}
	}
	return nil
}

// utf16LE encodes s as Exchange writes its reports: UTF-16LE with a mark.
func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

func utf16BE(s string) []byte {
	out := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.BigEndian.AppendUint16(out, u)
	}
	return out
}

// The fixtures: what each export looks like.
const (
	psHeader = `"PSComputerName","RunspaceId","PSShowComputerName","Organization","MessageId","Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageTraceId","StartDate","EndDate","Index"`
	psType   = "#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n"
	psSpam   = `"outlook.office365.com","4f6a0c2e-1111-4a0b-9c1d-000000000001","False","contoso.onmicrosoft.com","<prize-1@bulk-deals.example>","3/1/2024 10:00:00 AM","promo@Bulk-Deals.example","alice@contoso.com","You won a prize","FilteredAsSpam","","203.0.113.25","20480","8e4c1c1a-2222-4c9e-8f00-00000000000a","2/28/2024 12:00:00 AM","3/2/2024 12:00:00 AM","0"`
	psOut    = `"outlook.office365.com","4f6a0c2e-1111-4a0b-9c1d-000000000001","False","contoso.onmicrosoft.com","<re-2@contoso.com>","3/1/2024 2:30:15 PM","alice@contoso.com","partner@fabrikam.example","RE: invoice","Delivered","192.0.2.10","","1024","8e4c1c1a-2222-4c9e-8f00-00000000000b","2/28/2024 12:00:00 AM","3/2/2024 12:00:00 AM","1"`

	reportHeader = `"origin_timestamp_utc","sender_address","recipient_status","message_subject","total_bytes","message_id","network_message_id","original_client_ip","directionality","connector_id","delivery_priority"`
	reportRow    = `"2024-03-01T10:05:00.1234567Z","ceo@c0ntoso.com","alice@contoso.com##Receive, Deliver;bob@contoso.com##Receive, Fail","Urgent wire transfer","5120","<wire-1@c0ntoso.com>","0b6f9d4e-3333-4d2a-a000-00000000000c","198.51.100.7","Incoming","","Normal"`
	reportOut    = `"2024-03-01T11:00:00Z","alice@contoso.com","partner@fabrikam.example##Receive, Send","Invoice","2048","<inv-1@contoso.com>","0b6f9d4e-3333-4d2a-a000-00000000000d","","2","Outbound to partner","High"`

	extendedHeader = `"date_time_utc","client_ip","client_hostname","server_ip","server_hostname","source_context","connector_id","source","event_id","internal_message_id","message_id","network_message_id","recipient_address","recipient_status","total_bytes","recipient_count","related_recipient_address","reference","message_subject","sender_address","return_path","message_info","directionality","tenant_id","original_client_ip","original_server_ip","custom_data"`
)
