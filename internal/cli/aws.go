package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/cloudhunt/cloudhunt/internal/awsapi"
	"github.com/cloudhunt/cloudhunt/internal/awscli"
	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/jmespath"
	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// awsOperation is one `aws SERVICE OPERATION` the case answers: the CLI's
// options (from the service model) and the JSON-protocol target the
// backend dispatches on.
type awsOperation struct {
	awscli.Operation
	Target string
}

const (
	cloudTrailTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
	logsTarget       = "Logs_20140328."
	athenaTarget     = "AmazonAthena."
)

// awsOperations are the operations of the playbook that evidence can answer.
var awsOperations = []awsOperation{
	{Target: cloudTrailTarget + "LookupEvents", Operation: awscli.Operation{
		Service: "cloudtrail", Name: "lookup-events", API: "LookupEvents",
		Params: []awscli.Param{
			{Name: "lookup-attributes", Member: "LookupAttributes", Type: awscli.ListOfStructure, Members: []awscli.Param{
				{Member: "AttributeKey", Type: awscli.String, Required: true},
				{Member: "AttributeValue", Type: awscli.String, Required: true},
			}},
			{Name: "start-time", Member: "StartTime", Type: awscli.Timestamp},
			{Name: "end-time", Member: "EndTime", Type: awscli.Timestamp},
			{Name: "event-category", Member: "EventCategory", Type: awscli.String},
			{Name: "max-results", Member: "MaxResults", Type: awscli.Integer},
		},
		Paginator: &awscli.Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxResults", ResultKeys: []string{"Events"}},
	}},
	{Target: logsTarget + "StartQuery", Operation: awscli.Operation{
		Service: "logs", Name: "start-query", API: "StartQuery",
		Params: []awscli.Param{
			{Name: "log-group-name", Member: "logGroupName", Type: awscli.String},
			{Name: "log-group-names", Member: "logGroupNames", Type: awscli.List},
			{Name: "log-group-identifiers", Member: "logGroupIdentifiers", Type: awscli.List},
			{Name: "start-time", Member: "startTime", Type: awscli.Integer, Required: true},
			{Name: "end-time", Member: "endTime", Type: awscli.Integer, Required: true},
			{Name: "query-string", Member: "queryString", Type: awscli.String, Required: true},
			{Name: "limit", Member: "limit", Type: awscli.Integer},
		},
	}},
	{Target: logsTarget + "GetQueryResults", Operation: awscli.Operation{
		Service: "logs", Name: "get-query-results", API: "GetQueryResults",
		Params: []awscli.Param{{Name: "query-id", Member: "queryId", Type: awscli.String, Required: true}},
	}},
	{Target: logsTarget + "GetLogEvents", Operation: awscli.Operation{
		Service: "logs", Name: "get-log-events", API: "GetLogEvents",
		Params: []awscli.Param{
			{Name: "log-group-name", Member: "logGroupName", Type: awscli.String},
			{Name: "log-group-identifier", Member: "logGroupIdentifier", Type: awscli.String},
			{Name: "log-stream-name", Member: "logStreamName", Type: awscli.String, Required: true},
			{Name: "start-time", Member: "startTime", Type: awscli.Integer},
			{Name: "end-time", Member: "endTime", Type: awscli.Integer},
			{Name: "next-token", Member: "nextToken", Type: awscli.String},
			{Name: "limit", Member: "limit", Type: awscli.Integer},
			{Name: "start-from-head", Member: "startFromHead", Type: awscli.Boolean},
			{Name: "unmask", Member: "unmask", Type: awscli.Boolean},
		},
	}},
	{Target: athenaTarget + "StartQueryExecution", Operation: awscli.Operation{
		Service: "athena", Name: "start-query-execution", API: "StartQueryExecution",
		Params: []awscli.Param{
			{Name: "query-string", Member: "QueryString", Type: awscli.String, Required: true},
			{Name: "client-request-token", Member: "ClientRequestToken", Type: awscli.String},
			{Name: "query-execution-context", Member: "QueryExecutionContext", Type: awscli.Structure, Members: []awscli.Param{
				{Member: "Database", Type: awscli.String}, {Member: "Catalog", Type: awscli.String},
			}},
			{Name: "result-configuration", Member: "ResultConfiguration", Type: awscli.JSON},
			{Name: "work-group", Member: "WorkGroup", Type: awscli.String},
			{Name: "execution-parameters", Member: "ExecutionParameters", Type: awscli.List},
			{Name: "result-reuse-configuration", Member: "ResultReuseConfiguration", Type: awscli.JSON},
		},
	}},
	{Target: athenaTarget + "GetQueryExecution", Operation: awscli.Operation{
		Service: "athena", Name: "get-query-execution", API: "GetQueryExecution",
		Params: []awscli.Param{{Name: "query-execution-id", Member: "QueryExecutionId", Type: awscli.String, Required: true}},
	}},
	{Target: athenaTarget + "GetQueryResults", Operation: awscli.Operation{
		Service: "athena", Name: "get-query-results", API: "GetQueryResults",
		Params: []awscli.Param{
			{Name: "query-execution-id", Member: "QueryExecutionId", Type: awscli.String, Required: true},
		},
		Paginator: &awscli.Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxResults", ResultKeys: []string{"ResultSet.Rows"}},
	}},
	{Target: awsapi.EC2Target + "DescribeInstances", Operation: awscli.Operation{
		Service: "ec2", Name: "describe-instances", API: "DescribeInstances",
		Params: []awscli.Param{
			{Name: "filters", Member: "Filters", Type: awscli.ListOfStructure, Members: []awscli.Param{
				{Member: "Name", Type: awscli.String}, {Member: "Values", Type: awscli.List},
			}},
			{Name: "instance-ids", Member: "InstanceIds", Type: awscli.List},
			{Name: "dry-run", Member: "DryRun", Type: awscli.Boolean},
			{Name: "max-results", Member: "MaxResults", Type: awscli.Integer},
		},
		Paginator: &awscli.Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxResults", ResultKeys: []string{"Reservations"}},
	}},
	{Target: awsapi.EC2Target + "DescribeSecurityGroups", Operation: awscli.Operation{
		Service: "ec2", Name: "describe-security-groups", API: "DescribeSecurityGroups",
		Params: []awscli.Param{
			{Name: "filters", Member: "Filters", Type: awscli.ListOfStructure, Members: []awscli.Param{
				{Member: "Name", Type: awscli.String}, {Member: "Values", Type: awscli.List},
			}},
			{Name: "group-ids", Member: "GroupIds", Type: awscli.List},
			{Name: "group-names", Member: "GroupNames", Type: awscli.List},
			{Name: "dry-run", Member: "DryRun", Type: awscli.Boolean},
			{Name: "max-results", Member: "MaxResults", Type: awscli.Integer},
		},
		Paginator: &awscli.Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxResults", ResultKeys: []string{"SecurityGroups"}},
	}},
	{Target: awsapi.CloudWatchTarget + "DescribeAlarms", Operation: awscli.Operation{
		Service: "cloudwatch", Name: "describe-alarms", API: "DescribeAlarms",
		Params: []awscli.Param{
			{Name: "alarm-names", Member: "AlarmNames", Type: awscli.List},
			{Name: "alarm-name-prefix", Member: "AlarmNamePrefix", Type: awscli.String},
			{Name: "alarm-types", Member: "AlarmTypes", Type: awscli.List},
			{Name: "children-of-alarm-name", Member: "ChildrenOfAlarmName", Type: awscli.String},
			{Name: "parents-of-alarm-name", Member: "ParentsOfAlarmName", Type: awscli.String},
			{Name: "state-value", Member: "StateValue", Type: awscli.String},
			{Name: "action-prefix", Member: "ActionPrefix", Type: awscli.String},
		},
		Paginator: &awscli.Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxRecords", ResultKeys: []string{"MetricAlarms", "CompositeAlarms"}},
	}},
	{Target: awsapi.GuardDutyTarget + "ListDetectors", Operation: awscli.Operation{
		Service: "guardduty", Name: "list-detectors", API: "ListDetectors",
		Paginator: &awscli.Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxResults", ResultKeys: []string{"DetectorIds"}},
	}},
	{Target: awsapi.GuardDutyTarget + "ListFindings", Operation: awscli.Operation{
		Service: "guardduty", Name: "list-findings", API: "ListFindings",
		Params: []awscli.Param{
			{Name: "detector-id", Member: "DetectorId", Type: awscli.String, Required: true},
			{Name: "finding-criteria", Member: "FindingCriteria", Type: awscli.JSON},
			{Name: "sort-criteria", Member: "SortCriteria", Type: awscli.Structure, Members: []awscli.Param{
				{Member: "AttributeName", Type: awscli.String}, {Member: "OrderBy", Type: awscli.String},
			}},
		},
		Paginator: &awscli.Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxResults", ResultKeys: []string{"FindingIds"}},
	}},
	{Target: awsapi.GuardDutyTarget + "GetFindings", Operation: awscli.Operation{
		Service: "guardduty", Name: "get-findings", API: "GetFindings",
		Params: []awscli.Param{
			{Name: "detector-id", Member: "DetectorId", Type: awscli.String, Required: true},
			{Name: "finding-ids", Member: "FindingIds", Type: awscli.List, Required: true},
			{Name: "sort-criteria", Member: "SortCriteria", Type: awscli.Structure, Members: []awscli.Param{
				{Member: "AttributeName", Type: awscli.String}, {Member: "OrderBy", Type: awscli.String},
			}},
		},
	}},
	{Target: awsapi.ConfigTarget + "GetResourceConfigHistory", Operation: awscli.Operation{
		Service: "configservice", Name: "get-resource-config-history", API: "GetResourceConfigHistory",
		Params: []awscli.Param{
			{Name: "resource-type", Member: "resourceType", Type: awscli.String, Required: true},
			{Name: "resource-id", Member: "resourceId", Type: awscli.String, Required: true},
			{Name: "later-time", Member: "laterTime", Type: awscli.Timestamp},
			{Name: "earlier-time", Member: "earlierTime", Type: awscli.Timestamp},
			{Name: "chronological-order", Member: "chronologicalOrder", Type: awscli.String},
		},
		Paginator: &awscli.Paginator{InputToken: "nextToken", OutputToken: "nextToken", LimitKey: "limit", ResultKeys: []string{"configurationItems"}},
	}},
}

func newAwsCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	var names []string
	for _, op := range awsOperations {
		names = append(names, "  aws "+op.Service+" "+op.Name)
	}
	return &cobra.Command{
		Use:   "aws SERVICE OPERATION [ARGS…]",
		Short: "The playbook's aws commands, answered from the case",
		Long: `Run the playbook's AWS CLI lines unchanged against the case: the same options, the
same --query (JMESPath), the same --output json|table|text bytes and exit codes as
the AWS CLI v2. Times print in the local time zone, as the CLI prints them (TZ=UTC
for UTC). LookupEvents' 90-day window ends at the case's newest event. Started
queries (logs start-query, athena start-query-execution) are kept in the case's
queries/ folder, so QUERY_ID=$(…) and a later get-query-results work as written.

Operations answered:
` + strings.Join(names, "\n"),
		Example: `  cloudhunt aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=ListBuckets --output table
  QUERY_ID=$(cloudhunt aws logs start-query --log-group-name flowlogs --start-time 0 --end-time 2000000000 --query-string 'filter action="REJECT" | stats count(*) by srcAddr, dstAddr' --output text)
  cloudhunt aws logs get-query-results --query-id $QUERY_ID | jq '.results'`,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
				return cmd.Help()
			}
			args = takeCaseFlag(global, args)
			if code := runAws(cmd.Context(), streams, global, args); code != 0 {
				return exitCode(code)
			}
			return nil
		},
	}
}

