package kql

// Conversions between KQL types, in SQL. Each returns a val of the target
// type; a value that does not convert becomes null (TRY_CAST), as in Kusto.

// jsonText is a dynamic value's text: a JSON string unquoted, anything
// else as JSON ('{"a":1}', 'true', '5').
func jsonText(sql string) string { return "json_extract_string(" + sql + ", '$')" }

// toString is tostring(): Kusto strings are never null, so null is "".
func toString(v val) val {
	var s string
	switch v.typ {
	case tyString:
		return v
	case tyDynamic:
		s = jsonText(v.sql)
	case tyBool:
		s = "CASE WHEN " + v.sql + " THEN 'true' WHEN NOT " + v.sql + " THEN 'false' END"
	case tyDatetime:
		// Kusto prints datetimes as ISO 8601 with a Z, seven fraction digits when not whole seconds.
		s = "CASE WHEN microsecond(" + v.sql + ") % 1000000 = 0 THEN strftime(" + v.sql + ", '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(" + v.sql + ", '%Y-%m-%dT%H:%M:%S.%f0Z') END"
	case tyReal:
		// A whole real prints without a fraction, as Kusto prints 4.0: "4".
		s = "CASE WHEN isfinite(" + v.sql + ") AND " + v.sql + " = trunc(" + v.sql + ") AND abs(" + v.sql + ") < 1e15" +
			" THEN CAST(CAST(" + v.sql + " AS BIGINT) AS VARCHAR) ELSE CAST(" + v.sql + " AS VARCHAR) END"
	case tyTimespan:
		s = timespanText(v.sql)
	default:
		s = "CAST(" + v.sql + " AS VARCHAR)"
	}
	return val{"coalesce(" + s + ", '')", tyString}
}

// timespanText prints an interval as Kusto prints a timespan:
// [-][d.]hh:mm:ss[.fffffff] (1d is "1.00:00:00", 1.5s "00:00:01.5000000").
func timespanText(sql string) string {
	us := "abs(CAST(round(epoch(" + sql + ") * 1000000) AS BIGINT))"
	part := func(div, mod string) string {
		return "lpad(CAST(" + us + " // " + div + " % " + mod + " AS VARCHAR), 2, '0')"
	}
	return "(CASE WHEN epoch(" + sql + ") < 0 THEN '-' ELSE '' END" +
		" || CASE WHEN " + us + " >= 86400000000 THEN CAST(" + us + " // 86400000000 AS VARCHAR) || '.' ELSE '' END" +
		" || " + part("3600000000", "24") + " || ':' || " + part("60000000", "60") + " || ':' || " + part("1000000", "60") +
		" || CASE WHEN " + us + " % 1000000 <> 0 THEN '.' || lpad(CAST(" + us + " % 1000000 AS VARCHAR), 6, '0') || '0' ELSE '' END)"
}

// scalarText is the text a conversion parses: a string as is, a dynamic's text.
func scalarText(v val) string {
	if v.typ == tyDynamic {
		return jsonText(v.sql)
	}
	return v.sql
}

func toLong(v val) val {
	switch v.typ {
	case tyLong:
		return v
	case tyString, tyDynamic:
		t := scalarText(v)
		return val{"coalesce(TRY_CAST(" + t + " AS BIGINT), TRY_CAST(trunc(TRY_CAST(" + t + " AS DOUBLE)) AS BIGINT))", tyLong}
	case tyReal:
		return val{"TRY_CAST(trunc(" + v.sql + ") AS BIGINT)", tyLong}
	case tyDatetime:
		// ticks since 0001-01-01, as Kusto's tolong(datetime)
		return val{"((epoch_us(" + v.sql + ") + 62135596800000000) * 10)", tyLong}
	case tyTimespan:
		return val{"(epoch_us(TIMESTAMP 'epoch' + " + v.sql + ") * 10)", tyLong}
	}
	return val{"TRY_CAST(" + v.sql + " AS BIGINT)", tyLong}
}

func toInt(v val) val {
	l := toLong(v)
	return val{"TRY_CAST(" + l.sql + " AS INTEGER)", tyInt}
}

func toReal(v val) val {
	switch v.typ {
	case tyReal:
		return v
	case tyString, tyDynamic:
		return val{"TRY_CAST(" + scalarText(v) + " AS DOUBLE)", tyReal}
	}
	return val{"TRY_CAST(" + v.sql + " AS DOUBLE)", tyReal}
}

func toBool(v val) val {
	switch v.typ {
	case tyBool:
		return v
	case tyString, tyDynamic:
		return val{"TRY_CAST(lower(" + scalarText(v) + ") AS BOOLEAN)", tyBool}
	case tyLong, tyInt, tyReal:
		return val{"(" + v.sql + " <> 0)", tyBool}
	}
	return val{"CAST(NULL AS BOOLEAN)", tyBool}
}

func toDatetime(v val) val {
	switch v.typ {
	case tyDatetime:
		return v
	case tyString, tyDynamic:
		// Through TIMESTAMPTZ so that a trailing Z or offset is honoured (the case runs in UTC).
		t := scalarText(v)
		return val{"coalesce(TRY_CAST(TRY_CAST(" + t + " AS TIMESTAMPTZ) AS TIMESTAMP), TRY_CAST(" + t + " AS TIMESTAMP))", tyDatetime}
	case tyLong:
		return val{"make_timestamp(CAST(" + v.sql + " // 10 - 62135596800000000 AS BIGINT))", tyDatetime}
	}
	return val{"CAST(NULL AS TIMESTAMP)", tyDatetime}
}

func toTimespan(v val) val {
	switch v.typ {
	case tyTimespan:
		return v
	case tyString, tyDynamic:
		return val{"TRY_CAST(" + scalarText(v) + " AS INTERVAL)", tyTimespan}
	case tyLong, tyInt, tyReal:
		return val{"to_microseconds(CAST(" + v.sql + " / 10 AS BIGINT))", tyTimespan}
	}
	return val{"CAST(NULL AS INTERVAL)", tyTimespan}
}

// toDynamic is todynamic()/parse_json(): a string holding JSON becomes that
// JSON; any other string becomes a JSON string; other values their JSON.
func toDynamic(v val) val {
	switch v.typ {
	case tyDynamic:
		return v
	case tyString:
		return val{"CASE WHEN json_valid(" + v.sql + ") THEN CAST(" + v.sql + " AS JSON) ELSE to_json(" + v.sql + ") END", tyDynamic}
	}
	return val{"to_json(" + v.sql + ")", tyDynamic}
}

func toGuid(v val) val {
	if v.typ == tyGuid {
		return v
	}
	return val{"TRY_CAST(" + scalarText(v) + " AS UUID)", tyGuid}
}

// convert turns v into type t.
func convert(v val, t string) val {
	switch t {
	case tyString:
		return toString(v)
	case tyLong:
		return toLong(v)
	case tyInt:
		return toInt(v)
	case tyReal:
		return toReal(v)
	case tyBool:
		return toBool(v)
	case tyDatetime:
		return toDatetime(v)
	case tyTimespan:
		return toTimespan(v)
	case tyDynamic:
		return toDynamic(v)
	case tyGuid:
		return toGuid(v)
	}
	return v
}
