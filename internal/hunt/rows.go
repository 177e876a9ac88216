package hunt

import (
	"database/sql"
	"fmt"
	"math/big"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ReadRows reads a whole result set and closes it. Values are normalised
// to a few Go types (see Value) so that printers need not know DuckDB's
// many integer widths: every integer becomes int64 (a HUGEINT too big for
// one becomes its decimal string), DECIMAL becomes float64, timestamps are
// UTC, UUIDs and intervals become strings.
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
			row[i] = normalize(v)
		}
		data = append(data, row)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return columns, data, nil
}

func normalize(v any) any {
	switch v := v.(type) {
	case nil, string, bool, int64, float64:
		return v
	case int8:
		return int64(v)
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case int:
		return int64(v)
	case uint8:
		return int64(v)
	case uint16:
		return int64(v)
	case uint32:
		return int64(v)
	case uint64:
		if v <= 1<<63-1 {
			return int64(v)
		}
		return fmt.Sprint(v)
	case float32:
		return float64(v)
	case *big.Int:
		if v.IsInt64() {
			return v.Int64()
		}
		return v.String()
	case duckdb.Decimal:
		return v.Float64()
	case time.Time:
		return v.UTC()
	case []byte:
		return v
	case duckdb.UUID:
		return (&v).String()
	case duckdb.Interval:
		return fmt.Sprintf("%d months %d days %d µs", v.Months, v.Days, v.Micros)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalize(e)
		}
		return out
	}
	return fmt.Sprint(v)
}
