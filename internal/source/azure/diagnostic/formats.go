package diagnostic

import (
	"context"
	"encoding/json"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// format is one of the package's source.Formats.
type format struct {
	name  string
	doc   string
	table *source.Table // nil when the format fills several tables
	sniff func(head []byte) bool
	parse func(ctx context.Context, in source.Input, out source.RowWriter) error
}

// Formats lists the package's formats. Each sniffer claims only its own
// shape (a test checks that no two claim the same file).
var Formats = []source.Format{
	&format{
		name: "azure-diagnostic",
		doc: "Diagnostic settings output to a storage account or Event Hub ({\"records\":[…]} or JSON lines). " +
			"SignInLogs and NonInteractiveUserSignInLogs go to SigninLogs (Log Analytics keeps the latter in " +
			"AADNonInteractiveUserSignInLogs, which the playbook never queries; Category tells them apart), " +
			"ManagedIdentitySignInLogs to AADManagedIdentitySignInLogs, AuditLogs to AuditLogs, the activity " +
			"log's categories to AzureActivity, StorageRead/Write/Delete to the storage table of the resource " +
			"id's service. Records of other categories are rejected; a file of nothing else is skipped.",
		sniff: sniffDiagnostic,
		parse: parseDiagnostic,
	},
	&format{
		name:  "azure-graph",
		doc:   "Microsoft Graph auditLogs/signIns (→ SigninLogs) and auditLogs/directoryAudits (→ AuditLogs) pages.",
		sniff: sniffGraph,
		parse: parseGraph,
	},
	&format{
		name:  "azure-activity-log",
		doc:   "`az monitor activity-log list` output (EventData array) → AzureActivity.",
		table: azure.AzureActivity,
		sniff: sniffActivityLog,
		parse: arrayOf(activityFromEventData),
	},
	&format{
		name:  "azure-role-assignments",
		doc:   "`az role assignment list` output → AzureRoleAssignments.",
		table: azure.AzureRoleAssignments,
		sniff: sniffRoleAssignments,
		parse: arrayOf(roleAssignment),
	},
	&format{
		name: "azure-security-alerts",
		doc: "`az security alert list` output (Defender for Cloud alerts, current and older shapes) → SecurityAlert. " +
			"Entity keys are capitalised as Log Analytics writes them (address → Address).",
		table: azure.SecurityAlert,
		sniff: sniffSecurityAlerts,
		parse: arrayOf(alert),
	},
}

func (f *format) Name() string                        { return f.name }
func (f *format) Table() *source.Table                { return f.table }
func (f *format) Sniff(path string, head []byte) bool { return f.sniff(head) }

// Doc says what the format reads and where it puts it.
func (f *format) Doc() string { return f.doc }

func (f *format) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return f.parse(ctx, in, out)
}

// arrayOf is the parser of a JSON array of entries, each mapped to a row
// by mapEntry. An object wrapping the array in "value" (the REST API's
// answer) is read too.
func arrayOf(mapEntry func(object) *row) func(context.Context, source.Input, source.RowWriter) error {
	return func(ctx context.Context, in source.Input, out source.RowWriter) error {
		return newStream(ctx, in.R).values("value", nil, func(loc source.Location, raw json.RawMessage) error {
			o, ok := parseObject(raw)
			if !ok {
				out.Reject(loc, notObject("the entry", raw))
				return nil
			}
			return mapEntry(o).write(out, loc)
		})
	}
}
