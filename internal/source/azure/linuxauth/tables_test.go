package linuxauth

import (
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

// caseTables are the tables of every case (internal/formats.Tables, which
// this package's tests cannot import: formats imports this package).
func caseTables() []*source.Table {
	return append([]*source.Table{cloudtrail.Table, vpcflow.Table}, azure.Tables...)
}
