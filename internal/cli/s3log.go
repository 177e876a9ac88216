package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/render"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/s3access"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// s3logOptions are the output flags of the s3log commands.
type s3logOptions struct {
	Format  string
	MaxCell int
}

// newS3logCmd is `cloudhunt s3log`: the playbook's s3logparse.py, over the
// S3 server access logs of a case.
func newS3logCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	opts := &s3logOptions{}
	cmd := &cobra.Command{
		Use:   "s3log",
		Short: "Look into S3 server access logs (the playbook's s3logparse.py)",
		Long: `Look into the S3 server access logs of a case, as the playbook's s3logparse.py does.
Ingest the access log objects first (cloudhunt ingest LOG-BUCKET-COPY --case DIR).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("say which: `cloudhunt s3log useragent PATTERN` or `cloudhunt s3log useragents`")
		},
	}
	f := cmd.PersistentFlags()
	f.StringVar(&opts.Format, "format", "table", "output format: "+render.FormatNames())
	f.IntVar(&opts.MaxCell, "max-cell", render.DefaultMaxCell, "table format: widest cell in characters (-1: never cut)")

	useragent := &cobra.Command{
		Use:   "useragent PATTERN",
		Short: "The requests whose user agent contains PATTERN",
		Long: `List the S3 requests whose user agent contains PATTERN: a plain substring, not a
regular expression, matched without regard to case ("python" finds Boto3/1.34
Python/3.12 and python-requests/2.31). Rows come in time order.`,
		Example: `  cloudhunt s3log useragent sqlmap
  cloudhunt s3log useragent 'aws-cli/1.' --format csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("want one PATTERN (part of a user agent), found %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return runS3logUserAgent(ctx, streams, global, opts, args[0])
		},
	}
	useragents := &cobra.Command{
		Use:   "useragents",
		Short: "Every user agent seen, with request counts, distinct IPs and first/last seen",
		Long: `Summarise the user agents of the case: for each, how many requests, from how many
distinct IP addresses, first and last seen — from the S3 server access logs (source s3)
and from CloudTrail's userAgent (source cloudtrail). Most requests first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return runS3logUserAgents(ctx, streams, global, opts)
		},
	}
	cmd.AddCommand(useragent, useragents)
	return cmd
}

// userAgentSQL lists the requests whose user agent holds $1, ignoring case.
// The pattern is a bound parameter, never part of the SQL text.
const userAgentSQL = `SELECT "time", remote_ip, requester, operation, "key", http_status, user_agent
FROM s3_access_logs
WHERE strpos(lower(user_agent), lower($1)) > 0
ORDER BY "time" NULLS LAST, _file, _record`

// userAgentsSQL sums up user agents across S3 access logs and CloudTrail.
const userAgentsSQL = `SELECT source, user_agent, count(*) AS requests, count(DISTINCT ip) AS distinct_ips,
	min(t) AS first_seen, max(t) AS last_seen
FROM (
	SELECT 's3' AS source, user_agent, remote_ip AS ip, "time" AS t FROM s3_access_logs
	UNION ALL
	SELECT 'cloudtrail', userAgent, sourceIPAddress, eventTime FROM cloudtrail
)
WHERE user_agent IS NOT NULL
GROUP BY source, user_agent
ORDER BY requests DESC, user_agent, source`

func runS3logUserAgent(ctx context.Context, streams *IOStreams, global *globalOptions, opts *s3logOptions, pattern string) error {
	if strings.TrimSpace(pattern) == "" {
		return usagef("PATTERN is empty: give part of a user agent, such as sqlmap or aws-cli")
	}
	return runS3log(ctx, streams, global, opts, &query.Compiled{SQL: userAgentSQL, Args: []any{pattern}}, true)
}

func runS3logUserAgents(ctx context.Context, streams *IOStreams, global *globalOptions, opts *s3logOptions) error {
	return runS3log(ctx, streams, global, opts, &query.Compiled{SQL: userAgentsSQL}, false)
}

// runS3log runs one of the s3log queries on the case, read-only, and prints
// the result. s3Only says the query reads only the access logs, so that
// an empty case is explained rather than shown as an empty table alone.
func runS3log(ctx context.Context, streams *IOStreams, global *globalOptions, opts *s3logOptions, q *query.Compiled, s3Only bool) error {
	format, err := render.ParseFormat(opts.Format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	c, err := store.Open(global.CaseDir, s3logTables(), store.Options{ReadOnly: true, NoFileAccess: true})
	if err != nil {
		return err
	}
	defer c.Close()
	if s3Only {
		var n int64
		if err := c.DB.QueryRowContext(ctx, `SELECT count(*) FROM s3_access_logs`).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintln(streams.Err, "this case holds no S3 server access logs: ingest the log bucket's objects first")
		}
	}
	res, err := query.Run(ctx, c.DB, q)
	if err != nil {
		return err
	}
	table := render.Table{Columns: make([]string, len(res.Columns)), Rows: res.Rows}
	for i, col := range res.Columns {
		table.Columns[i] = col.Name
	}
	return render.Write(streams.Out, format, table, render.Options{MaxCell: opts.MaxCell})
}

// s3logTables are the case's tables, with the access log table added when
// the format list does not have it yet.
func s3logTables() []*source.Table {
	tables := formats.Tables()
	for _, t := range tables {
		if t.Name == s3access.Table.Name {
			return tables
		}
	}
	return append(tables, s3access.Table)
}
