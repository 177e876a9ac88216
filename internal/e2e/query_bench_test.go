package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/awsapi"
	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/athena"
	"github.com/cloudhunt/cloudhunt/internal/query/insights"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/sample"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

var (
	benchOnce sync.Once
	benchCase *store.Case
	benchErr  error
)

// benchmarkCase ingests the sample at CLOUDHUNT_BENCH_SCALE (default 1:
// ~20k CloudTrail events, ~100k flow records) once per test binary.
func benchmarkCase(b *testing.B) *store.Case {
	benchOnce.Do(func() {
		scale := 1.0
		if s := os.Getenv("CLOUDHUNT_BENCH_SCALE"); s != "" {
			scale, benchErr = strconv.ParseFloat(s, 64)
			if benchErr != nil {
				return
			}
		}
		dir, err := os.MkdirTemp("", "cloudhunt-bench-")
		if err != nil {
			benchErr = err
			return
		}
		ctx := context.Background()
		evidence := filepath.Join(dir, "evidence")
		if _, benchErr = sample.Generate(ctx, evidence, sample.Options{Seed: 7, Scale: scale}); benchErr != nil {
			return
		}
		c, err := store.Open(filepath.Join(dir, "case"), formats.Tables(), store.Options{Create: true})
		if err != nil {
			benchErr = err
			return
		}
		if _, benchErr = ingest.Run(ctx, c, []string{filepath.Join(evidence, "aws")}, ingest.Options{Formats: formats.All(), Skips: formats.Skips()}); benchErr != nil {
			return
		}
		c.Close()
		benchCase, benchErr = store.Open(filepath.Join(dir, "case"), formats.Tables(), store.Options{ReadOnly: true})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchCase
}

// BenchmarkQueries runs the playbook's queries in each language next to the
// DuckDB SQL a person would write for the same answer (the "peer"), over
// the same case, compile included:
//
//	go test -run NONE -bench Queries ./internal/e2e/   (CLOUDHUNT_BENCH_SCALE=10 for a bigger case)
func BenchmarkQueries(b *testing.B) {
	c := benchmarkCase(b)
	ctx := context.Background()
	backend := awsapi.NewBackend(c, "", b.TempDir())
	flowSource, err := backend.InsightsSource(ctx, []string{awsapi.DefaultFlowLogsGroup})
	if err != nil {
		b.Fatal(err)
	}
	trailSource, err := backend.InsightsSource(ctx, []string{awsapi.DefaultCloudTrailGroup})
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name    string
		compile func() (*query.Compiled, error)
	}{
		{"ssh/insights", func() (*query.Compiled, error) {
			return insights.Compile("filter dstPort=22 | stats count(*) as total by srcAddr as source | sort total desc | limit 10", flowSource, insights.Options{})
		}},
		{"ssh/athena", func() (*query.Compiled, error) {
			return athena.Compile("SELECT sourceaddress, count(*) as total FROM vpc_flow_logs WHERE (destinationport = 22) group by distinct sourceaddress ORDER by total desc", c)
		}},
		{"ssh/sql-peer", func() (*query.Compiled, error) {
			return &query.Compiled{SQL: "SELECT sourceaddress, count(*) AS total FROM vpc_flow_logs WHERE destinationport = 22 GROUP BY 1 ORDER BY 2 DESC"}, nil
		}},
		{"listbuckets/insights", func() (*query.Compiled, error) {
			return insights.Compile(`fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "ListBuckets"`, trailSource, insights.Options{})
		}},
		{"listbuckets/sql-peer", func() (*query.Compiled, error) {
			return &query.Compiled{SQL: "SELECT eventID, eventName, raw->>'$.eventTime', sessionIssuerUserName FROM cloudtrail WHERE eventName = 'ListBuckets' ORDER BY eventTime DESC LIMIT 10000"}, nil
		}},
		{"signins/kql", func() (*query.Compiled, error) {
			return kql.Compile(`SigninLogs | where ResultType != "0" | summarize count() by IPAddress, bin(TimeGenerated, 1h)`, c, kql.Options{})
		}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				compiled, err := tc.compile()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := query.Run(ctx, c.DB, compiled); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("lookup-events-all-pages", func(b *testing.B) {
		for b.Loop() {
			in := awsapi.LookupEventsInput{LookupAttributes: []awsapi.LookupAttribute{{Key: "EventName", Value: "ListBuckets"}}}
			fresh := awsapi.NewBackend(c, "", b.TempDir())
			for {
				out, err := fresh.LookupEvents(ctx, in)
				if err != nil {
					b.Fatal(err)
				}
				tok, ok := out.Get("NextToken")
				if !ok {
					break
				}
				in.NextToken = tok.(string)
			}
		}
	})
}
