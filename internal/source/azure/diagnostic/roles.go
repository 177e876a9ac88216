package diagnostic

import "github.com/cloudhunt/cloudhunt/internal/source/azure"

// roleAssignment maps one entry of `az role assignment list` onto
// AzureRoleAssignments, whose columns are the CLI's own keys. The REST
// API's shape nests most of them under "properties"; both are read.
func roleAssignment(o object) *row {
	r := newRow(azure.AzureRoleAssignments, "createdOn")
	r.fill(o)
	r.fill(o.obj("properties"))
	return r
}
