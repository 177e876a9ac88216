// Package formats is the list of every evidence format and table cloudhunt
// knows. Adding a log source means adding it here.
package formats

import (
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/diagnostic"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/laexport"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/linuxauth"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/nsgflow"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

// Tables lists every case table.
func Tables() []*source.Table {
	tables := []*source.Table{cloudtrail.Table, vpcflow.Table}
	// The Azure tables exist in every case so that the playbook's KQL
	// compiles against them; Azure evidence fills them.
	return append(tables, azure.Tables...)
}

// All lists every format, in the order they are tried when sniffing: the
// most specific shapes first.
func All() []source.Format {
	var all []source.Format
	all = append(all, cloudtrail.Formats...)
	all = append(all, vpcflow.Formats...)
	// Flow-log blobs are diagnostic records of a particular category: their
	// format goes before the general diagnostic-settings one.
	all = append(all, nsgflow.Formats...)
	all = append(all, diagnostic.Formats...)
	// Log Analytics exports (rows, API responses, portal CSV) are the most
	// general shapes: after every format with a more specific signature.
	all = append(all, laexport.Formats...)
	all = append(all, linuxauth.Formats...)
	return all
}

// Skips lists the files known to hold nothing to load.
func Skips() []source.Skip {
	var all []source.Skip
	all = append(all, cloudtrail.Skips...)
	return all
}
