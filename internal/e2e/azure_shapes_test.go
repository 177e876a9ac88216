package e2e

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// The same sign-ins, exported three ways — diagnostic settings to storage,
// `az monitor log-analytics query` rows, the portal's CSV — give the same
// answers to the playbook's SigninLogs queries.
func TestSigninExportsGiveSameAnswers(t *testing.T) {
	diagnostic := `{"records":[
{"time":"2024-03-08T10:00:00.0000000Z","resourceId":"/tenants/t1/providers/Microsoft.aadiam","operationName":"Sign-in activity","category":"SignInLogs","resultType":"50126","resultSignature":"None","durationMs":0,"callerIpAddress":"198.51.100.7","correlationId":"c1","identity":"Adele Vance","Level":4,"location":"US","properties":{"id":"s1","createdDateTime":"2024-03-08T10:00:00Z","userDisplayName":"Adele Vance","userPrincipalName":"adele@contoso.com","userId":"u1","appId":"a1","appDisplayName":"Azure Portal","ipAddress":"198.51.100.7","status":{"errorCode":50126,"failureReason":"Invalid username or password."},"clientAppUsed":"Browser","userAgent":"Mozilla/5.0","authenticationDetails":[{"authenticationStepDateTime":"2024-03-08T10:00:00Z","authenticationMethod":"Password","succeeded":false}]}},
{"time":"2024-03-08T10:05:00.0000000Z","resourceId":"/tenants/t1/providers/Microsoft.aadiam","operationName":"Sign-in activity","category":"SignInLogs","resultType":"0","resultSignature":"None","durationMs":0,"callerIpAddress":"198.51.100.7","correlationId":"c2","identity":"Adele Vance","Level":4,"location":"US","properties":{"id":"s2","createdDateTime":"2024-03-08T10:05:00Z","userDisplayName":"Adele Vance","userPrincipalName":"adele@contoso.com","userId":"u1","appId":"a1","appDisplayName":"Azure Portal","ipAddress":"198.51.100.7","status":{"errorCode":0},"clientAppUsed":"Browser","userAgent":"Mozilla/5.0","authenticationDetails":[{"authenticationStepDateTime":"2024-03-08T10:05:00Z","authenticationMethod":"Password","succeeded":true}]}}
]}`
	azRows := `[
  {"AppDisplayName": "Azure Portal", "AuthenticationDetails": "[{\"authenticationStepDateTime\":\"2024-03-08T10:00:00Z\",\"authenticationMethod\":\"Password\",\"succeeded\":false}]", "IPAddress": "198.51.100.7", "ResultType": "50126", "TableName": "PrimaryResult", "TimeGenerated": "2024-03-08T10:00:00Z", "Type": "SigninLogs", "UserAgent": "Mozilla/5.0", "UserPrincipalName": "adele@contoso.com"},
  {"AppDisplayName": "Azure Portal", "AuthenticationDetails": "[{\"authenticationStepDateTime\":\"2024-03-08T10:05:00Z\",\"authenticationMethod\":\"Password\",\"succeeded\":true}]", "IPAddress": "198.51.100.7", "ResultType": "0", "TableName": "PrimaryResult", "TimeGenerated": "2024-03-08T10:05:00Z", "Type": "SigninLogs", "UserAgent": "Mozilla/5.0", "UserPrincipalName": "adele@contoso.com"}
]`
	portalCSV := "TimeGenerated [UTC],UserPrincipalName,IPAddress,ResultType,UserAgent,AppDisplayName,AuthenticationDetails\r\n" +
		"\"3/8/2024, 10:00:00.000 AM\",adele@contoso.com,198.51.100.7,50126,Mozilla/5.0,Azure Portal,\"[{\"\"authenticationStepDateTime\"\":\"\"2024-03-08T10:00:00Z\"\",\"\"authenticationMethod\"\":\"\"Password\"\",\"\"succeeded\"\":false}]\"\r\n" +
		"\"3/8/2024, 10:05:00.000 AM\",adele@contoso.com,198.51.100.7,0,Mozilla/5.0,Azure Portal,\"[{\"\"authenticationStepDateTime\"\":\"\"2024-03-08T10:05:00Z\"\",\"\"authenticationMethod\"\":\"\"Password\"\",\"\"succeeded\"\":true}]\"\r\n"

	queries := []string{
		// The playbook's, verbatim.
		`SigninLogs | extend AuthenticationMethod = extractjson("$.[0].authenticationMethod", AuthenticationDetails) | extend Succeeded = extractjson("$.[0].succeeded", AuthenticationDetails) | project TimeGenerated, AuthenticationMethod, Succeeded, IPAddress, UserAgent`,
		`SigninLogs | extend AuthenticationMethod = extractjson("$.[0].authenticationMethod", AuthenticationDetails) | extend Succeeded = extractjson("$.[0].succeeded", AuthenticationDetails) | where Succeeded == "false" and AuthenticationMethod == "Password" | summarize count() by IPAddress`,
		`SigninLogs | where ResultType != "0" | summarize count() by IPAddress, bin(TimeGenerated, 1h)`,
		`SigninLogs | project TimeGenerated, UserPrincipalName, AppDisplayName, ResultType | sort by TimeGenerated asc`,
	}
	var answers [][]*query.Result
	for _, file := range []struct{ name, body string }{
		{"insights-logs-signinlogs/PT1H.json", diagnostic},
		{"signins-az.json", azRows},
		{"SigninLogs_export.csv", portalCSV},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "evidence", file.name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(file.body), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := store.Open(filepath.Join(dir, "case"), formats.Tables(), store.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := ingest.Run(context.Background(), c, []string{filepath.Join(dir, "evidence")}, ingest.Options{Formats: formats.All(), Skips: formats.Skips()})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Records != 2 || sum.Rejected != 0 {
			t.Fatalf("%s: %d records, %d rejected: %+v", file.name, sum.Records, sum.Rejected, sum.Results[0].Evidence)
		}
		var results []*query.Result
		for _, q := range queries {
			compiled, err := kql.Compile(q, c, kql.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := query.Run(context.Background(), c.DB, compiled)
			if err != nil {
				t.Fatal(err)
			}
			res.Duration = 0
			results = append(results, res)
		}
		c.Close()
		answers = append(answers, results)
	}
	for i, q := range queries {
		if len(answers[0][i].Rows) == 0 {
			t.Errorf("%s: no rows", q)
		}
		for j := 1; j < len(answers); j++ {
			if !reflect.DeepEqual(answers[0][i], answers[j][i]) {
				t.Errorf("%s\nexport %d gives %v\nexport 0 gives %v", q, j, answers[j][i].Rows, answers[0][i].Rows)
			}
		}
	}
}
