package ingest

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// A stage is a temporary tab-separated file of one table's parsed rows,
// loaded into the case with DuckDB's parallel CSV reader and then deleted.
//
// Why not DuckDB's appender: it costs a cgo call per value, on one thread.
// A flow-log row has ~50 columns, mostly NULL; 5M rows took over three
// minutes that way. Writing text in Go is cheap and DuckDB's reader parses
// it on every core (measured in docs/ARCHITECTURE.md).
type stage struct {
	table *source.Table
	path  string
	file  *os.File
	buf   *bufio.Writer
	rows  int
	bytes int64
	line  []byte  // reused encoding buffer
	big   [][]any // rows too long for a stage line, appended instead
}

// bigLine is the longest line a stage takes: DuckDB's CSV reader refuses
// lines over 2 MB by default and sizes its buffers (several per thread)
// from that limit, so raising it for one 50 MB record would cost hundreds
// of MB. The rare rows above this go through the appender instead.
const bigLine = 1 << 20

// nullText marks NULL in a stage; a string that reads the same is quoted,
// and quoted values are never taken for NULL (allow_quoted_nulls=false).
const nullText = `\N`

func newStage(dir string, t *source.Table, n int) (*stage, error) {
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.tsv", t.Name, n))
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &stage{table: t, path: path, file: f, buf: bufio.NewWriterSize(f, 1<<20)}, nil
}

// add encodes one row: values in the table's column order, then _file,
// _record and _line.
func (s *stage) add(row []any) error {
	b := s.line[:0]
	for i, v := range row {
		if i > 0 {
			b = append(b, '\t')
		}
		var err error
		if b, err = appendValue(b, v); err != nil {
			return fmt.Errorf("column %d: %w", i+1, err)
		}
	}
	b = append(b, '\n')
	if len(b) > bigLine {
		s.big = append(s.big, row)
		return nil
	}
	s.line = b
	n, err := s.buf.Write(b)
	s.rows++
	s.bytes += int64(n)
	return err
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, nullText...), nil
	case string:
		return appendText(b, v), nil
	case int32:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return append(b, nullText...), nil
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case time.Time:
		return v.UTC().AppendFormat(b, "2006-01-02 15:04:05.999999"), nil
	}
	return b, fmt.Errorf("parser bug: value of type %T", v)
}

// appendText writes a string as a CSV field: bare when it is safe, else
// quoted with inner quotes doubled.
func appendText(b []byte, s string) []byte {
	if s != "" && s != nullText && !strings.ContainsAny(s, "\t\n\r\"") {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// load closes the stage, inserts its rows into the table and deletes it.
func (s *stage) load(c *store.Case) error {
	if err := s.buf.Flush(); err != nil {
		return err
	}
	if err := s.file.Close(); err != nil {
		return err
	}
	defer os.Remove(s.path)
	if s.rows > 0 {
		if _, err := c.DB.Exec(loadSQL(s.table), s.path); err != nil {
			return fmt.Errorf("load %d rows into %s: %w", s.rows, s.table.Name, err)
		}
	}
	if len(s.big) == 0 {
		return nil
	}
	app, err := c.NewAppender(s.table.Name)
	if err != nil {
		return err
	}
	for _, row := range s.big {
		if err := app.Append(row); err != nil {
			app.Close()
			return fmt.Errorf("load a %d-column row into %s: %w", len(row), s.table.Name, err)
		}
	}
	return app.Close()
}

// discard closes and deletes a stage that will not be loaded.
func (s *stage) discard() {
	s.file.Close()
	os.Remove(s.path)
}

// loadSQL reads a stage with every column's type given, so that nothing is
// guessed. The identifiers are the source packages' own table and column
// names; the path is a bound parameter.
func loadSQL(t *source.Table) string {
	var cols []string
	for _, c := range t.Columns {
		typ := c.Type
		if typ == "JSON" {
			typ = "VARCHAR" // cast on insert: the column keeps its JSON type
		}
		cols = append(cols, fmt.Sprintf("'%s': '%s'", c.Name, typ))
	}
	cols = append(cols, fmt.Sprintf("'%s': 'INTEGER'", source.FileColumn),
		fmt.Sprintf("'%s': 'BIGINT'", source.RecordColumn), fmt.Sprintf("'%s': 'BIGINT'", source.LineColumn))
	return fmt.Sprintf(`INSERT INTO %s SELECT * FROM read_csv(?, columns={%s}, header=false, delim='\t', quote='"', escape='"',
		nullstr='%s', allow_quoted_nulls=false, auto_detect=false)`,
		store.QuoteIdent(t.Name), strings.Join(cols, ", "), nullText)
}
