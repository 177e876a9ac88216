package msgtrace

import (
	"bytes"
	"strings"
)

// sniffed returns the export whose header starts the head, or nil.
func sniffed(head []byte) *export {
	text := decodedHead(head)
	// The header is the first line, or the second after Windows
	// PowerShell's "#TYPE …" line.
	for tries := 0; tries < 2; tries++ {
		end := bytes.IndexByte(text, '\n')
		if end < 0 {
			return nil // no whole line: not a header we can judge
		}
		first := text[:end]
		text = text[end+1:]
		if isTypeLine(first) {
			continue
		}
		fields, err := parseFields(first)
		if err != nil {
			return nil
		}
		names := headerSet(fields)
		for _, ex := range exports {
			if ex.recognised(names) {
				return ex
			}
		}
		return nil
	}
	return nil
}

// isTypeLine reports whether a line is Windows PowerShell's "#TYPE
// Deserialized.Microsoft.Exchange…" line, which Export-Csv writes before
// the header unless told -NoTypeInformation.
func isTypeLine(line []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(line), []byte("#TYPE"))
}

// headerName is a header cell as the exports are matched on: trimmed and
// lower-cased.
func headerName(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

func headerSet(fields []string) map[string]bool {
	names := make(map[string]bool, len(fields))
	for _, f := range fields {
		names[headerName(f)] = true
	}
	return names
}
