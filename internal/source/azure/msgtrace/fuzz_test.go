package msgtrace

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// FuzzParse feeds arbitrary files to whichever format claims them: no
// panic, every row of the table's width with values of the columns'
// types, every string valid UTF-8, every issue located.
func FuzzParse(f *testing.F) {
	seeds := []string{
		psType + psHeader + "\r\n" + psSpam + "\r\n" + psOut + "\r\n",
		reportHeader + "\n" + reportRow + "\n" + reportOut + "\n",
		string(utf16LE(reportHeader + "\r\n" + reportRow + "\r\n")),
		extendedHeader + "\n",
		"Received,SenderAddress,RecipientAddress,Status,Size\n3/1/2024 10:00:00 AM,a@b.c,d@e.f,Delivered,12\n",
		"Received,SenderAddress,RecipientAddress,Status\n\"x\n",
		"origin_timestamp_utc,sender_address,recipient_status\n2024-03-01T10:00:00Z,a@b,;;x##;##Receive,\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format := pick(data)
		if format == nil {
			return
		}
		w := &fakeWriter{}
		head := data
		if len(head) > source.HeadSize {
			head = head[:source.HeadSize]
		}
		format.Parse(context.Background(), source.Input{Path: "f.csv", R: strings.NewReader(string(data)), Head: head}, w)
		for _, r := range w.rows {
			for i, v := range r.values {
				switch v := v.(type) {
				case nil, time.Time:
				case int64:
					if MessageTrace.Columns[i].Type != "BIGINT" {
						t.Fatalf("%s holds an int64", MessageTrace.Columns[i].Name)
					}
				case string:
					if !utf8.ValidString(v) {
						t.Fatalf("%s holds invalid UTF-8 %q", MessageTrace.Columns[i].Name, v)
					}
				default:
					t.Fatalf("%s holds a %T", MessageTrace.Columns[i].Name, v)
				}
			}
			if r.loc.Line < 1 || r.loc.Record < 1 {
				t.Fatalf("row at %v", r.loc)
			}
		}
		for _, is := range append(w.rejects, w.warns...) {
			if is.loc.Line < 1 || is.reason == "" {
				t.Fatalf("issue %v %q", is.loc, is.reason)
			}
		}
	})
}
