package hunt

import (
	"database/sql"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// ReadRows reads a whole result set and closes it. Values are normalised
// by query.Normalize, so that printers need not know DuckDB's many types.
func ReadRows(rows *sql.Rows) ([]string, [][]any, error) {
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	data := [][]any{}
	for rows.Next() {
		row := make([]any, len(columns))
		ptrs := make([]any, len(columns))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		for i, v := range row {
			row[i] = query.Normalize(v)
		}
		data = append(data, row)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return columns, data, nil
}
