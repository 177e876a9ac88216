package kql

import "strings"

// KQL scalar types, as Compiled.Columns names them.
const (
	tyString   = "string"
	tyLong     = "long"
	tyInt      = "int"
	tyReal     = "real"
	tyBool     = "bool"
	tyDatetime = "datetime"
	tyTimespan = "timespan"
	tyDynamic  = "dynamic"
	tyGuid     = "guid"
)

// sqlTypes is the DuckDB type that holds each KQL type.
var sqlTypes = map[string]string{
	tyString:   "VARCHAR",
	tyLong:     "BIGINT",
	tyInt:      "INTEGER",
	tyReal:     "DOUBLE",
	tyBool:     "BOOLEAN",
	tyDatetime: "TIMESTAMP",
	tyTimespan: "INTERVAL",
	tyDynamic:  "JSON",
	tyGuid:     "UUID",
}

// typeNames maps the names typeof(…) and parse's name:type accept.
var typeNames = map[string]string{
	"string": tyString, "long": tyLong, "int": tyInt, "real": tyReal, "double": tyReal,
	"bool": tyBool, "boolean": tyBool, "datetime": tyDatetime, "date": tyDatetime,
	"timespan": tyTimespan, "time": tyTimespan, "dynamic": tyDynamic, "guid": tyGuid,
	"int64": tyLong, "int32": tyInt,
}

// kqlType maps a case column's DuckDB type to KQL. The second result is
// false for DuckDB types KQL has no name for; those are read as strings.
func kqlType(duck string) (string, bool) {
	switch strings.ToUpper(strings.TrimSpace(duck)) {
	case "VARCHAR", "TEXT", "STRING":
		return tyString, true
	case "BIGINT", "INT8", "LONG", "HUGEINT", "UBIGINT", "UINTEGER":
		return tyLong, true
	case "INTEGER", "INT", "INT4", "SMALLINT", "TINYINT", "USMALLINT", "UTINYINT":
		return tyInt, true
	case "DOUBLE", "FLOAT", "REAL", "FLOAT8", "FLOAT4", "DECIMAL":
		return tyReal, true
	case "BOOLEAN", "BOOL":
		return tyBool, true
	case "TIMESTAMP", "DATETIME", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "DATE":
		return tyDatetime, true
	case "JSON":
		return tyDynamic, true
	case "INTERVAL":
		return tyTimespan, true
	case "UUID":
		return tyGuid, true
	}
	return tyString, false
}

func isNumeric(t string) bool { return t == tyLong || t == tyInt || t == tyReal }
