package awsapi

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/insights"
	"github.com/cloudhunt/cloudhunt/internal/source/cwlogs"
)

// Default log-group names for records read from S3 rather than exported
// from CloudWatch Logs: they never had a group, and the playbook's Logs
// Insights queries still need one to name. `ingest --log-group` overrides.
const (
	DefaultCloudTrailGroup = "cloudtrail"
	DefaultFlowLogsGroup   = "flowlogs"
	DefaultEKSGroup        = "eks"
	DefaultAPIGatewayGroup = "apigateway"
)

// Other log groups exported without their name (an S3 export's path names
// the task and stream, not the group) fall under a name for the kind of
// events they hold.
var defaultCWLGroups = map[string]string{
	"eks-container":     DefaultEKSGroup,
	"apigateway-access": DefaultAPIGatewayGroup,
	"json":              "cwlogs",
	"text":              "cwlogs",
}

// LogGroup is a CloudWatch Logs group as the case knows it.
type LogGroup struct {
	Name  string
	Table string // case table its records are in
	// where restricts the table to the group's rows (safe SQL).
	where string
}

// LogGroups lists the groups of the case: those named at ingest or in the
// records themselves, and the defaults for S3-delivered records.
func (b *Backend) LogGroups(ctx context.Context) ([]LogGroup, error) {
	var groups []LogGroup
	rows, err := b.Case.DB.QueryContext(ctx, `SELECT DISTINCT "table", log_group IS NULL, coalesce(log_group, '')
		FROM _evidence WHERE "table" IN ('cloudtrail', 'vpc_flow_logs') AND records > 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, name string
		var unnamed bool
		if err := rows.Scan(&table, &unnamed, &name); err != nil {
			return nil, err
		}
		if unnamed {
			// Flow records exported from CloudWatch Logs may name their
			// group themselves; the rest fall under the default.
			switch table {
			case "cloudtrail":
				groups = append(groups, LogGroup{Name: DefaultCloudTrailGroup, Table: table,
					where: `_file IN (SELECT id FROM _evidence WHERE log_group IS NULL)`})
			case "vpc_flow_logs":
				groups = append(groups, LogGroup{Name: DefaultFlowLogsGroup, Table: table,
					where: `_file IN (SELECT id FROM _evidence WHERE log_group IS NULL) AND log_group IS NULL`})
			}
			continue
		}
		q, err := query.Quote(name)
		if err != nil {
			return nil, fmt.Errorf("log group %q: %w", name, err)
		}
		groups = append(groups, LogGroup{Name: name, Table: table, where: `_file IN (SELECT id FROM _evidence WHERE log_group = ` + q + `)`})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	named, err := b.Case.DB.QueryContext(ctx, `SELECT DISTINCT log_group FROM vpc_flow_logs WHERE log_group IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer named.Close()
	for named.Next() {
		var name string
		if err := named.Scan(&name); err != nil {
			return nil, err
		}
		q, err := query.Quote(name)
		if err != nil {
			continue
		}
		groups = append(groups, LogGroup{Name: name, Table: "vpc_flow_logs", where: `log_group = ` + q})
	}
	if err := named.Err(); err != nil {
		return nil, err
	}
	others, err := b.cwlGroups(ctx)
	if err != nil {
		return nil, err
	}
	return mergeGroups(append(groups, others...)), nil
}

// cwlGroups lists the groups of cwl_events: named in the records
// (subscription payloads), at ingest, or by the defaults for their kind.
func (b *Backend) cwlGroups(ctx context.Context) ([]LogGroup, error) {
	rows, err := b.Case.DB.QueryContext(ctx, `SELECT DISTINCT c.log_group, e.log_group, c.kind
		FROM cwl_events c JOIN _evidence e ON c._file = e.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var groups []LogGroup
	for rows.Next() {
		var inRecord, atIngest, kind *string
		if err := rows.Scan(&inRecord, &atIngest, &kind); err != nil {
			return nil, err
		}
		switch {
		case inRecord != nil:
			q, err := query.Quote(*inRecord)
			if err != nil {
				continue
			}
			groups = append(groups, LogGroup{Name: *inRecord, Table: "cwl_events", where: `log_group = ` + q})
		case atIngest != nil:
			q, err := query.Quote(*atIngest)
			if err != nil {
				continue
			}
			groups = append(groups, LogGroup{Name: *atIngest, Table: "cwl_events",
				where: `log_group IS NULL AND _file IN (SELECT id FROM _evidence WHERE log_group = ` + q + `)`})
		case kind != nil && defaultCWLGroups[*kind] != "":
			groups = append(groups, LogGroup{Name: defaultCWLGroups[*kind], Table: "cwl_events",
				where: `log_group IS NULL AND _file IN (SELECT id FROM _evidence WHERE log_group IS NULL) AND kind = ` + query.MustQuote(*kind)})
		}
	}
	return groups, rows.Err()
}

// mergeGroups joins entries of the same name and table (a group named at
// ingest and inside records) and sorts by name.
func mergeGroups(groups []LogGroup) []LogGroup {
	index := map[string]int{}
	var out []LogGroup
	for _, g := range groups {
		key := g.Name + "\x00" + g.Table
		if i, ok := index[key]; ok {
			out[i].where = "(" + out[i].where + ") OR (" + g.where + ")"
			continue
		}
		index[key] = len(out)
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Table < out[j].Table
	})
	return out
}

// InsightsSource resolves log-group names (or ARNs) to what Logs Insights
// queries: one case table restricted to those groups' records. An unknown
// name is an error that lists the groups the case has.
func (b *Backend) InsightsSource(ctx context.Context, names []string) (insights.Source, error) {
	groups, err := b.LogGroups(ctx)
	if err != nil {
		return insights.Source{}, err
	}
	var table string
	var wheres []string
	for _, name := range names {
		name = groupNameFromARN(name)
		found := false
		for _, g := range groups {
			if g.Name != name {
				continue
			}
			if table != "" && g.Table != table {
				return insights.Source{}, &Error{Code: "InvalidParameterException", Status: 400,
					Message: fmt.Sprintf("log groups %s hold both %s and %s records; query them one table at a time", strings.Join(names, ", "), table, g.Table)}
			}
			table = g.Table
			wheres = append(wheres, "("+g.where+")")
			found = true
		}
		if !found {
			return insights.Source{}, &Error{Code: "ResourceNotFoundException", Status: 400,
				Message: fmt.Sprintf("Log group '%s' does not exist in this case. Log groups: %s", name, groupNames(groups))}
		}
	}
	if table == "" {
		return insights.Source{}, &Error{Code: "InvalidParameterException", Status: 400, Message: "Specify at least one log group."}
	}
	where := strings.Join(wheres, " OR ")
	switch table {
	case "cloudtrail":
		return insights.CloudTrailSource(where), nil
	case "cwl_events":
		return cwlogs.CWLEventsSource(where), nil
	}
	return insights.FlowLogsSource(where), nil
}

func groupNames(groups []LogGroup) string {
	if len(groups) == 0 {
		return "none (ingest CloudTrail, VPC flow logs or CloudWatch Logs exports first)"
	}
	var names []string
	for _, g := range groups {
		names = append(names, g.Name+" ("+g.Table+")")
	}
	return strings.Join(names, ", ")
}

// groupNameFromARN accepts arn:aws:logs:region:account:log-group:NAME[:*]
// where a name is expected, as the service does for identifiers.
func groupNameFromARN(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return s
	}
	_, rest, ok := strings.Cut(s, ":log-group:")
	if !ok {
		return s
	}
	return strings.TrimSuffix(rest, ":*")
}
