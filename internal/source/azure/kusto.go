package azure

import (
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// KustoType is the Log Analytics type of a column of these tables: string,
// long, int, real, bool, datetime, dynamic or guid. A KQL compiler needs it
// because VARCHAR stands for both string and guid.
func KustoType(c source.Column) string {
	switch c.Type {
	case "BIGINT":
		return "long"
	case "INTEGER":
		return "int"
	case "DOUBLE":
		return "real"
	case "BOOLEAN":
		return "bool"
	case "TIMESTAMP":
		return "datetime"
	case "JSON":
		return "dynamic"
	}
	if strings.HasPrefix(c.Doc, guidDoc) {
		return "guid"
	}
	return "string"
}
