// Package hunts holds the hunts of the playbook as data: one YAML file per
// hunt, hunts/<cloud>/<id>.yaml, embedded in the binary. Package
// internal/hunt loads and checks them; docs/HUNTS.md says what each finds.
//
// A hunt file has these fields (all required unless marked optional):
//
//	id:          stable id, lower-case words joined by '-'; the file's name
//	title:       the playbook's title (typos fixed here only)
//	attack:      ATT&CK technique ids, e.g. [T1562.008]; [] for [No TTP]
//	cloud:       aws | azure | gcp; the file's folder
//	area:        host | network, the playbook's heading
//	severity:    info | low | medium | high | critical
//	description: what it finds and why that matters
//	sources:     case tables the detection reads, e.g. [cloudtrail]
//	key:         the result columns that identify a finding
//	params:      optional; values the user may change with --param name=value
//	  - name:        lower_case_with_underscores (not since/until)
//	    type:        string | int | real | strings | ints
//	    default:     a value of that type ("i-", 22, 0.2, [a, b], [1, 2])
//	    description: what it changes
//	detection:
//	  lang:  sql (DuckDB SQL), kql (Kusto, as Log Analytics runs it) or
//	         console (no query: the steps are console clicks; no sources,
//	         key or params then)
//	  query: its rows are the findings. In SQL, values come in only as bound
//	         parameters: $since and $until (TIMESTAMP, always), and $name for
//	         each param; list params are written $name::VARCHAR[] or
//	         $name::BIGINT[] so that they bind as that type. In KQL they are
//	         names set by let statements put before the query: since, until
//	         (datetime) and each param (lists are dynamic arrays: x in (name)).
//	procedures:  the playbook's numbered steps for the hunt, as written
//	  - kind:     cli | insights | athena | kql | jq | console
//	    text:     the step's sentence
//	    commands: optional for console steps; each command line or query
//
// Unknown fields are errors, and a test loads every file, so a hunt that
// does not check out fails the build's tests rather than a user's run.
package hunts

import "embed"

// FS holds every hunt file. It is read-only, like all embedded files.
//
//go:embed aws/*.yaml azure/*.yaml
var FS embed.FS
