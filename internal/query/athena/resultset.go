package athena

import (
	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/query"
)

// PageSize is the most rows one get-query-results page holds; on the
// first page the column-label row is one of them.
const PageSize = 1000

// ResultSet builds the get-query-results response body for res as Athena
// returns it: {"ResultSet": {"Rows": […], "ResultSetMetadata": {"ColumnInfo":
// […]}}, "UpdateCount": 0}. The first page (firstRow 0) starts with a row of
// the column labels, then one Data row per result row, each value
// {"VarCharValue": text} or {} for NULL. firstRow is the index of the
// first result row to include; maxRows caps the page (0 or more than
// PageSize means PageSize). nextToken reports that rows remain after the
// page: the caller adds "NextToken" to the body and asks for the next
// page with firstRow advanced by the data rows this page held.
func ResultSet(res *query.Result, firstRow, maxRows int) (body *jsonv.Object, nextToken bool) {
	if maxRows <= 0 || maxRows > PageSize {
		maxRows = PageSize
	}
	if firstRow < 0 {
		firstRow = 0
	}
	types := make([]*typ, len(res.Columns))
	for i, col := range res.Columns {
		types[i] = parseTypeName(col.Type)
	}

	rows := []any{}
	room := maxRows
	if firstRow == 0 {
		labels := make([]any, len(res.Columns))
		for i, col := range res.Columns {
			labels[i] = jsonv.NewObject().Set("VarCharValue", col.Name)
		}
		rows = append(rows, jsonv.NewObject().Set("Data", labels))
		room--
	}
	end := min(firstRow+room, len(res.Rows))
	for r := firstRow; r < end; r++ {
		data := make([]any, len(res.Columns))
		for i := range res.Columns {
			cell := jsonv.NewObject()
			if i < len(res.Rows[r]) && res.Rows[r][i] != nil {
				cell.Set("VarCharValue", valueText(res.Rows[r][i], types[i]))
			}
			data[i] = cell
		}
		rows = append(rows, jsonv.NewObject().Set("Data", data))
	}

	info := make([]any, len(res.Columns))
	for i, col := range res.Columns {
		precision, scale := precisionScale(types[i])
		info[i] = jsonv.NewObject().
			Set("CatalogName", "hive").
			Set("SchemaName", "").
			Set("TableName", "").
			Set("Name", col.Name).
			Set("Label", col.Name).
			Set("Type", baseTypeName(types[i])).
			Set("Precision", jsonv.Int(precision)).
			Set("Scale", jsonv.Int(scale)).
			Set("Nullable", "UNKNOWN").
			Set("CaseSensitive", isString(types[i]))
	}
	resultSet := jsonv.NewObject().
		Set("Rows", rows).
		Set("ResultSetMetadata", jsonv.NewObject().Set("ColumnInfo", info))
	body = jsonv.NewObject().Set("ResultSet", resultSet).Set("UpdateCount", jsonv.Int(0))
	return body, end < len(res.Rows)
}

// precisionScale are ColumnInfo's Precision and Scale for a type, as
// Athena reports them (varchar: its maximum length; numbers: digits).
func precisionScale(t *typ) (int64, int64) {
	switch t.name {
	case "varchar", "json":
		return 2147483647, 0
	case "tinyint":
		return 3, 0
	case "smallint":
		return 5, 0
	case "integer":
		return 10, 0
	case "bigint":
		return 19, 0
	case "real":
		return 7, 0
	case "double":
		return 17, 0
	case "timestamp", "timestamp with time zone":
		return 3, 0
	}
	if p, s, ok := decimalParams(t); ok {
		return int64(p), int64(s)
	}
	return 0, 0
}

// baseTypeName is the type's name without parameters, as ColumnInfo.Type
// gives it: array, row, decimal, varchar ….
func baseTypeName(t *typ) string {
	if _, _, ok := decimalParams(t); ok {
		return "decimal"
	}
	return t.name
}
