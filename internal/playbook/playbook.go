// Package playbook reads the hunting playbook (CloudThreatHunting.md, kept
// here word for word) into its hunts, procedures, queries and CLI lines, so
// that tests can run every query and command it holds exactly as written.
package playbook

import (
	_ "embed"
	"regexp"
	"strings"
)

// Text is the playbook as it was handed over.
//
//go:embed CloudThreatHunting.md
var Text string

// Hunt is one ### section.
type Hunt struct {
	Cloud      string // AWS or Azure
	Area       string // Host or Network
	Title      string
	Attack     []string // technique ids; empty for [No TTP]
	Line       int
	Procedures []Procedure
}

// Procedure is one numbered step.
type Procedure struct {
	Text     string
	Queries  []Query  // "Query to use/run: …" lines
	Commands []string // shell command lines, as written
}

// Query is one query line with the language it is written in.
type Query struct {
	Lang string // kql, insights, athena
	Text string
	Line int
}

var (
	huntHeading = regexp.MustCompile(`^### (.+?)\s*$`)
	techniqueID = regexp.MustCompile(`\bT\d{4}(?:\.\d{3})?\b`)
	stepLine    = regexp.MustCompile(`^\s+\d+\.\s+(.*)$`)
	bulletLine  = regexp.MustCompile(`^\s+•\s+(.*)$`)
	queryLabel  = regexp.MustCompile(`^Query to (?:use|run):\s*(.+)$`)
	commandLine = regexp.MustCompile(`^(?:Command|Commands) to (?:use|run)(?: is)?:?\s*(.*)$`)
)

// Parse reads the playbook text.
func Parse(text string) []Hunt {
	var hunts []Hunt
	cloud, area := "", ""
	var h *Hunt
	inCommands := false
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		switch {
		case strings.HasPrefix(line, "# "):
			cloud = strings.TrimSpace(line[2:])
			continue
		case strings.HasPrefix(line, "## "):
			area = strings.TrimSpace(line[3:])
			continue
		}
		if cloud != "AWS" && cloud != "Azure" {
			continue
		}
		if m := huntHeading.FindStringSubmatch(line); m != nil {
			hunts = append(hunts, Hunt{Cloud: cloud, Area: area, Line: n, Attack: techniqueID.FindAllString(m[1], -1),
				Title: strings.TrimSpace(strings.TrimRight(techniqueID.ReplaceAllString(strings.ReplaceAll(m[1], "[No TTP]", ""), ""), ". "))})
			h = &hunts[len(hunts)-1]
			inCommands = false
			continue
		}
		if h == nil {
			continue
		}
		body := ""
		if m := bulletLine.FindStringSubmatch(line); m != nil {
			body = m[1]
		} else if m := stepLine.FindStringSubmatch(line); m != nil {
			if indent := len(line) - len(strings.TrimLeft(line, " ")); indent <= 2 {
				h.Procedures = append(h.Procedures, Procedure{Text: m[1]})
				inCommands = false
				continue
			}
			body = m[1] // a numbered sub-step holds a command
		} else {
			continue
		}
		if len(h.Procedures) == 0 {
			continue
		}
		p := &h.Procedures[len(h.Procedures)-1]
		if m := queryLabel.FindStringSubmatch(body); m != nil {
			p.Queries = append(p.Queries, Query{Lang: queryLang(cloud, m[1]), Text: m[1], Line: n})
			inCommands = false
			continue
		}
		if strings.HasPrefix(body, "Queries to run") {
			inCommands = true // the bullets below are queries
			continue
		}
		if m := commandLine.FindStringSubmatch(body); m != nil {
			switch {
			case m[1] == "":
			case isQueryText(cloud, m[1]):
				// "Command to run: SigninLogs | …" is a query in the portal.
				p.Queries = append(p.Queries, Query{Lang: queryLang(cloud, m[1]), Text: m[1], Line: n})
			default:
				p.Commands = append(p.Commands, m[1])
			}
			inCommands = true
			continue
		}
		if inCommands {
			if isQueryText(cloud, body) {
				p.Queries = append(p.Queries, Query{Lang: queryLang(cloud, body), Text: body, Line: n})
			} else {
				p.Commands = append(p.Commands, body)
			}
		}
	}
	return hunts
}

// queryLang says which language a query line is in: KQL for Azure, Athena
// SQL for a SELECT, else Logs Insights.
func queryLang(cloud, q string) string {
	switch {
	case cloud == "Azure":
		return "kql"
	case strings.HasPrefix(strings.ToUpper(strings.TrimSpace(q)), "SELECT"):
		return "athena"
	}
	return "insights"
}

// isQueryText tells a bare query bullet (under "Queries to run") from a
// shell command.
func isQueryText(cloud, s string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if first == "aws" || first == "az" || strings.Contains(first, "=$(") {
		return false
	}
	return cloud == "Azure"
}
