package athena

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// Queries Athena would refuse: each error points at the right place and
// says what was found and what was expected.
func TestErrors(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		text string
		at   string // the error points at the first occurrence of this text ("" = end of query)
		msg  string // part of the message
	}{
		// Reads only.
		{"INSERT INTO vpc_flow_logs VALUES (1)", "INSERT", "INSERT statements are not allowed"},
		{"DROP TABLE vpc_flow_logs", "DROP", "DROP statements are not allowed"},
		{"CREATE TABLE x AS SELECT 1", "CREATE", "CREATE statements are not allowed"},
		{"COPY vpc_flow_logs TO '/tmp/x.csv'", "COPY", "COPY statements are not allowed"},
		{"ATTACH '/tmp/x.db' AS x", "ATTACH", "ATTACH statements are not allowed"},
		{"PRAGMA table_info('vpc_flow_logs')", "PRAGMA", "PRAGMA statements are not allowed"},
		{"set threads = 1", "set", "SET statements are not allowed"},
		{"SELECT 1; SELECT 2", "SELECT 2", "only one statement can run at a time"},
		{"SELECT 1; DROP TABLE vpc_flow_logs", "DROP", "only one statement can run at a time"},
		{"SELECT 1 SELECT 2", "SELECT 2", "found keyword SELECT, expected the end of the query"},
		// Lexing.
		{"SELECT 'abc FROM vpc_flow_logs", "'abc", "unterminated string"},
		{"SELECT `date` FROM vpc_flow_logs", "`", "backquoted names are only for DDL"},
		{"SELECT sourceaddress FROM vpc_flow_logs WHERE action = 'x' $", "$", "unexpected character"},
		// Parsing.
		{"SELECT sourceaddress FROM vpc_flow_logs WHERE", "", "found end of query, expected an expression"},
		{"SELECT sourceaddress FROM vpc_flow_logs ORDER total", "total", "expected BY after ORDER"},
		{"SELECT sourceaddress FROM vpc_flow_logs LIMIT ten", "ten", "expected a whole number after LIMIT"},
		{"SELECT count(*) OVER () FROM vpc_flow_logs", "OVER", "window functions are not supported"},
		{"SELECT CAST(numbytes AS money) FROM vpc_flow_logs", "CAST", "unknown type money"},
		// Names.
		{"SELECT * FROM flows", "flows", "table flows does not exist, expected one of: vpc_flow_logs, cloudtrail_logs"},
		{"SELECT nope FROM vpc_flow_logs", "nope", "column nope cannot be resolved, expected one of: version, account"},
		{"SELECT v.nope FROM vpc_flow_logs v", "v.nope", "v has no column nope"},
		{"SELECT useridentity.nope FROM cloudtrail_logs", "useridentity", "field nope cannot be resolved, expected one of: type, principalid"},
		{"SELECT sourceaddress.x FROM vpc_flow_logs", "sourceaddress", "cannot read field x of a value of type varchar"},
		{"SELECT x FROM (SELECT 1 AS x) a JOIN (SELECT 2 AS x) b ON true", "x FROM", "column x is ambiguous"},
		{"SELECT foo(1) FROM vpc_flow_logs", "foo", "function foo is not registered"},
		// Types.
		{"SELECT count(*) FROM vpc_flow_logs WHERE destinationport = '22'", "=", "cannot apply operator: integer = varchar"},
		{"SELECT count(*) FROM vpc_flow_logs WHERE numbytes", "numbytes", "WHERE needs a boolean condition: found a value of type bigint"},
		{"SELECT sourceaddress + 1 FROM vpc_flow_logs", "+", "cannot apply operator: varchar + integer"},
		{"SELECT lower(numbytes) FROM vpc_flow_logs", "numbytes", "argument 1 of lower must be varchar: found bigint"},
		{"SELECT count(*) FROM vpc_flow_logs WHERE destinationport LIKE '2%'", "destinationport", "LIKE needs a varchar value"},
		{"SELECT 1 UNION SELECT 1, 2", "UNION", "UNION of queries with different numbers of columns"},
		{"SELECT date_format(TIMESTAMP '2024-01-01 00:00:00', '%Q')", "'%Q'", "uses %Q"},
		{"SELECT date_trunc('fortnight', TIMESTAMP '2024-01-01 00:00:00')", "'fortnight'", "unknown unit 'fortnight'"},
		{"SELECT TIMESTAMP '2024-13-01 00:00:00'", "TIMESTAMP", "expected a time as 'YYYY-MM-DD HH:MM:SS[.fff]'"},
		{"SELECT substr('abc')", "substr", "substr takes 2 to 3 arguments: found 1 argument"},
		// Aggregates.
		{"SELECT sourceaddress FROM vpc_flow_logs WHERE count(*) > 1", "count", "aggregate functions are not allowed in WHERE"},
		{"SELECT count(sum(numbytes)) FROM vpc_flow_logs", "sum", "aggregate calls cannot be nested"},
		{"SELECT sourceaddress, count(*) FROM vpc_flow_logs GROUP BY 3", "3", "GROUP BY position 3 is not in the select list, expected 1 to 2"},
		{"SELECT sourceaddress FROM vpc_flow_logs ORDER BY 2", "2", "ORDER BY position 2 is not in the select list"},
		{"SELECT sourceaddress FROM vpc_flow_logs UNION SELECT destinationaddress FROM vpc_flow_logs ORDER BY lower(sourceaddress)", "lower", "ORDER BY of a set operation must name an output column"},
		// Positions count characters, not bytes, and lines.
		{"SELECT 'é' || nope FROM vpc_flow_logs", "nope", "column nope cannot be resolved"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, err := Compile(tt.text, c)
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Fatalf("Compile(%q) = %v, want a *query.Error", tt.text, err)
			}
			offset := len(tt.text)
			if tt.at != "" {
				offset = strings.Index(tt.text, tt.at)
			}
			line, col := query.Position(tt.text, offset)
			if qe.Lang != "athena" || qe.Line != line || qe.Col != col || !strings.Contains(qe.Msg, tt.msg) {
				t.Errorf("Compile(%q)\n got %v\nwant athena:%d:%d: …%s…", tt.text, err, line, col, tt.msg)
			}
		})
	}
}

func TestErrorOnLaterLine(t *testing.T) {
	text := "SELECT sourceaddress,\n       nope\nFROM vpc_flow_logs"
	_, err := Compile(text, openCase(t))
	var qe *query.Error
	if !errors.As(err, &qe) || qe.Line != 2 || qe.Col != 8 {
		t.Fatalf("got %v, want an error at 2:8", err)
	}
}

// A nil schema (no case at hand) still compiles, assuming every column.
func TestCompileWithoutSchema(t *testing.T) {
	comp, err := Compile("SELECT sourceaddress FROM vpc_flow_logs", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(comp.SQL, `main."vpc_flow_logs"`) || strings.Contains(comp.SQL, "cloudtrail") {
		t.Errorf("SQL should define only the flow-log CTE: %s", comp.SQL)
	}
}

func TestTables(t *testing.T) {
	if got := strings.Join(Tables(), ","); got != "vpc_flow_logs,cloudtrail_logs" {
		t.Errorf("Tables() = %s", got)
	}
}
