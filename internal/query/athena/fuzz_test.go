package athena

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// FuzzCompile checks that no input makes the compiler panic, and that
// every error it reports is a positioned *query.Error inside the text.
func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		"SELECT sourceaddress, count(*) as total FROM vpc_flow_logs WHERE (destinationport = 22) group by distinct sourceaddress ORDER by total desc",
		"SELECT ip, sum(bytes) as total_bytes FROM (SELECT destinationaddress as ip,sum(numbytes) as bytes FROM vpc_flow_logs GROUP BY 1 UNION ALL SELECT sourceaddress as ip,sum(numbytes) as bytes FROM vpc_flow_logs GROUP BY 1) GROUP BY ip ORDER BY total_bytes DESC LIMIT 10",
		"SELECT useridentity.sessioncontext.sessionissuer.username FROM cloudtrail_logs WHERE eventtime > '2024' AND resources[1].arn LIKE 'arn:%' ESCAPE '!'",
		"WITH a AS (SELECT 1 AS x) SELECT CASE WHEN x BETWEEN 0 AND 2 THEN INTERVAL '1' DAY END FROM a",
		"SELECT CAST(x AS decimal(10,2)), TRY_CAST('1' AS bigint), date_parse('x', '%Y') FROM (VALUES 1)",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := Compile(text, nil)
		if err == nil {
			return
		}
		var qe *query.Error
		if !errors.As(err, &qe) {
			t.Fatalf("Compile(%q) returned %T %v, want *query.Error", text, err, err)
		}
		if strings.Contains(qe.Msg, "internal error") {
			t.Fatalf("Compile(%q) panicked: %v", text, err)
		}
		if qe.Line < 1 || qe.Line > strings.Count(text, "\n")+1 {
			t.Fatalf("Compile(%q): error line %d outside the text", text, qe.Line)
		}
	})
}
