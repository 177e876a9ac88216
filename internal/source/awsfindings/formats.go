package awsfindings

import (
	"context"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// format is one way findings arrive. The formats of one service share its
// parser, which reads every shape of that service's findings; they differ
// in what they claim when sniffing, so each file is named for its shape.
type format struct {
	name     string
	table    *source.Table
	wrappers []string // members a CLI wraps the items in
	handle   handler
}

// Formats lists this package's formats. classify names exactly one (or
// none) for any head, so no two claim the same file.
var Formats = []source.Format{
	&format{"guardduty-findings", GuardDutyTable, []string{"Findings"}, guardDutyRow},
	&format{"guardduty-export", GuardDutyTable, []string{"Findings"}, guardDutyRow},
	&format{"guardduty-eventbridge", GuardDutyTable, []string{"Findings"}, guardDutyRow},
	&format{"macie-findings", MacieTable, []string{"findings"}, macieRow},
	&format{"inspector2-findings", InspectorTable, []string{"findings"}, inspectorRow},
	&format{"cwl-data-protection-audit", DataProtectionTable, nil, auditRow},
}

// Skips are list outputs: ids only, nothing to hunt on. Loading rows with
// just an id would look like evidence while holding none.
var Skips = []source.Skip{
	{
		Name:   "guardduty-list-findings",
		Reason: "aws guardduty list-findings output: finding ids only; ingest `aws guardduty get-findings --finding-ids …` output instead",
		Match:  listOnly("FindingIds"),
	},
	{
		Name:   "guardduty-list-detectors",
		Reason: "aws guardduty list-detectors output: detector ids only, no findings",
		Match:  listOnly("DetectorIds"),
	},
	{
		Name:   "macie-list-findings",
		Reason: "aws macie2 list-findings output: finding ids only; ingest `aws macie2 get-findings --finding-ids …` output instead",
		Match:  listOnly("findingIds"),
	},
}

func (f *format) Name() string         { return f.name }
func (f *format) Table() *source.Table { return f.table }

// Sniff looks at the content only: exports arrive under any name.
func (f *format) Sniff(_ string, head []byte) bool { return classify(head) == f.name }

func (f *format) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parseItems(ctx, in, out, f.wrappers, f.handle)
}
