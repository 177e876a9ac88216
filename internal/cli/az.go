package cli

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cloudhunt/cloudhunt/internal/azcli"
	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/jmespath"
	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// newAzCmd is `cloudhunt az …`: the playbook's az command lines, answered
// from the case with az's flags, JSON shapes and output formats. Its exit
// codes are az's (2 for a bad argument), not cloudhunt's.
func newAzCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "az COMMAND [ARGS…]",
		Short: "The playbook's az commands, answered from the case",
		Long: `Run the playbook's Azure CLI lines unchanged against the case (which stands in for
the Log Analytics workspace and the subscription):

  az monitor log-analytics query --workspace ID --analytics-query KQL [--timespan P1D]
  az monitor log-analytics workspace show … --query customerId --output tsv
  az role assignment list [--all] [--query …] [--output table]
  az monitor activity-log list [--offset 1h] [--query …]

Output is az's: --output json (default), table, tsv; --query is JMESPath.`,
		Example:            `  cloudhunt az monitor log-analytics query --workspace any --analytics-query 'AzureActivity | project TimeGenerated, OperationNameValue, Caller'`,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
				return cmd.Help()
			}
			args = takeCaseFlag(global, args)
			code := runAz(cmd.Context(), streams, global, args)
			if code != 0 {
				return exitCode(code)
			}
			return nil
		},
	}
}

// takeCaseFlag removes cloudhunt's own --case from a drop-in command's
// arguments (the az and aws CLIs have no option of that name) and applies it.
func takeCaseFlag(global *globalOptions, args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--case" && i+1 < len(args):
			global.CaseDir = args[i+1]
			i++
		case strings.HasPrefix(args[i], "--case="):
			global.CaseDir = strings.TrimPrefix(args[i], "--case=")
		default:
			out = append(out, args[i])
		}
	}
	return out
}

// exitCode ends a drop-in command with the exit status the real CLI would
// have used; its message was already printed.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func runAz(ctx context.Context, streams *IOStreams, global *globalOptions, args []string) int {
	cmd, err := azcli.ParseArgs(args)
	if err != nil {
		fmt.Fprintf(streams.Err, "ERROR: %v\n", err)
		return azcli.ExitCode
	}
	var search *jmespath.Expression
	if cmd.QueryGiven {
		if search, err = jmespath.Compile(cmd.Query); err != nil {
			fmt.Fprintf(streams.Err, "ERROR: argument --query: invalid jmespath_type value: '%s'\n%v\n", cmd.Query, err)
			return azcli.ExitCode
		}
	}
	result, err := azResult(ctx, global, cmd)
	if err != nil {
		fmt.Fprintf(streams.Err, "ERROR: %v\n", err)
		return 1
	}
	if search != nil {
		if result, err = search.Search(result); err != nil {
			fmt.Fprintf(streams.Err, "ERROR: %v\n", err)
			return 1
		}
	}
	if err := writeAz(streams.Out, cmd, result); err != nil {
		fmt.Fprintf(streams.Err, "ERROR: %v\n", err)
		return 1
	}
	return 0
}

func writeAz(w io.Writer, cmd *azcli.Command, v any) error {
	switch cmd.Output {
	case "table":
		return azcli.FormatTable(w, v, cmd.QueryGiven)
	case "tsv":
		if !cmd.QueryGiven {
			v = azcli.SortKeys(v)
		}
		return azcli.FormatTSV(w, v)
	case "none":
		return nil
	case "json", "jsonc", "":
		return azcli.FormatJSON(w, v)
	}
	return fmt.Errorf("--output %s is not available in cloudhunt (json, jsonc, table, tsv, none)", cmd.Output)
}

// azResult answers the command from the case.
func azResult(ctx context.Context, global *globalOptions, cmd *azcli.Command) (any, error) {
	if cmd.Name == "monitor log-analytics workspace show" {
		return workspace(global, cmd), nil
	}
	c, err := store.Open(global.CaseDir, formats.Tables(), store.Options{ReadOnly: true, NoFileAccess: true})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	switch cmd.Name {
	case "monitor log-analytics query":
		text, _ := cmd.Value("analytics-query")
		compiled, err := kql.Compile(text, c, kql.Options{})
		if err != nil {
			var qe *query.Error
			if errors.As(err, &qe) {
				// What Log Analytics answers for a query it cannot parse.
				return nil, fmt.Errorf("(BadArgumentError) The request had some invalid properties\nCode: BadArgumentError\nMessage: The request had some invalid properties\nInner error: {\n    \"code\": \"SyntaxError\",\n    \"message\": %q\n}", qe.Error())
			}
			return nil, err
		}
		if span, ok := cmd.Value("timespan"); ok {
			if err := limitToTimespan(compiled, span); err != nil {
				return nil, err
			}
		}
		res, err := query.Run(ctx, c.DB, compiled)
		if err != nil {
			return nil, err
		}
		return azcli.LogAnalyticsRows(res), nil
	case "role assignment list":
		return tableObjects(ctx, c, "AzureRoleAssignments", "")
	case "monitor activity-log list":
		return activityLog(ctx, c, cmd)
	}
	return nil, fmt.Errorf("'%s' is not answered from a case", cmd.Name)
}

