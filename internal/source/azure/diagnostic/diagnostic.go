package diagnostic

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// maxHeldBack bounds how many records of unknown categories are held back
// while no loadable record has been seen (see diagParser.unknown).
const maxHeldBack = 4096

// diagParser reads one diagnostic settings file.
type diagParser struct {
	out  source.RowWriter
	want string // the table the user named, if any
	// loaded counts records that became rows, rejected the records
	// rejected for any reason but their category.
	loaded, rejected int64
	// heldBack are records of categories the case has no table for, held
	// back until the file shows whether it holds anything loadable: a file
	// of nothing but such records is skipped as a whole rather than
	// rejected record by record.
	heldBack   []heldReject
	overflowed bool
	categories map[string]bool
}

type heldReject struct {
	loc    source.Location
	reason string
}

func parseDiagnostic(ctx context.Context, in source.Input, out source.RowWriter) error {
	d := &diagParser{out: out, want: in.Table, categories: map[string]bool{}}
	br := bufio.NewReaderSize(in.R, 64<<10)
	var err error
	switch layoutOf(br) {
	case layoutRecords:
		err = newStream(ctx, br).values("records", nil, d.record)
	case layoutLines:
		err = lines(ctx, br, d.reject, d.record)
	default:
		err = newStream(ctx, br).objects(d.record)
	}
	if err != nil {
		d.release()
		return err
	}
	if d.loaded == 0 && d.rejected == 0 && len(d.heldBack) > 0 && !d.overflowed {
		return &source.SkipFile{Reason: "diagnostic settings records of categories the case has no table for: " + d.categoryList()}
	}
	d.release()
	return nil
}

// layout is how the records of a diagnostic settings file are laid out.
type layout int

const (
	layoutRecords layout = iota // {"records":[…]} (storage blobs, Event Hub messages) or a bare array
	layoutLines                 // one record, or one {"records":[…]}, per line
	layoutObjects               // records spread over several lines each (pretty-printed)
)

// layoutOf tells the layout from the start of the input: an object whose
// first member is "records", or an array, is streamed element by element;
// a lone "{" on the first line means pretty-printed records; anything
// else is read as JSON lines.
func layoutOf(br *bufio.Reader) layout {
	head, _ := br.Peek(64 << 10)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(head) > 0 && head[0] == '[' {
		return layoutRecords
	}
	if len(head) > 0 && head[0] == '{' && bytes.HasPrefix(bytes.TrimLeft(head[1:], " \t\r\n"), []byte(`"records"`)) {
		return layoutRecords
	}
	// Pretty-printers open an object on a line of its own; anything else
	// is read line by line, so that a broken line costs only itself.
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	if string(bytes.TrimSpace(first)) != "{" {
		return layoutLines
	}
	return layoutObjects
}

// reject rejects a record for a reason other than its category.
func (d *diagParser) reject(loc source.Location, reason string) {
	d.rejected++
	d.release()
	d.out.Reject(loc, reason)
}

func (d *diagParser) record(loc source.Location, raw json.RawMessage) error {
	rec, ok := parseObject(raw)
	if !ok {
		d.reject(loc, notObject("the record", raw))
		return nil
	}
	t, why, noTable := route(rec, d.want)
	switch {
	case t == nil && noTable:
		d.unknown(loc, why, rec.str("category"))
		return nil
	case t == nil:
		d.reject(loc, why)
		return nil
	}
	d.release()
	d.loaded++
	return mapDiagnostic(t, rec).write(d.out, loc)
}

// unknown rejects a record of a category without a table, or holds the
// rejection back while the file may turn out to hold nothing else.
func (d *diagParser) unknown(loc source.Location, reason, category string) {
	if category == "" {
		category = "(none)"
	}
	d.categories[category] = true
	if d.loaded > 0 || d.rejected > 0 || d.overflowed {
		d.out.Reject(loc, reason)
		return
	}
	d.heldBack = append(d.heldBack, heldReject{loc, reason})
	if len(d.heldBack) >= maxHeldBack {
		d.overflowed = true
		d.release()
	}
}

// release writes the held-back rejections.
func (d *diagParser) release() {
	for _, h := range d.heldBack {
		d.out.Reject(h.loc, h.reason)
	}
	d.heldBack = nil
}

func (d *diagParser) categoryList() string {
	var names []string
	for c := range d.categories {
		names = append(names, c)
	}
	sort.Strings(names)
	if len(names) > 10 {
		names = append(names[:10], fmt.Sprintf("and %d more", len(names)-10))
	}
	return strings.Join(names, ", ")
}
