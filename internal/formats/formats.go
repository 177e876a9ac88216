// Package formats is the list of every evidence format and table cloudhunt
// knows. Adding a log source means adding it here.
package formats

import (
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/awsconfig"
	"github.com/cloudhunt/cloudhunt/internal/source/awsfindings"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/diagnostic"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/laexport"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/linuxauth"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/msgtrace"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/nsgflow"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/cwlogs"
	"github.com/cloudhunt/cloudhunt/internal/source/s3access"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

// Tables lists every case table.
func Tables() []*source.Table {
	tables := []*source.Table{cloudtrail.Table, vpcflow.Table}
	tables = append(tables, awsconfig.Tables...)
	tables = append(tables, awsfindings.Tables...)
	tables = append(tables, cwlogs.Table, s3access.Table)
	// The Azure tables exist in every case so that the playbook's KQL
	// compiles against them; Azure evidence fills them.
	tables = append(tables, azure.Tables...)
	return append(tables, msgtrace.Tables...)
}

// All lists every format, in the order they are tried when sniffing: the
// most specific shapes first.
func All() []source.Format {
	var all []source.Format
	all = append(all, cloudtrail.Formats...)
	all = append(all, vpcflow.Formats...)
	all = append(all, awsconfig.Formats...)
	all = append(all, awsfindings.Formats...)
	// Any other CloudWatch Logs group: after the CloudTrail and flow-log
	// readers of the same export shapes.
	all = append(all, cwlogs.Formats...)
	all = append(all, s3access.Formats...)
	// Flow-log blobs are diagnostic records of a particular category: their
	// format goes before the general diagnostic-settings one.
	all = append(all, nsgflow.Formats...)
	all = append(all, diagnostic.Formats...)
	// Log Analytics exports (rows, API responses, portal CSV) are the most
	// general shapes: after every format with a more specific signature.
	all = append(all, msgtrace.Formats...) // CSV with known headers: before laexport's any-CSV
	all = append(all, laexport.Formats...)
	all = append(all, linuxauth.Formats...)
	return all
}

// Skips lists the files known to hold nothing to load.
func Skips() []source.Skip {
	var all []source.Skip
	all = append(all, cloudtrail.Skips...)
	all = append(all, awsconfig.Skips...)
	all = append(all, awsfindings.Skips...)
	return all
}
