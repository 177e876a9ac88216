package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cloudhunt/cloudhunt/internal/awsapi"
	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/athena"
	"github.com/cloudhunt/cloudhunt/internal/query/insights"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/render"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// Query languages.
const (
	langKQL      = "kql"
	langInsights = "insights"
	langAthena   = "athena"
	langSQL      = "sql"
)

type queryOptions struct {
	Lang      string
	LogGroups []string
	Start     string
	End       string
	Format    string
	MaxCell   int
}

func newQueryCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	opts := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query QUERY",
		Short: "Run a KQL, Logs Insights, Athena or SQL query over a case",
		Long: `Run one query, written as the playbook writes it, over the case — with the semantics
of the service that language belongs to:

  kql       Azure Log Analytics (Kusto) over the Azure tables (SigninLogs, AzureActivity …)
  insights  CloudWatch Logs Insights over a log group (--log-group; CloudTrail read
            from S3 is group "cloudtrail", VPC flow logs "flowlogs", unless ingest
            --log-group named them); every value is a string, at most 10,000 rows
  athena    Athena (Trino) SQL over vpc_flow_logs and cloudtrail_logs
  sql       DuckDB SQL over the case's own tables (see ` + "`cloudhunt case info`" + `)

Without --lang the language is recognised from the query's first word. Queries only
read: the case is opened read-only and no other file can be read or written.`,
		Example: `  cloudhunt query --lang insights 'filter dstPort=22 | stats count(*) as total by srcAddr as source | sort total desc | limit 10'
  cloudhunt query --lang athena "SELECT sourceaddress, count(*) as total FROM vpc_flow_logs WHERE (destinationport = 22) group by distinct sourceaddress ORDER by total desc"
  cloudhunt query --lang kql 'SigninLogs | where ResultType != "0" | summarize count() by IPAddress, bin(TimeGenerated, 1h)'
  cloudhunt query --lang sql 'SELECT eventName, count(*) FROM cloudtrail GROUP BY ALL ORDER BY 2 DESC' --format csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return runQuery(ctx, streams, global, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Lang, "lang", "l", "", "kql, insights, athena or sql (default: recognised from the query)")
	f.StringArrayVar(&opts.LogGroups, "log-group", nil, "insights: log group to query; repeatable (default: recognised from the fields)")
	f.StringVar(&opts.Start, "start", "", "insights: start of the window, RFC 3339 or YYYY-MM-DD (default: the case's first record)")
	f.StringVar(&opts.End, "end", "", "insights: end of the window (default: the case's last record)")
	f.StringVar(&opts.Format, "format", "table", "output format: "+render.FormatNames())
	f.IntVar(&opts.MaxCell, "max-cell", render.DefaultMaxCell, "table format: widest cell in characters (-1: never cut)")
	return cmd
}

func runQuery(ctx context.Context, streams *IOStreams, global *globalOptions, opts *queryOptions, text string) error {
	format, err := render.ParseFormat(opts.Format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	lang := strings.ToLower(opts.Lang)
	if lang == "" {
		if lang = guessLanguage(text); lang == "" {
			return usagef("cannot tell the query's language from its first word: say --lang kql, insights, athena or sql")
		}
	}
	if lang != langInsights && (len(opts.LogGroups) > 0 || opts.Start != "" || opts.End != "") {
		return usagef("--log-group, --start and --end apply to --lang insights only")
	}
	start, err := parseWindowTime("--start", opts.Start, false)
	if err != nil {
		return err
	}
	end, err := parseWindowTime("--end", opts.End, true)
	if err != nil {
		return err
	}

	c, err := store.Open(global.CaseDir, formats.Tables(), store.Options{ReadOnly: true, NoFileAccess: true})
	if err != nil {
		return err
	}
	defer c.Close()

	var compiled *query.Compiled
	switch lang {
	case langKQL:
		compiled, err = kql.Compile(text, c, kql.Options{})
	case langAthena:
		compiled, err = athena.Compile(text, c)
	case langSQL:
		compiled = &query.Compiled{SQL: text}
	case langInsights:
		compiled, err = compileInsights(ctx, streams, c, opts.LogGroups, text, start, end)
	default:
		return usagef("--lang %q: want kql, insights, athena or sql", opts.Lang)
	}
	if err != nil {
		return queryError(err)
	}
	res, err := query.Run(ctx, c.DB, compiled)
	if err != nil {
		return err
	}
	table := render.Table{Columns: make([]string, len(res.Columns)), Rows: res.Rows}
	for i, col := range res.Columns {
		table.Columns[i] = col.Name
	}
	if err := render.Write(streams.Out, format, table, render.Options{MaxCell: opts.MaxCell}); err != nil {
		return err
	}
	if res.Chart != nil {
		fmt.Fprintf(streams.Err, "render %s: the service would draw this result as a %s\n", res.Chart.Kind, res.Chart.Kind)
	}
	if res.Truncated {
		fmt.Fprintf(streams.Err, "the result was cut at %d rows, as the service cuts it (add `| limit N` to choose)\n", compiled.Limit)
	}
	return nil
}

// queryError makes a compile error a usage error (exit 2): the query, not
// the case, is what needs fixing.
func queryError(err error) error {
	var qe *query.Error
	if errors.As(err, &qe) {
		return usageError{err}
	}
	var ae *awsapi.Error
	if errors.As(err, &ae) {
		return usageError{errors.New(ae.Message)}
	}
	return err
}

// compileInsights resolves the log groups (named, or recognised from the
// fields the query uses) and compiles the query over them.
func compileInsights(ctx context.Context, streams *IOStreams, c *store.Case, groups []string, text string, start, end *time.Time) (*query.Compiled, error) {
	backend := &awsapi.Backend{Case: c}
	if len(groups) == 0 {
		known, err := backend.LogGroups(ctx)
		if err != nil {
			return nil, err
		}
		groups = guessLogGroups(text, known)
		if len(groups) == 0 {
			return nil, usagef("name the log group to query with --log-group; the case has: %s", logGroupList(known))
		}
		fmt.Fprintf(streams.Err, "log group: %s (recognised from the query's fields; name one with --log-group)\n", strings.Join(groups, ", "))
	}
	src, err := backend.InsightsSource(ctx, groups)
	if err != nil {
		return nil, err
	}
	opts := insights.Options{}
	if start != nil {
		opts.Start = *start
	}
	if end != nil {
		opts.End = *end
	}
	return insights.Compile(text, src, opts)
}

func logGroupList(groups []awsapi.LogGroup) string {
	if len(groups) == 0 {
		return "no log groups (ingest CloudTrail or VPC flow logs first)"
	}
	var names []string
	for _, g := range groups {
		names = append(names, g.Name+" ("+g.Table+")")
	}
	return strings.Join(names, ", ")
}

var wordPattern = regexp.MustCompile(`[A-Za-z_@][A-Za-z0-9_.@]*`)

// Fields that tell which log group a query is about.
var (
	flowFields       = map[string]bool{"srcAddr": true, "dstAddr": true, "srcPort": true, "dstPort": true, "action": true, "interfaceId": true, "bytes": true, "packets": true, "protocol": true, "logStatus": true}
	cloudTrailFields = map[string]bool{"eventName": true, "eventSource": true, "eventTime": true, "eventID": true, "errorCode": true, "sourceIPAddress": true, "awsRegion": true, "userAgent": true}
	apiGatewayFields = map[string]bool{"sourceIp": true, "integrationErrorMessage": true, "httpMethod": true, "requestId": true, "resourcePath": true}
)

// fieldFamily names the kind of log a field belongs to, or "".
func fieldFamily(w string) string {
	switch {
	case flowFields[w]:
		return "vpc_flow_logs"
	case cloudTrailFields[w] || strings.HasPrefix(w, "userIdentity.") || strings.HasPrefix(w, "requestParameters."):
		return "cloudtrail"
	case w == "log" || strings.HasPrefix(w, "kubernetes."):
		return awsapi.DefaultEKSGroup
	case apiGatewayFields[w]:
		return awsapi.DefaultAPIGatewayGroup
	}
	return ""
}

// guessLogGroups picks the groups of the kind of log whose fields the
// query uses most: every group of that table (container and API Gateway
// logs: their default group when the case has it).
func guessLogGroups(text string, known []awsapi.LogGroup) []string {
	votes := map[string]int{}
	for _, w := range wordPattern.FindAllString(text, -1) {
		if f := fieldFamily(w); f != "" {
			votes[f]++
		}
	}
	if strings.Contains(text, "kubernetes-dashboard") {
		votes[awsapi.DefaultEKSGroup]++
	}
	best, tie := "", false
	for f, n := range votes {
		switch {
		case best == "" || n > votes[best]:
			best, tie = f, false
		case n == votes[best] && f != best:
			tie = true
		}
	}
	if best == "" || tie {
		if len(known) == 1 {
			return []string{known[0].Name}
		}
		return nil
	}
	var names []string
	for _, g := range known {
		if g.Table == best || g.Name == best {
			names = append(names, g.Name)
		}
	}
	if len(names) == 0 && (best == awsapi.DefaultEKSGroup || best == awsapi.DefaultAPIGatewayGroup) {
		for _, g := range known {
			if g.Table == "cwl_events" {
				names = append(names, g.Name)
			}
		}
	}
	return names
}

var (
	insightsCommands = map[string]bool{"fields": true, "filter": true, "stats": true, "sort": true, "limit": true, "display": true, "parse": true, "dedup": true, "source": true}
	sqlFirstWords    = map[string]bool{"select": true, "with": true, "values": true}
	kqlTablePattern  = regexp.MustCompile(`^\s*(let\s|[A-Za-z_][A-Za-z0-9_]*\s*(\||$)|union\s|datatable|print\s)`)
)

// guessLanguage recognises the language from the query's first word:
// SELECT/WITH → Athena (the playbook's SQL), an Insights command, or a
// table followed by a pipe → KQL.
func guessLanguage(text string) string {
	first := strings.ToLower(strings.TrimLeft(wordPattern.FindString(strings.TrimSpace(text)), "@"))
	switch {
	case sqlFirstWords[first]:
		return langAthena
	case insightsCommands[first]:
		return langInsights
	case kqlTablePattern.MatchString(text):
		return langKQL
	}
	return ""
}
