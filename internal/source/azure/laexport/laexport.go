// Package laexport reads what Log Analytics exports, into the Azure case
// tables named as Log Analytics names them:
//
//   - azure-la-rows: a JSON array of row objects, as `az monitor
//     log-analytics query` prints it (every value a string, plus a
//     "TableName" key) and as the portal's JSON export writes it (typed
//     values);
//   - azure-la-api: the query API's response, {"tables":[{"name",
//     "columns":[{"name","type"}],"rows":[[…]]}]};
//   - azure-la-csv: the portal's "Export to CSV" (headers like
//     "TimeGenerated [UTC]", times like "4/28/2021, 2:08:45.221 PM", JSON in
//     multi-line quoted cells).
//
// An export does not always say which table it holds. Each row's table is,
// in this order: the one named with `ingest --table`; the one its Type
// column names (a union export mixes tables); the one the file's name
// contains (SigninLogs_2024-03-08.csv); the one whose columns fit the
// file's (a guess, said in a warning).
package laexport

import (
	"context"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Formats lists the Log Analytics export formats. Their sniffers claim
// disjoint shapes: an array of objects, an object with "tables", a CSV
// header.
var Formats = []source.Format{rowsFormat{}, apiFormat{}, csvFormat{}}

// rowsFormat is a JSON array of row objects.
type rowsFormat struct{}

func (rowsFormat) Name() string                        { return "azure-la-rows" }
func (rowsFormat) Table() *source.Table                { return nil }
func (rowsFormat) Sniff(path string, head []byte) bool { return sniffRows(head) }
func (rowsFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseRows(ctx, in, out)
}

// apiFormat is the Log Analytics query API's response.
type apiFormat struct{}

func (apiFormat) Name() string                        { return "azure-la-api" }
func (apiFormat) Table() *source.Table                { return nil }
func (apiFormat) Sniff(path string, head []byte) bool { return sniffAPI(head) }
func (apiFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseAPI(ctx, in, out)
}

// csvFormat is the portal's "Export to CSV".
type csvFormat struct{}

func (csvFormat) Name() string                        { return "azure-la-csv" }
func (csvFormat) Table() *source.Table                { return nil }
func (csvFormat) Sniff(path string, head []byte) bool { return sniffCSV(path, head) }
func (csvFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseCSV(ctx, in, out)
}

// checkEvery is how many rows pass between checks for cancellation.
const checkEvery = 1024
