package laexport

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// commonColumns (lower-cased) are columns every Log Analytics table has, or
// that the tools add (TableName): they say nothing about which table a file
// holds, so the column-shape guess leaves them out.
var commonColumns = map[string]bool{
	"tablename": true, "type": true, "tenantid": true, "sourcesystem": true,
	"timegenerated": true, "computer": true, "mg": true, "managementgroupname": true,
	"_resourceid": true, "_subscriptionid": true, "_billedsize": true, "_isbillable": true,
	"_itemid": true, "_timereceived": true, "_internal_workspaceresourceid": true,
}

// tableNamed is the Azure table called name: spelled exactly, else ignoring
// case; nil when there is none.
func tableNamed(name string) *source.Table {
	for _, t := range azure.Tables {
		if t.Name == name {
			return t
		}
	}
	for _, t := range azure.Tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// tableInPath is the table whose name the file's name contains
// ("SigninLogs_2024-03-08.csv", "query_data-AzureActivity.json"): the
// longest such name spelled exactly, else the longest ignoring case.
func tableInPath(path string) *source.Table {
	base := filepath.Base(filepath.ToSlash(path))
	if i := strings.LastIndexByte(base, '\\'); i >= 0 {
		base = base[i+1:] // a Windows path read on another system
	}
	var exact, folded *source.Table
	lower := strings.ToLower(base)
	for _, t := range azure.Tables {
		if strings.Contains(base, t.Name) && (exact == nil || len(t.Name) > len(exact.Name)) {
			exact = t
		}
		if strings.Contains(lower, strings.ToLower(t.Name)) && (folded == nil || len(t.Name) > len(folded.Name)) {
			folded = t
		}
	}
	if exact != nil {
		return exact
	}
	return folded
}

// shapeMatch is what the column-shape guess found.
type shapeMatch struct {
	table      *source.Table   // nil when no table fits
	matched    int             // file columns the table has
	considered int             // file columns that tell tables apart
	ties       []*source.Table // tables that fit as well as the best
}

// tableByShape guesses the table from a file's columns: the table that has
// the most of them, when it has at least 80% of those that tell tables
// apart and no other table has as many.
func tableByShape(columns []string) shapeMatch {
	var cols []string
	seen := map[string]bool{}
	for _, c := range columns {
		lc := strings.ToLower(c)
		if !commonColumns[lc] && !seen[lc] {
			seen[lc] = true
			cols = append(cols, lc)
		}
	}
	m := shapeMatch{considered: len(cols)}
	if len(cols) == 0 {
		return m
	}
	var best []*source.Table
	for _, t := range azure.Tables {
		n := 0
		idx := indexOf(t)
		for _, c := range cols {
			if _, ok := idx.folded[c]; ok {
				n++
			}
		}
		switch {
		case n > m.matched:
			m.matched, best = n, []*source.Table{t}
		case n == m.matched && n > 0:
			best = append(best, t)
		}
	}
	if m.matched*5 < len(cols)*4 { // under 80%
		return m
	}
	if len(best) > 1 {
		m.ties = best
		return m
	}
	if len(best) == 1 {
		m.table = best[0]
	}
	return m
}

// unknownTableReason is the skip reason for an export whose table is not
// known, listing some of its columns.
func unknownTableReason(columns []string, m shapeMatch) string {
	const show = 8
	var list []string
	for _, c := range columns {
		if c != "TableName" { // az's, in every output
			list = append(list, c)
		}
	}
	more := ""
	if len(list) > show {
		list, more = list[:show], " …"
	}
	fits := ""
	if len(m.ties) > 1 {
		names := make([]string, len(m.ties))
		for i, t := range m.ties {
			names[i] = t.Name
		}
		fits = "; its columns fit " + strings.Join(names, ", ") + " equally"
	}
	return fmt.Sprintf("Log Analytics export of an unknown table (columns: %s%s%s); name it with ingest --table",
		strings.Join(list, ", "), more, fits)
}

// columnIndex finds a table's columns by name: exactly, else ignoring case
// (DuckDB column names ignore case, so a table has no two that differ only
// in case).
type columnIndex struct {
	exact  map[string]int
	folded map[string]int // by lower-cased name
}

var indexes = func() map[*source.Table]*columnIndex {
	m := map[*source.Table]*columnIndex{}
	for _, t := range azure.Tables {
		idx := &columnIndex{exact: map[string]int{}, folded: map[string]int{}}
		for i, c := range t.Columns {
			idx.exact[c.Name] = i
			idx.folded[strings.ToLower(c.Name)] = i
		}
		m[t] = idx
	}
	return m
}()

func indexOf(t *source.Table) *columnIndex { return indexes[t] }

// find is the position of the named column, or -1.
func (x *columnIndex) find(name string) int {
	if i, ok := x.exact[name]; ok {
		return i
	}
	if i, ok := x.folded[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}
