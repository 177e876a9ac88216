package athena

import (
	"fmt"
	"strings"
)

// typ is an Athena (Trino) type: a scalar name, an array of elem, or a
// row with named fields. The zero name "unknown" is the type of NULL.
type typ struct {
	name   string // varchar, integer, bigint, double, boolean, date, timestamp, json, array, row, unknown …
	elem   *typ   // array element
	fields []field
}

type field struct {
	name string
	t    *typ
}

var (
	tUnknown   = &typ{name: "unknown"}
	tVarchar   = &typ{name: "varchar"}
	tTinyint   = &typ{name: "tinyint"}
	tSmallint  = &typ{name: "smallint"}
	tInteger   = &typ{name: "integer"}
	tBigint    = &typ{name: "bigint"}
	tReal      = &typ{name: "real"}
	tDouble    = &typ{name: "double"}
	tBoolean   = &typ{name: "boolean"}
	tDate      = &typ{name: "date"}
	tTimestamp = &typ{name: "timestamp"}
	// Trino's from_unixtime, from_iso8601_timestamp and current_timestamp
	// return this; the SQL keeps it as a UTC TIMESTAMP, and it prints with
	// " UTC" after the time.
	tTimestampTZ   = &typ{name: "timestamp with time zone"}
	tJSON          = &typ{name: "json"}
	tVarbinary     = &typ{name: "varbinary"}
	tIntervalDay   = &typ{name: "interval day to second"}
	tIntervalMonth = &typ{name: "interval year to month"}
)

func arrayOf(t *typ) *typ { return &typ{name: "array", elem: t} }

func rowOf(fields ...field) *typ { return &typ{name: "row", fields: fields} }

// String is the type as Athena names it: array(varchar), row(arn varchar, …).
func (t *typ) String() string {
	switch t.name {
	case "array":
		return "array(" + t.elem.String() + ")"
	case "row":
		parts := make([]string, len(t.fields))
		for i, f := range t.fields {
			parts[i] = f.name + " " + f.t.String()
		}
		return "row(" + strings.Join(parts, ", ") + ")"
	}
	return t.name
}

// numericRank orders the numeric types by width, for promotion; 0 means
// not numeric. An unknown (NULL) operand takes the other side's type.
func numericRank(t *typ) int {
	switch t.name {
	case "tinyint":
		return 1
	case "smallint":
		return 2
	case "integer":
		return 3
	case "bigint":
		return 4
	case "real":
		return 6
	case "double":
		return 7
	}
	if strings.HasPrefix(t.name, "decimal") {
		return 5
	}
	return 0
}

func isNumeric(t *typ) bool { return numericRank(t) > 0 }
func isInteger(t *typ) bool { r := numericRank(t); return r >= 1 && r <= 4 }
func isString(t *typ) bool  { return t.name == "varchar" || t.name == "char" }
func isTemporal(t *typ) bool {
	return t.name == "date" || t.name == "timestamp" || t.name == "timestamp with time zone"
}
func isUnknown(t *typ) bool { return t.name == "unknown" }

// commonType is the type two values are compared or combined as, or nil
// when Trino would refuse to mix them (integer = varchar is an error).
func commonType(a, b *typ) *typ {
	switch {
	case isUnknown(a):
		return b
	case isUnknown(b):
		return a
	case isNumeric(a) && isNumeric(b):
		if numericRank(a) >= numericRank(b) {
			return a
		}
		return b
	case isString(a) && isString(b):
		return tVarchar
	case isTemporal(a) && isTemporal(b):
		if a.name == "date" {
			return b
		}
		return a
	case a.name == b.name && a.name == "array":
		if e := commonType(a.elem, b.elem); e != nil {
			return arrayOf(e)
		}
		return nil
	case a.String() == b.String():
		return a
	}
	return nil
}

// castTypes maps the type names CAST accepts to their DuckDB types.
var castTypes = map[string]struct {
	t    *typ
	duck string
}{
	"varchar":   {tVarchar, "VARCHAR"},
	"char":      {tVarchar, "VARCHAR"},
	"string":    {tVarchar, "VARCHAR"},
	"tinyint":   {tTinyint, "TINYINT"},
	"smallint":  {tSmallint, "SMALLINT"},
	"integer":   {tInteger, "INTEGER"},
	"int":       {tInteger, "INTEGER"},
	"bigint":    {tBigint, "BIGINT"},
	"real":      {tReal, "FLOAT"},
	"float":     {tReal, "FLOAT"},
	"double":    {tDouble, "DOUBLE"},
	"boolean":   {tBoolean, "BOOLEAN"},
	"date":      {tDate, "DATE"},
	"timestamp": {tTimestamp, "TIMESTAMP"},
	"json":      {tJSON, "VARCHAR"},
	"varbinary": {tVarbinary, "BLOB"},
}

// castTarget resolves a CAST's type name (varchar(10), decimal(10,2) …).
func castTarget(name string) (*typ, string, error) {
	base, params, _ := strings.Cut(name, "(")
	params = strings.TrimSuffix(params, ")")
	if base == "decimal" {
		p, s := "38", "0"
		if params != "" {
			p, s, _ = strings.Cut(params, ",")
			if s == "" {
				s = "0"
			}
		}
		return &typ{name: "decimal(" + p + "," + s + ")"}, "DECIMAL(" + p + "," + s + ")", nil
	}
	ct, ok := castTypes[base]
	if !ok {
		return nil, "", fmt.Errorf("unknown type %s, expected one of varchar, integer, bigint, double, boolean, date, timestamp, decimal(p,s), json", name)
	}
	if params != "" && base != "varchar" && base != "char" && base != "timestamp" {
		return nil, "", fmt.Errorf("type %s takes no parameters", base)
	}
	return ct.t, ct.duck, nil
}
