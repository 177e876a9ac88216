package msgtrace

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// checkEvery is how many records pass between checks for cancellation.
const checkEvery = 1024

// parse reads one export into MessageTrace rows.
func parse(ctx context.Context, ex *export, in source.Input, out source.RowWriter) error {
	if in.Table != "" && !strings.EqualFold(in.Table, MessageTrace.Name) {
		return &source.SkipFile{Reason: fmt.Sprintf("a %s export fills %s, not %s", ex.title, MessageTrace.Name, in.Table)}
	}
	recs := newRecords(decodedReader(in.R))
	header, err := readHeader(recs)
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	names := headerSet(header)
	if ex.skip != nil {
		if reason := ex.skip(names); reason != "" {
			return &source.SkipFile{Reason: reason}
		}
	}
	m := newMapper(ex, header)
	for n := int64(1); ; n++ {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := recs.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: reading stopped: %w", recs.line, err)
		}
		loc := source.Location{Line: rec.line, Record: n}
		switch {
		case rec.err != nil:
			out.Reject(loc, rec.err.Error())
		case len(rec.fields) != len(header):
			out.Reject(loc, fmt.Sprintf("the record has %d fields, the header has %d", len(rec.fields), len(header)))
		default:
			for i, f := range rec.fields {
				rec.fields[i] = strings.ToValidUTF8(f, "\uFFFD") // DuckDB refuses invalid UTF-8
			}
			if err := m.rows(loc, rec.fields, out); err != nil {
				return err
			}
		}
	}
}

// readHeader returns the header's cells, past a "#TYPE" line.
func readHeader(recs *records) ([]string, error) {
	for {
		rec, err := recs.next()
		if err != nil {
			return nil, err
		}
		if rec.err != nil {
			return nil, fmt.Errorf("line %d: the header is %v", rec.line, rec.err)
		}
		if len(rec.fields) > 0 && strings.HasPrefix(strings.TrimSpace(rec.fields[0]), "#TYPE") {
			continue
		}
		for i, f := range rec.fields {
			rec.fields[i] = strings.ToValidUTF8(strings.TrimSpace(f), "\uFFFD")
		}
		return rec.fields, nil
	}
}

// mapper turns records of one file into rows.
type mapper struct {
	ex       *export
	header   []string
	target   []int // for each header cell, its MessageTrace column, or -1
	hasTime  bool
	recvCell int // the recipients cell (ex.recipients), or -1
	values   []any
}

// Positions of the columns the mapper fills itself.
var (
	colTime            = MessageTrace.ColumnIndex("TimeGenerated")
	colSender          = MessageTrace.ColumnIndex("SenderAddress")
	colSenderDomain    = MessageTrace.ColumnIndex("SenderDomain")
	colRecipient       = MessageTrace.ColumnIndex("RecipientAddress")
	colRecipientStatus = MessageTrace.ColumnIndex("RecipientStatus")
	colStatus          = MessageTrace.ColumnIndex("Status")
	colDirectionality  = MessageTrace.ColumnIndex("Directionality")
	colRaw             = MessageTrace.ColumnIndex("Raw")
)

func newMapper(ex *export, header []string) *mapper {
	m := &mapper{ex: ex, header: header, recvCell: -1, values: make([]any, len(MessageTrace.Columns))}
	m.target = make([]int, len(header))
	for i, h := range header {
		name := headerName(h)
		m.target[i] = -1
		if col, ok := ex.columns[name]; ok {
			m.target[i] = MessageTrace.ColumnIndex(col)
			if m.target[i] == colTime {
				m.hasTime = true
			}
		}
		if name == ex.recipients {
			m.recvCell = i
		}
	}
	return m
}

// rows writes the rows of one record: one, or one per recipient when the
// export lists the recipients in one cell.
func (m *mapper) rows(loc source.Location, fields []string, out source.RowWriter) error {
	clear(m.values)
	var problems []string
	for i, cell := range fields {
		c := m.target[i]
		if c < 0 {
			continue
		}
		if m.values[c] != nil && cell == "" {
			continue // origin_timestamp_utc and origin_timestamp both present: keep the one with a value
		}
		v, err := azure.Value(MessageTrace.Columns[c], cell)
		if err != nil {
			problems = append(problems, err.Error())
		}
		m.values[c] = v
	}
	if s, ok := m.values[colDirectionality].(string); ok {
		m.values[colDirectionality] = directionality(s)
	}
	if s, ok := m.values[colSender].(string); ok {
		m.values[colSenderDomain] = domainOf(s)
	}
	if _, ok := m.values[colTime].(time.Time); !ok && len(problems) == 0 {
		if m.hasTime {
			problems = append(problems, "no time: the time cell is empty")
		} else {
			problems = append(problems, fmt.Sprintf("no time: the %s export has no time column", m.ex.title))
		}
	}
	m.values[colRaw] = rawJSON(m.header, fields)
	for _, p := range problems {
		out.Warn(loc, p)
	}

	if m.recvCell < 0 {
		return out.Row(loc, m.values)
	}
	var recipients []string
	for _, r := range strings.Split(fields[m.recvCell], ";") {
		if strings.TrimSpace(r) != "" {
			recipients = append(recipients, r)
		}
	}
	if len(recipients) == 0 {
		return out.Row(loc, m.values)
	}
	for _, r := range recipients {
		address, events, status := recipientStatus(r)
		m.values[colRecipient] = address
		m.values[colRecipientStatus] = events
		m.values[colStatus] = status
		if err := out.Row(loc, m.values); err != nil {
			return err
		}
	}
	return nil
}

// rawJSON is the record as a JSON object, header → cell text, in the
// file's order.
func rawJSON(header, fields []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, h := range header {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, h)
		b.WriteByte(':')
		writeJSONString(&b, fields[i])
	}
	b.WriteByte('}')
	return b.String()
}

func writeJSONString(b *strings.Builder, s string) {
	enc, _ := json.Marshal(s) // a string always marshals
	b.Write(enc)
}