// workspace is `az monitor log-analytics workspace show`: the case stands
// in for the workspace, with a customerId that is stable for the case.
func workspace(global *globalOptions, cmd *azcli.Command) any {
	abs, _ := filepath.Abs(global.CaseDir)
	sum := sha256.Sum256([]byte(abs))
	id := fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
	name, _ := cmd.Value("workspace-name")
	group, _ := cmd.Value("resource-group")
	if name == "" {
		name = filepath.Base(abs)
	}
	return jsonv.NewObject().
		Set("customerId", id).
		Set("location", "local").
		Set("name", name).
		Set("provisioningState", "Succeeded").
		Set("resourceGroup", group).
		Set("retentionInDays", jsonv.Int(0))
}

// limitToTimespan applies az's --timespan (an ISO-8601 duration such as
// P1D or PT1H, or start/end) by wrapping the query: Log Analytics filters
// the source tables' TimeGenerated; cloudhunt filters the result rows that
// carry TimeGenerated, which is what a hunter's projection keeps.
func limitToTimespan(c *query.Compiled, span string) error {
	return fmt.Errorf("--timespan %s: not supported yet; filter on TimeGenerated in the query instead (where TimeGenerated > ago(1d))", span)
}

// tableObjects returns every row of a case table as an az-style object
// (keys in column order), newest first by timeColumn when given.
func tableObjects(ctx context.Context, c *store.Case, table, where string, args ...any) ([]any, error) {
	t := c.Table(table)
	if t == nil {
		return nil, fmt.Errorf("no table %s in this case", table)
	}
	var cols []string
	for _, col := range t.Columns {
		cols = append(cols, store.QuoteIdent(col.Name))
	}
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + store.QuoteIdent(t.Name) + " " + where
	res, err := query.Run(ctx, c.DB, &query.Compiled{SQL: q, Args: args})
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, row := range res.Rows {
		o := jsonv.NewObject()
		for i, col := range t.Columns {
			o.Set(col.Name, azJSONValue(row[i]))
		}
		out = append(out, o)
	}
	return out, nil
}

// azJSONValue turns a case value into what az's JSON would hold.
func azJSONValue(v any) any {
	switch v := v.(type) {
	case nil, string, bool:
		return v
	case int64:
		return jsonv.Int(v)
	case float64:
		return jsonv.Number(azcli.PyStr(jsonv.Number(fmt.Sprint(v))))
	case time.Time:
		return azcli.KustoDatetime(v)
	}
	return fmt.Sprint(v)
}

// activityLog is `az monitor activity-log list`: AzureActivity rows in the
// Activity Log's EventData shape, over the last --offset (default 6h) before
// the case's newest activity — not the wall clock.
func activityLog(ctx context.Context, c *store.Case, cmd *azcli.Command) (any, error) {
	offset := 6 * time.Hour
	if s, ok := cmd.Value("offset"); ok {
		d, err := time.ParseDuration(strings.ToLower(s))
		if err != nil {
			return nil, fmt.Errorf("--offset %s: want a duration such as 1h or 30m", s)
		}
		offset = d
	}
	var newest *time.Time
	if err := c.DB.QueryRowContext(ctx, `SELECT max(TimeGenerated) FROM AzureActivity`).Scan(&newest); err != nil {
		return nil, err
	}
	if newest == nil {
		return []any{}, nil
	}
	q := `SELECT TimeGenerated, coalesce(Caller, ''), CallerIpAddress, OperationNameValue, OperationName, CAST(Authorization AS VARCHAR),
		CategoryValue, Level, ActivityStatusValue, CorrelationId, ResourceGroup, SubscriptionId, _ResourceId
		FROM AzureActivity WHERE TimeGenerated >= $1 ORDER BY TimeGenerated DESC`
	rows, err := c.DB.QueryContext(ctx, q, newest.Add(-offset))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{}
	for rows.Next() {
		var when time.Time
		var caller string
		var ip, opValue, opName, auth, category, level, status, correlation, group, sub, resource *string
		if err := rows.Scan(&when, &caller, &ip, &opValue, &opName, &auth, &category, &level, &status, &correlation, &group, &sub, &resource); err != nil {
			return nil, err
		}
		authorization := jsonv.NewObject()
		if auth != nil {
			if v, err := jsonv.Decode([]byte(*auth)); err == nil {
				if o, ok := v.(*jsonv.Object); ok {
					authorization = o
				}
			}
		}
		claims := jsonv.NewObject()
		if ip != nil {
			claims.Set("ipaddr", *ip)
		}
		e := jsonv.NewObject().
			Set("authorization", authorization).
			Set("caller", caller).
			Set("category", localized(category)).
			Set("claims", claims).
			Set("correlationId", deref(correlation)).
			Set("eventTimestamp", azcli.KustoDatetime(when)).
			Set("level", deref(level)).
			Set("operationName", localized(firstNonNil(opValue, opName))).
			Set("resourceGroupName", deref(group)).
			Set("resourceId", deref(resource)).
			Set("status", localized(status)).
			Set("subscriptionId", deref(sub))
		if ip != nil {
			e.Set("httpRequest", jsonv.NewObject().Set("clientIpAddress", *ip))
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func localized(s *string) any {
	if s == nil {
		return nil
	}
	return jsonv.NewObject().Set("localizedValue", *s).Set("value", *s)
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func firstNonNil(a, b *string) *string {
	if a != nil {
		return a
	}
	return b
}
