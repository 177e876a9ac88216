// Package hunt loads the playbook's hunts (YAML files embedded from the
// hunts/ folder), selects them by id, ATT&CK technique, cloud or area, and
// runs their detection queries over a case.
//
// A hunt is data: its detection query is DuckDB SQL or KQL over the case
// tables, and the values a user can change are declared parameters: bound
// by name ($name) in SQL, given to KQL as let statements written as quoted
// literals, never pasted into the query as text. Every query also gets
// since and until, the time window, which by default is the whole time
// range of the hunt's sources in the case (evidence is old: nothing is
// relative to the wall clock). A hunt the playbook can only carry out in a
// web console has no query at all (lang console).
package hunt

import "strings"

// Hunt is one hunt of the playbook.
type Hunt struct {
	ID          string      `yaml:"id"`          // stable, e.g. aws-stoplogging
	Title       string      `yaml:"title"`       // the playbook's title
	Attack      []string    `yaml:"attack"`      // ATT&CK technique ids; empty for [No TTP]
	Cloud       string      `yaml:"cloud"`       // aws, azure
	Area        string      `yaml:"area"`        // host or network: the playbook's heading
	Severity    string      `yaml:"severity"`    // info, low, medium, high, critical
	Description string      `yaml:"description"` // what it finds and why that matters
	Sources     []string    `yaml:"sources"`     // case tables the detection reads
	Key         []string    `yaml:"key"`         // columns that identify a finding
	Params      []Param     `yaml:"-"`           // decoded by loadFile, which types the defaults
	Detection   Detection   `yaml:"detection"`
	Procedures  []Procedure `yaml:"procedures"`

	// File is where the hunt was loaded from, for messages.
	File string `yaml:"-"`
}

// Param is a value of the detection query the user may change with
// --param name=value.
type Param struct {
	Name        string
	Description string
	Type        ParamType
	// Default is the value when the user gives none: a string, int64,
	// []string or []int64 as Type says. Load checks and converts it.
	Default any
}

// ConsoleOnly reports whether the hunt has no detection query: its
// procedures are steps in a web console that no exported log records.
func (h *Hunt) ConsoleOnly() bool {
	return h.Detection.Lang == LangConsole
}

// ParamType is the type of a parameter's value.
type ParamType string

// The parameter types. Lists are given on the command line as
// comma-separated values and bound as DuckDB lists.
const (
	TypeString  ParamType = "string"  // Go string, DuckDB VARCHAR
	TypeInt     ParamType = "int"     // Go int64, DuckDB BIGINT
	TypeStrings ParamType = "strings" // Go []string, DuckDB VARCHAR[]
	TypeInts    ParamType = "ints"    // Go []int64, DuckDB BIGINT[]
	TypeReal    ParamType = "real"    // Go float64, DuckDB DOUBLE, KQL real
)

// Detection is the query whose rows are the hunt's findings.
type Detection struct {
	Lang  string `yaml:"lang"`  // LangSQL, LangKQL or LangConsole
	Query string `yaml:"query"` // empty for LangConsole
}

// The detection languages.
const (
	LangSQL     = "sql"     // DuckDB SQL; params bound as $name
	LangKQL     = "kql"     // KQL (internal/query/kql); params arrive as let statements
	LangConsole = "console" // no query: the playbook's steps are console clicks
)

// Procedure is one numbered step of the playbook for this hunt, kept as
// written (typos included).
type Procedure struct {
	Kind ProcedureKind `yaml:"kind"`
	// Text is the step as the playbook words it.
	Text string `yaml:"text"`
	// Commands are the command lines (kind cli) or the query (insights,
	// athena, kql, jq) the step gives, each as written; none for console
	// steps.
	Commands []string `yaml:"commands"`
}

// ProcedureKind says how a procedure is carried out.
type ProcedureKind string

// The procedure kinds.
const (
	KindCLI      ProcedureKind = "cli"      // shell command lines (aws, az, jq pipelines)
	KindInsights ProcedureKind = "insights" // a CloudWatch Logs Insights query
	KindAthena   ProcedureKind = "athena"   // an Athena SQL query
	KindKQL      ProcedureKind = "kql"      // a Kusto query for Log Analytics
	KindJQ       ProcedureKind = "jq"       // a jq filter over CLI output
	KindConsole  ProcedureKind = "console"  // steps in a web console
)

// HasAttack reports whether the hunt is tagged with technique id, or with a
// sub-technique of it: T1562 matches T1562.008, but T1562.008 does not match
// T1562.
func (h *Hunt) HasAttack(id string) bool {
	for _, a := range h.Attack {
		if strings.EqualFold(a, id) || (len(a) > len(id) && strings.EqualFold(a[:len(id)], id) && a[len(id)] == '.') {
			return true
		}
	}
	return false
}

// Param returns the named parameter, or nil.
func (h *Hunt) Param(name string) *Param {
	for i := range h.Params {
		if h.Params[i].Name == name {
			return &h.Params[i]
		}
	}
	return nil
}

// ParamNames lists the hunt's parameter names in declared order.
func (h *Hunt) ParamNames() []string {
	names := make([]string, len(h.Params))
	for i, p := range h.Params {
		names[i] = p.Name
	}
	return names
}
