package azure

import "github.com/cloudhunt/cloudhunt/internal/source"

// The helpers below name a column by its Log Analytics type, so each table
// reads like the service's own schema page. Each maps the Kusto type to the
// DuckDB type the case stores it as.

// str is a Kusto string column.
func str(name, doc string) source.Column {
	return source.Column{Name: name, Type: "VARCHAR", Doc: doc}
}

// jsonText is a Kusto string column that holds JSON text (AuthenticationDetails,
// Entities, ExtendedProperties, Authorization, HTTPRequest …). Log Analytics
// types it as string, so it stays VARCHAR: queries reach into it with
// extractjson/extract_json/parse_json, never with dot paths.
func jsonText(name, doc string) source.Column {
	return source.Column{Name: name, Type: "VARCHAR", Doc: "string holding JSON text. " + doc}
}

// guid is a Kusto guid column, kept as its text.
func guid(name, doc string) source.Column {
	return source.Column{Name: name, Type: "VARCHAR", Doc: guidDoc + doc}
}

// guidDoc starts the Doc of every guid column; KustoType looks for it.
const guidDoc = "guid. "

func long(name, doc string) source.Column {
	return source.Column{Name: name, Type: "BIGINT", Doc: doc}
}

func integer(name, doc string) source.Column {
	return source.Column{Name: name, Type: "INTEGER", Doc: doc}
}

func double(name, doc string) source.Column {
	return source.Column{Name: name, Type: "DOUBLE", Doc: doc}
}

func boolean(name, doc string) source.Column {
	return source.Column{Name: name, Type: "BOOLEAN", Doc: doc}
}

func datetime(name, doc string) source.Column {
	return source.Column{Name: name, Type: "TIMESTAMP", Doc: doc}
}

func dynamic(name, doc string) source.Column {
	return source.Column{Name: name, Type: "JSON", Doc: doc}
}

// typeColumn is the column Log Analytics adds to every table: the table's name.
func typeColumn() source.Column {
	return str("Type", "the name of the table")
}