func runAws(ctx context.Context, streams *IOStreams, global *globalOptions, args []string) int {
	service, operation, rest, ok := splitAwsCommand(args)
	if !ok {
		fmt.Fprintf(streams.Err, "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\naws: error: the following arguments are required: command, operation\n\n")
		return awscli.ExitClientError
	}
	var op *awsOperation
	for i := range awsOperations {
		if awsOperations[i].Service == service && awsOperations[i].Name == operation {
			op = &awsOperations[i]
		}
	}
	if op == nil {
		fmt.Fprintf(streams.Err, "cloudhunt: `aws %s %s` is not answered from a case (yet). Answered: %s\n", service, operation, answeredList())
		return awscli.ExitGeneral
	}
	var c *store.Case
	var b *awsapi.Backend
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	backend := func(input *jsonv.Object) (*jsonv.Object, error) {
		if c == nil {
			var err error
			if c, err = store.Open(global.CaseDir, formats.Tables(), store.Options{ReadOnly: true, NoFileAccess: true}); err != nil {
				return nil, &awscli.Error{Msg: "cloudhunt: " + err.Error(), Code: awscli.ExitGeneral}
			}
			b = awsapi.NewBackend(c, awsRegion(rest), filepath.Join(global.CaseDir, "queries"))
		}
		out, err := b.Dispatch(ctx, op.Target, input)
		if err != nil {
			var apiErr *awsapi.Error
			if errors.As(err, &apiErr) {
				return nil, &awscli.Error{Msg: apiErr.CLIMessage(op.API), Code: awscli.ExitServiceErr}
			}
			return nil, &awscli.Error{Msg: "cloudhunt: " + err.Error(), Code: awscli.ExitGeneral}
		}
		// The CLI turns the service's timestamps into local-time text
		// before --query sees them.
		obj, _ := awsapi.MapTimes(out, func(t time.Time) any { return awscli.FormatTimestamp(t) }).(*jsonv.Object)
		return obj, nil
	}
	search := func(expr string) (func(any) (any, error), error) {
		e, err := jmespath.Compile(expr)
		if err != nil {
			return nil, err
		}
		return e.Search, nil
	}
	width := 80
	if f, ok := streams.Out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			width = w
		}
	}
	return awscli.Run(op.Operation, rest, backend, search, streams.Out, streams.Err, width)
}

