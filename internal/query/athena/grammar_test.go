package athena

import (
	"testing"
	"time"
)

// Each grammar piece, run on the flows of helpers_test.go.
func TestGrammar(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		name  string
		text  string
		want  [][]any
		names []string // expected column names, when given
		types []string // expected column types, when given
	}{
		{"distinct", "SELECT DISTINCT action FROM vpc_flow_logs ORDER BY action", [][]any{{"ACCEPT"}, {"REJECT"}}, nil, nil},
		{"alias without AS", "SELECT count(*) n FROM vpc_flow_logs", [][]any{{int64(15)}}, []string{"n"}, []string{"bigint"}},
		{"unnamed column", "SELECT count(*), max(numbytes) FROM vpc_flow_logs", [][]any{{int64(15), int64(1000000)}}, []string{"_col0", "_col1"}, []string{"bigint", "bigint"}},
		{"between", "SELECT count(*) FROM vpc_flow_logs WHERE destinationport BETWEEN 80 AND 443", [][]any{{int64(4)}}, nil, nil},
		{"not between", "SELECT count(*) FROM vpc_flow_logs WHERE destinationport NOT BETWEEN 23 AND 65535", [][]any{{int64(6)}}, nil, nil},
		{"in list", "SELECT count(*) FROM vpc_flow_logs WHERE destinationport IN (80, 4444)", [][]any{{int64(5)}}, nil, nil},
		{"not in", "SELECT count(*) FROM vpc_flow_logs WHERE sourceaddress NOT IN ('203.0.113.5')", [][]any{{int64(12)}}, nil, nil},
		{"in subquery", "SELECT DISTINCT sourceaddress FROM vpc_flow_logs WHERE sourceaddress IN (SELECT destinationaddress FROM vpc_flow_logs) ORDER BY 1",
			[][]any{{"10.0.1.10"}, {"192.0.2.1"}}, nil, nil},
		{"like underscore", "SELECT count(*) FROM vpc_flow_logs WHERE sourceaddress LIKE '192.0.2._'", [][]any{{int64(4)}}, nil, nil},
		{"like is case-sensitive", "SELECT count(*) FROM vpc_flow_logs WHERE action LIKE 'accept'", [][]any{{int64(0)}}, nil, nil},
		{"= is case-sensitive", "SELECT count(*) FROM vpc_flow_logs WHERE action = 'accept'", [][]any{{int64(0)}}, nil, nil},
		{"like escape", "SELECT 'a%b' LIKE 'a!%b' ESCAPE '!', 'axb' LIKE 'a!%b' ESCAPE '!', 'a\\b' LIKE 'a\\b'", [][]any{{true, false, true}}, nil, []string{"boolean", "boolean", "boolean"}},
		{"is null", "SELECT count_if(vpc_id IS NULL), count(vpc_id), count_if(action IS NOT NULL) FROM vpc_flow_logs", [][]any{{int64(15), int64(0), int64(15)}}, nil, nil},
		{"searched case", "SELECT CASE WHEN destinationport = 22 THEN 'ssh' WHEN destinationport IN (80, 443) THEN 'web' ELSE 'other' END AS svc, count(*) FROM vpc_flow_logs GROUP BY 1 ORDER BY 2 DESC",
			[][]any{{"ssh", int64(6)}, {"other", int64(5)}, {"web", int64(4)}}, []string{"svc", "_col1"}, []string{"varchar", "bigint"}},
		{"simple case", "SELECT sum(CASE action WHEN 'ACCEPT' THEN 1 ELSE 0 END) FROM vpc_flow_logs", [][]any{{int64(7)}}, nil, []string{"bigint"}},
		{"cast and try_cast", "SELECT CAST('42' AS integer), TRY_CAST('x' AS integer), CAST(destinationport AS varchar), CAST(numbytes AS double) FROM vpc_flow_logs WHERE sourceport = 50001",
			[][]any{{int64(42), nil, "22", float64(180)}}, nil, []string{"integer", "integer", "varchar", "double"}},
		{"integer division truncates", "SELECT 7 / 2, -7 / 2, 7 % 3, 7.0 / 2, numbytes / 7 FROM vpc_flow_logs WHERE sourceport = 50001",
			[][]any{{int64(3), int64(-3), int64(1), 3.5, int64(25)}}, nil, []string{"integer", "integer", "integer", "double", "bigint"}},
		{"concatenation", "SELECT sourceaddress || ':' || CAST(sourceport AS varchar) FROM vpc_flow_logs WHERE sourceport = 50001", [][]any{{"203.0.113.5:50001"}}, nil, []string{"varchar"}},
		{"count distinct", "SELECT count(DISTINCT sourceaddress), count(DISTINCT destinationaddress) FROM vpc_flow_logs", [][]any{{int64(10), int64(4)}}, nil, nil},
		{"having", "SELECT sourceaddress, count(*) FROM vpc_flow_logs GROUP BY sourceaddress HAVING count(*) > 1 ORDER BY 2 DESC, 1",
			[][]any{{"10.0.2.20", int64(3)}, {"203.0.113.5", int64(3)}, {"198.51.100.7", int64(2)}}, nil, nil},
		{"nulls last by default", "SELECT x FROM (SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 2) ORDER BY x", [][]any{{int64(1)}, {int64(2)}, {nil}}, nil, nil},
		{"nulls last descending", "SELECT x FROM (SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 2) ORDER BY x DESC", [][]any{{int64(2)}, {int64(1)}, {nil}}, nil, nil},
		{"nulls first", "SELECT x FROM (SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 2) ORDER BY x DESC NULLS FIRST", [][]any{{nil}, {int64(2)}, {int64(1)}}, nil, nil},
		{"offset and limit", "SELECT starttime FROM vpc_flow_logs ORDER BY starttime OFFSET 1 LIMIT 2", [][]any{{int64(1709892673)}, {int64(1709892674)}}, nil, []string{"integer"}},
		{"union removes duplicates", "SELECT action FROM vpc_flow_logs UNION SELECT 'OTHER' ORDER BY 1", [][]any{{"ACCEPT"}, {"OTHER"}, {"REJECT"}}, nil, nil},
		{"intersect", "SELECT sourceaddress FROM vpc_flow_logs INTERSECT SELECT destinationaddress FROM vpc_flow_logs ORDER BY 1", [][]any{{"10.0.1.10"}, {"192.0.2.1"}}, nil, nil},
		{"except", "SELECT destinationaddress FROM vpc_flow_logs EXCEPT SELECT sourceaddress FROM vpc_flow_logs ORDER BY destinationaddress", [][]any{{"10.0.1.11"}, {"198.51.100.99"}}, nil, nil},
		{"with", "WITH ssh AS (SELECT * FROM vpc_flow_logs WHERE destinationport = 22) SELECT count(*) FROM ssh", [][]any{{int64(6)}}, nil, nil},
		{"with shadows a table", "WITH vpc_flow_logs AS (SELECT 1 AS x) SELECT x FROM vpc_flow_logs", [][]any{{int64(1)}}, nil, nil},
		{"with named like the table's CTE", "WITH _athena_vpc_flow_logs AS (SELECT 5 AS x) SELECT (SELECT count(*) FROM vpc_flow_logs), x FROM _athena_vpc_flow_logs", [][]any{{int64(15), int64(5)}}, nil, nil},
		{"join", "SELECT a.sourceaddress, b.sourceaddress FROM vpc_flow_logs a JOIN vpc_flow_logs b ON a.destinationaddress = b.sourceaddress AND b.destinationport = 51000 WHERE a.sourceport = 51000",
			[][]any{{"192.0.2.1", "10.0.1.10"}}, []string{"sourceaddress", "sourceaddress"}, nil},
		{"left join", "SELECT a.destinationport, b.sourceaddress FROM vpc_flow_logs AS a LEFT JOIN vpc_flow_logs AS b ON a.destinationaddress = b.sourceaddress AND b.destinationport = 51000 WHERE a.sourceport IN (51000, 44000) ORDER BY 1",
			[][]any{{int64(443), "10.0.1.10"}, {int64(4444), nil}}, nil, nil},
		{"group by all is a set quantifier", "SELECT action, count(*) FROM vpc_flow_logs GROUP BY ALL action ORDER BY action", [][]any{{"ACCEPT", int64(7)}, {"REJECT", int64(8)}}, nil, nil},
		{"names and keywords ignore case", "select SourceAddress FROM VPC_FLOW_LOGS where SOURCEPORT = 50001", [][]any{{"203.0.113.5"}}, []string{"sourceaddress"}, nil},
		{"quoted identifiers and partitions", `SELECT "end" - "start" AS dur, "date", dt FROM vpc_flow_logs WHERE srcport = 50001`,
			[][]any{{int64(60), time.Date(2024, 3, 8, 0, 0, 0, 0, time.UTC), "2024-03-08"}}, []string{"dur", "date", "dt"}, []string{"bigint", "date", "varchar"}},
		{"timestamp literal", "SELECT count(*) FROM vpc_flow_logs WHERE from_unixtime(starttime) >= TIMESTAMP '2024-03-09 00:00:00'", [][]any{{int64(1)}}, nil, nil},
		{"date literal", "SELECT count(*) FROM vpc_flow_logs WHERE \"date\" = DATE '2024-03-08'", [][]any{{int64(14)}}, nil, nil},
		{"partition dt", "SELECT count(*) FROM vpc_flow_logs WHERE dt = '2024-03-09'", [][]any{{int64(1)}}, nil, nil},
		{"interval arithmetic", "SELECT TIMESTAMP '2024-03-08 10:00:00' + INTERVAL '90' MINUTE, DATE '2024-03-08' - INTERVAL '1' DAY",
			[][]any{{time.Date(2024, 3, 8, 11, 30, 0, 0, time.UTC), time.Date(2024, 3, 7, 0, 0, 0, 0, time.UTC)}}, nil, []string{"timestamp", "date"}},
		{"scalar subquery", "SELECT (SELECT max(numbytes) FROM vpc_flow_logs) AS m", [][]any{{int64(1000000)}}, []string{"m"}, []string{"bigint"}},
		{"correlated exists", "SELECT count(*) FROM vpc_flow_logs a WHERE EXISTS (SELECT 1 FROM vpc_flow_logs b WHERE b.sourceaddress = a.destinationaddress)", [][]any{{int64(10)}}, nil, nil},
		{"comments and a trailing semicolon", "-- hunt\nSELECT count(*) /* every flow */ FROM vpc_flow_logs;", [][]any{{int64(15)}}, nil, nil},
		{"doubled quotes in strings", "SELECT 'it''s'", [][]any{{"it's"}}, nil, nil},
		{"string that looks like SQL stays a string", "SELECT 'x''); DROP TABLE vpc_flow_logs; --' AS s, (SELECT count(*) FROM vpc_flow_logs)", [][]any{{"x'); DROP TABLE vpc_flow_logs; --", int64(15)}}, nil, nil},
		{"derived table with alias", "SELECT t.n FROM (SELECT count(*) AS n FROM vpc_flow_logs) AS t", [][]any{{int64(15)}}, []string{"n"}, nil},
		{"qualified table name", "SELECT count(*) FROM default.vpc_flow_logs", [][]any{{int64(15)}}, nil, nil},
		{"parenthesised where", "SELECT count(*) FROM vpc_flow_logs WHERE (destinationport = 22) AND NOT (action = 'REJECT' OR sourceaddress = '10.0.1.5')", [][]any{{int64(1)}}, nil, nil},
		{"unary minus and precedence", "SELECT -2 + 3 * 4, (2 + 3) * 4", [][]any{{int64(10), int64(20)}}, nil, nil},
		{"array subscript", "SELECT ARRAY['a', 'b'][2]", [][]any{{"b"}}, nil, []string{"varchar"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comp, res := run(t, c, tt.text)
			checkRows(t, tt.text, res, tt.want, -1, false)
			for i, name := range tt.names {
				if comp.Columns[i].Name != name {
					t.Errorf("column %d named %q, want %q", i, comp.Columns[i].Name, name)
				}
			}
			for i, typ := range tt.types {
				if comp.Columns[i].Type != typ {
					t.Errorf("column %d has type %q, want %q", i, comp.Columns[i].Type, typ)
				}
			}
		})
	}
}

