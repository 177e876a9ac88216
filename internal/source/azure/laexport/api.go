package laexport

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// apiColumn is one column of a table of the query API's response. The v1
// API names it {"name","type"}; Azure Data Explorer's v1 shape says
// {"ColumnName","DataType"|"ColumnType"}.
type apiColumn struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	ColumnName string `json:"ColumnName"`
	ColumnType string `json:"ColumnType"`
	DataType   string `json:"DataType"`
}

func (c apiColumn) name() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ColumnName
}

// kusto is the column's declared Kusto type, lower-cased ("datetime",
// "string", "bool" …).
func (c apiColumn) kusto() string {
	for _, t := range []string{c.Type, c.ColumnType, c.DataType} {
		if t != "" {
			return strings.ToLower(t)
		}
	}
	return ""
}

// apiParser reads one response; rows are read one at a time.
type apiParser struct {
	ctx     context.Context
	l       *loader
	out     source.RowWriter
	lr      *lineReader
	dec     *json.Decoder
	records int64
	skipped []string // response tables not loaded, and why
	apiErr  string   // the response's error message, if it is one
}

// parseAPI reads the query API's response {"tables":[…]}; a table's
// "rows" are streamed, its "columns" (small) decoded whole.
func parseAPI(ctx context.Context, in source.Input, out source.RowWriter) error {
	l, err := newLoader(in, out)
	if err != nil {
		return err
	}
	defer l.finish()
	p := &apiParser{ctx: ctx, l: l, out: out, lr: newLineReader(skipBOM(in.R))}
	p.dec = json.NewDecoder(p.lr)
	p.dec.UseNumber()
	if err := p.expect('{', "the response object"); err != nil {
		return err
	}
	for p.dec.More() {
		key, err := p.key()
		if err != nil {
			return err
		}
		switch key {
		case "tables":
			if err := p.expect('[', `"tables" array`); err != nil {
				return err
			}
			for n := 1; p.dec.More(); n++ {
				if err := p.table(n); err != nil {
					return err
				}
			}
			if err := p.expect(']', `end of "tables"`); err != nil {
				return err
			}
		case "error":
			var e struct {
				Message string `json:"message"`
				Code    string `json:"code"`
			}
			if err := p.dec.Decode(&e); err != nil {
				return p.stopped(err)
			}
			p.apiErr = strings.TrimSpace(e.Code + " " + e.Message)
		default:
			if err := p.skipValue(); err != nil {
				return err
			}
		}
	}
	if err := p.expect('}', "end of the response"); err != nil {
		return err
	}
	switch {
	case l.written == 0 && p.apiErr != "":
		return &source.SkipFile{Reason: "Log Analytics query API error response: " + p.apiErr}
	case l.written == 0 && len(p.skipped) > 0:
		return &source.SkipFile{Reason: p.skipped[0]}
	}
	for _, s := range p.skipped {
		out.Warn(source.Location{}, s)
	}
	return nil
}

// table reads the n-th table of the response.
func (p *apiParser) table(n int) error {
	if err := p.expect('{', "a table object"); err != nil {
		return err
	}
	var name string
	var cols []apiColumn
	for p.dec.More() {
		key, err := p.key()
		if err != nil {
			return err
		}
		switch key {
		case "name", "TableName":
			if err := p.dec.Decode(&name); err != nil {
				return p.stopped(err)
			}
		case "columns", "Columns":
			if err := p.dec.Decode(&cols); err != nil {
				return p.stopped(err)
			}
		case "rows", "Rows":
			if cols == nil {
				return fmt.Errorf("line %d: table %d of the response has its rows before its columns; they cannot be read", p.lr.lineAt(p.dec.InputOffset()), n)
			}
			if err := p.rows(n, name, cols); err != nil {
				return err
			}
		default:
			if err := p.skipValue(); err != nil {
				return err
			}
		}
	}
	return p.expect('}', "end of a table")
}

// rows reads a table's rows.
func (p *apiParser) rows(n int, name string, cols []apiColumn) error {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name()
	}
	// A table without a Type column holds one table's rows: settle which
	// before reading them. Each table of the response has its own columns.
	p.l.decided, p.l.fileTable = false, nil
	skip := false
	if p.l.forced != nil || !hasColumn(names, "Type") {
		p.l.decide(names)
		skip = p.l.fileTable == nil
	}
	if err := p.expect('[', `"rows" array`); err != nil {
		return err
	}
	values := make([]any, len(cols))
	skipped := 0
	for p.dec.More() {
		p.records++
		if p.records%checkEvery == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return p.stopped(err)
		}
		if skip {
			skipped++
			p.lr.lineAt(p.dec.InputOffset()) // keeps the line window small
			continue
		}
		loc := source.Location{Line: p.lr.lineAt(p.dec.InputOffset() - int64(len(raw))), Record: p.records}
		var cells []json.RawMessage
		if raw[0] != '[' || json.Unmarshal(raw, &cells) != nil {
			p.l.written++
			p.out.Reject(loc, fmt.Sprintf("a row is %s, not an array of values", kindOf(raw)))
			continue
		}
		if len(cells) != len(cols) {
			p.l.written++
			p.out.Reject(loc, fmt.Sprintf("the row has %d values, the table declares %d columns", len(cells), len(cols)))
			continue
		}
		bad := ""
		for i, c := range cells {
			v, err := apiValue(cols[i].kusto(), c)
			if err != nil {
				bad = fmt.Sprintf("%s: %v", names[i], err)
				break
			}
			values[i] = v
		}
		if bad != "" {
			p.l.written++
			p.out.Reject(loc, bad)
			continue
		}
		if err := p.l.row(loc, names, values); err != nil {
			return err
		}
	}
	if skip {
		p.skipped = append(p.skipped, fmt.Sprintf("table %d of the response (%q, %d rows) not loaded: %s", n, name, skipped, p.l.skip))
	}
	return p.expect(']', `end of "rows"`)
}

// apiValue is one cell as azure.Value takes it. The column's declared
// Kusto type settles what the JSON alone leaves open: a bool column sent
// as 0/1, a dynamic column sent as its JSON text (kept as that text).
func apiValue(kusto string, raw json.RawMessage) (any, error) {
	v, err := rawValue(raw)
	if err != nil {
		return nil, err
	}
	if n, ok := v.(json.Number); ok && (kusto == "bool" || kusto == "boolean") {
		return n.String() != "0", nil
	}
	return v, nil
}

// key reads a member name.
func (p *apiParser) key() (string, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return "", p.stopped(err)
	}
	k, _ := tok.(string)
	return k, nil
}

// expect reads one delimiter.
func (p *apiParser) expect(d json.Delim, what string) error {
	tok, err := p.dec.Token()
	if err != nil {
		return p.stopped(err)
	}
	if tok != d {
		return fmt.Errorf("line %d: found %v where %s should be (%q)", p.lr.lineAt(p.dec.InputOffset()), tok, what, string(d))
	}
	return nil
}

// skipValue skips one value token by token, so a big member the format
// does not use is never held in memory.
func (p *apiParser) skipValue() error {
	depth := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return p.stopped(err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		p.lr.lineAt(p.dec.InputOffset()) // keeps the line window small
	}
}

func (p *apiParser) stopped(err error) error {
	return stopped(p.lr, p.dec, err)
}
