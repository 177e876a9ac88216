package laexport

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// The sniffers read the head of a file, which may end anywhere: each reads
// as far as it can and judges from what it saw.

// headDecoder is a decoder over the head, past a byte order mark.
func headDecoder(head []byte) *json.Decoder {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	dec := json.NewDecoder(bytes.NewReader(head))
	dec.UseNumber()
	return dec
}

// objectKeys reads the keys of the object the decoder is in (its '{'
// already read), skipping their values, until the object or the head ends.
func objectKeys(dec *json.Decoder) []string {
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		key, ok := tok.(string)
		if !ok {
			return keys
		}
		keys = append(keys, key)
		depth := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				return keys
			}
			switch tok {
			case json.Delim('{'), json.Delim('['):
				depth++
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
			if depth == 0 {
				break
			}
		}
	}
	return keys
}

// looksLikeColumns reports whether names are those of a Log Analytics
// export: one of the columns every export carries (TimeGenerated, Type,
// az's TableName), or names that start upper-case (Log Analytics style,
// unlike the camelCase of az's other commands) and fit one table.
func looksLikeColumns(names []string) bool {
	for _, n := range names {
		if n == "TimeGenerated" || n == "Type" || n == "TableName" {
			return true
		}
	}
	if len(names) < 3 {
		return false
	}
	for _, n := range names {
		if n == "" || !(n[0] >= 'A' && n[0] <= 'Z' || n[0] == '_') {
			return false
		}
		// CloudTrail lookup-events entries start upper-case too.
		if n == "CloudTrailEvent" || n == "EventId" {
			return false
		}
	}
	return tableByShape(names).table != nil
}

// sniffRows claims a JSON array whose first element is an object with
// Log Analytics columns.
func sniffRows(head []byte) bool {
	dec := headDecoder(head)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	return looksLikeColumns(objectKeys(dec))
}

// sniffAPI claims {"tables":[{"name"|"columns"|"rows": …}]}.
func sniffAPI(head []byte) bool {
	dec := headDecoder(head)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if tok != "tables" {
			if skipHeadValue(dec) {
				continue
			}
			return false
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return false
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return false
		}
		tok, err = dec.Token()
		switch tok {
		case "name", "columns", "rows", "TableName", "Columns", "Rows":
			return err == nil
		}
		return false
	}
	return false
}

// skipHeadValue skips one value; false when the head ends inside it.
func skipHeadValue(dec *json.Decoder) bool {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return true
		}
	}
}

// sniffCSV claims a CSV file whose header is made of column names and
// marks a Log Analytics export: the portal's " [UTC]" suffix, a column
// every export has, names that fit a table, or a .csv file named after a
// table (or any .csv of column names: its table can be named with
// ingest --table).
func sniffCSV(path string, head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	} else if len(head) >= source.HeadSize {
		return false // no end of the first line in the head: not a header
	}
	r := csv.NewReader(bytes.NewReader(line))
	header, err := r.Read()
	if err != nil || len(header) < 2 {
		return false
	}
	suffixed := false
	for _, h := range header {
		h = strings.TrimSpace(h)
		if strings.HasSuffix(h, suffixUTC) || strings.HasSuffix(h, suffixLocal) {
			suffixed = true
			h = strings.TrimSuffix(strings.TrimSuffix(h, suffixUTC), suffixLocal)
		}
		if !isColumnName(h) {
			return false
		}
	}
	names, _ := headerNames(header)
	return suffixed || looksLikeColumns(names) || strings.EqualFold(filepath.Ext(path), ".csv")
}

// isColumnName reports whether s reads as a Log Analytics column name.
func isColumnName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
		case i > 0 && (r >= '0' && r <= '9' || r == '.'):
		default:
			return false
		}
	}
	return true
}