// splitAwsCommand finds SERVICE and OPERATION among the arguments (global
// options may come first) and returns the rest.
func splitAwsCommand(args []string) (service, operation string, rest []string, ok bool) {
	var words []int
	for i := 0; i < len(args) && len(words) < 2; i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && awsGlobalTakesValue[a] {
				i++
			}
			continue
		}
		words = append(words, i)
	}
	if len(words) < 2 {
		return "", "", nil, false
	}
	for i, a := range args {
		if i != words[0] && i != words[1] {
			rest = append(rest, a)
		}
	}
	return args[words[0]], args[words[1]], rest, true
}

var awsGlobalTakesValue = map[string]bool{"--output": true, "--query": true, "--region": true, "--profile": true,
	"--endpoint-url": true, "--color": true, "--ca-bundle": true, "--cli-read-timeout": true, "--cli-connect-timeout": true,
	"--cli-binary-format": true}

// awsRegion is the region the CLI would call: --region, else the
// environment; "" (every region of the case) when neither says.
func awsRegion(args []string) string {
	for i, a := range args {
		if a == "--region" && i+1 < len(args) {
			return args[i+1]
		}
		if strings.HasPrefix(a, "--region=") {
			return strings.TrimPrefix(a, "--region=")
		}
	}
	if r := os.Getenv("AWS_REGION"); r != "" {
		return r
	}
	return os.Getenv("AWS_DEFAULT_REGION")
}

func answeredList() string {
	var names []string
	for _, op := range awsOperations {
		names = append(names, op.Service+" "+op.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