// SELECT * gives the Athena DDL columns, in order, with Athena's types,
// and nothing of the case's own bookkeeping.
func TestSelectStarColumns(t *testing.T) {
	c := openCase(t)
	comp, res := run(t, c, "SELECT * FROM vpc_flow_logs WHERE sourceport = 50001")
	if len(res.Rows) != 1 {
		t.Fatalf("got %d rows, want 1", len(res.Rows))
	}
	byName := map[string]string{}
	for _, col := range comp.Columns {
		byName[col.Name] = col.Type
	}
	want := map[string]string{
		"version": "integer", "sourceaddress": "varchar", "destinationport": "integer", "numbytes": "bigint",
		"starttime": "integer", "srcaddr": "varchar", "bytes": "bigint", "end": "bigint", "dt": "varchar", "date": "date",
	}
	for name, typ := range want {
		if byName[name] != typ {
			t.Errorf("column %s has type %q, want %q", name, byName[name], typ)
		}
	}
	for _, hidden := range []string{"_file", "_record", "_line", "start_time", "log_group"} {
		if _, ok := byName[hidden]; ok {
			t.Errorf("column %s is exposed; Athena's table has no such column", hidden)
		}
	}
	if comp.Columns[0].Name != "version" || comp.Columns[len(comp.Columns)-1].Name != "date" {
		t.Errorf("columns run from %s to %s, want version to date", comp.Columns[0].Name, comp.Columns[len(comp.Columns)-1].Name)
	}
	row := map[string]any{}
	for i, col := range comp.Columns {
		row[col.Name] = res.Rows[0][i]
	}
	if row["srcaddr"] != "203.0.113.5" || row["sourceaddress"] != "203.0.113.5" || row["bytes"] != int64(180) {
		t.Errorf("row = %v", row)
	}
}
