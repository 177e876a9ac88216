package hunt

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cloudhunt/cloudhunt/hunts"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Catalog is every hunt cloudhunt knows, checked and in a fixed order: by
// cloud, then host hunts before network hunts (the playbook's order of
// headings), then by id.
type Catalog struct {
	hunts []*Hunt
}

// Builtin loads the hunts embedded in the binary. tables are the case
// tables (formats.Tables()); a hunt may only read those.
func Builtin(tables []*source.Table) (*Catalog, error) {
	return Load(hunts.FS, tables)
}

// Load reads every *.yaml file of fsys as a hunt and checks them all. The
// error lists every problem found, not just the first, with the file each
// comes from.
func Load(fsys fs.FS, tables []*source.Table) (*Catalog, error) {
	var list []*Hunt
	var errs []error
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(name) != ".yaml" {
			return nil
		}
		h, err := loadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		list = append(list, h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read hunts: %w", err)
	}
	for _, h := range list {
		errs = append(errs, checkHunt(h, tables)...)
	}
	errs = append(errs, checkCatalog(list)...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid hunts:\n%w", errors.Join(errs...))
	}
	slices.SortFunc(list, func(a, b *Hunt) int {
		if c := strings.Compare(a.Cloud, b.Cloud); c != 0 {
			return c
		}
		if c := strings.Compare(a.Area, b.Area); c != 0 {
			return c // "host" < "network"
		}
		return strings.Compare(a.ID, b.ID)
	})
	return &Catalog{hunts: list}, nil
}

// Hunts lists every hunt in catalog order. The slice is the caller's.
func (c *Catalog) Hunts() []*Hunt {
	return slices.Clone(c.hunts)
}

// Hunt returns the hunt with this id, or nil.
func (c *Catalog) Hunt(id string) *Hunt {
	for _, h := range c.hunts {
		if h.ID == id {
			return h
		}
	}
	return nil
}

// loadFile decodes one hunt. Unknown fields are errors, so a misspelt
// field name cannot silently drop a part of a hunt.
func loadFile(fsys fs.FS, name string) (*Hunt, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var file struct {
		Hunt   `yaml:",inline"`
		Params []struct {
			Name        string    `yaml:"name"`
			Description string    `yaml:"description"`
			Type        ParamType `yaml:"type"`
			Default     yaml.Node `yaml:"default"`
		} `yaml:"params"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	h := file.Hunt
	h.File = name
	h.Params = nil
	for _, p := range file.Params {
		def, err := decodeDefault(p.Type, &p.Default)
		if err != nil {
			return nil, fmt.Errorf("%s: param %s: default: %w", name, p.Name, err)
		}
		h.Params = append(h.Params, Param{Name: p.Name, Description: p.Description, Type: p.Type, Default: def})
	}
	return &h, nil
}

// decodeDefault converts a parameter's YAML default to its Go type. YAML's
// own tags decide: `default: 22` for a string parameter is an error rather
// than the string "22", since that is most likely a mistake.
func decodeDefault(t ParamType, n *yaml.Node) (any, error) {
	if n.Kind == 0 {
		return nil, errors.New("missing")
	}
	scalar := func(n *yaml.Node, tag string) error {
		if n.Kind != yaml.ScalarNode || n.Tag != tag {
			return fmt.Errorf("want a %s, got %q", strings.TrimPrefix(tag, "!!"), n.Value)
		}
		return nil
	}
	switch t {
	case TypeString:
		if err := scalar(n, "!!str"); err != nil {
			return nil, err
		}
		return n.Value, nil
	case TypeInt:
		if err := scalar(n, "!!int"); err != nil {
			return nil, err
		}
		var v int64
		err := n.Decode(&v)
		return v, err
	case TypeReal:
		// A whole number is a fine real: `default: 1` for a ratio.
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!float" && n.Tag != "!!int") {
			return nil, fmt.Errorf("want a number, got %q", n.Value)
		}
		return parseReal(n.Value)
	case TypeStrings, TypeInts:
		if n.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("want a list for type %s", t)
		}
		strs := []string{}
		ints := []int64{}
		for _, e := range n.Content {
			if t == TypeStrings {
				if err := scalar(e, "!!str"); err != nil {
					return nil, err
				}
				strs = append(strs, e.Value)
				continue
			}
			if err := scalar(e, "!!int"); err != nil {
				return nil, err
			}
			var v int64
			if err := e.Decode(&v); err != nil {
				return nil, err
			}
			ints = append(ints, v)
		}
		if t == TypeStrings {
			return strs, nil
		}
		return ints, nil
	}
	return nil, fmt.Errorf("unknown type %q (want string, int, real, strings or ints)", t)
}

// The values a hunt's fields may take.
var (
	clouds     = []string{"aws", "azure", "gcp"}
	areas      = []string{"host", "network"}
	severities = []string{"info", "low", "medium", "high", "critical"}
	kinds      = []ProcedureKind{KindCLI, KindInsights, KindAthena, KindKQL, KindJQ, KindConsole}

	idPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	attackPattern = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)
	namePattern   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// listCast is the cast a list parameter must carry in a query.
var listCast = map[ParamType]string{TypeStrings: "VARCHAR[]", TypeInts: "BIGINT[]"}

// The window parameters every detection query gets.
const (
	ParamSince = "since"
	ParamUntil = "until"
)

// checkHunt returns every problem of one hunt.
func checkHunt(h *Hunt, tables []*source.Table) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", h.File, fmt.Sprintf(format, args...)))
	}
	required := map[string]string{"id": h.ID, "title": h.Title, "description": h.Description}
	for _, field := range []string{"id", "title", "description"} {
		if strings.TrimSpace(required[field]) == "" {
			bad("%s is required", field)
		}
	}
	if h.ID != "" && !idPattern.MatchString(h.ID) {
		bad("id %q: use lower-case words joined by '-'", h.ID)
	}
	// The file name is the id, inside a folder named after the cloud, so
	// that a hunt is found where its id says.
	if want := h.Cloud + "/" + h.ID + ".yaml"; h.ID != "" && h.File != want && !strings.HasSuffix(h.File, "/"+want) {
		bad("file should be %s", want)
	}
	for _, a := range h.Attack {
		if !attackPattern.MatchString(a) {
			bad("attack %q is not an ATT&CK technique id (T1234 or T1234.567)", a)
		}
	}
	if !slices.Contains(clouds, h.Cloud) {
		bad("cloud %q: want one of %s", h.Cloud, strings.Join(clouds, ", "))
	}
	if !slices.Contains(areas, h.Area) {
		bad("area %q: want one of %s", h.Area, strings.Join(areas, ", "))
	}
	if !slices.Contains(severities, h.Severity) {
		bad("severity %q: want one of %s", h.Severity, strings.Join(severities, ", "))
	}
	// A console-only hunt reads no table and reports no rows, so it has
	// neither sources nor key; every other hunt needs both.
	if len(h.Sources) == 0 && !h.ConsoleOnly() {
		bad("sources: name the case tables the hunt reads")
	}
	for _, s := range h.Sources {
		if tableNamed(tables, s) == nil {
			bad("source %q is not a case table (%s)", s, tableNames(tables))
		}
	}
	if len(h.Key) == 0 && !h.ConsoleOnly() {
		bad("key: name the columns that identify a finding")
	}

	seen := map[string]bool{}
	for _, p := range h.Params {
		switch {
		case !namePattern.MatchString(p.Name):
			bad("param %q: use lower_case_with_underscores", p.Name)
		case p.Name == ParamSince || p.Name == ParamUntil:
			bad("param %q is given to every hunt; do not declare it", p.Name)
		case seen[p.Name]:
			bad("param %q declared twice", p.Name)
		}
		seen[p.Name] = true
		if strings.TrimSpace(p.Description) == "" {
			bad("param %q needs a description", p.Name)
		}
	}

	switch h.Detection.Lang {
	case LangSQL:
		for _, msg := range checkSQL(h) {
			bad("%s", msg)
		}
	case LangKQL:
		for _, msg := range checkKQL(h, tables) {
			bad("%s", msg)
		}
	case LangConsole:
		if strings.TrimSpace(h.Detection.Query) != "" {
			bad("detection.query: a console hunt has no query (use lang kql or sql)")
		}
		if len(h.Params) > 0 {
			bad("params: a console hunt has no query to take them")
		}
		if len(h.Key) > 0 {
			bad("key: a console hunt reports no rows")
		}
	default:
		bad("detection.lang %q: want %s, %s or %s", h.Detection.Lang, LangSQL, LangKQL, LangConsole)
	}

	if len(h.Procedures) == 0 {
		bad("procedures: keep the playbook's steps")
	}
	for i, p := range h.Procedures {
		if !slices.Contains(kinds, p.Kind) {
			bad("procedures[%d]: kind %q: want one of cli, insights, athena, kql, jq, console", i, p.Kind)
		}
		if strings.TrimSpace(p.Text) == "" {
			bad("procedures[%d]: text is required", i)
		}
		if p.Kind != KindConsole && len(p.Commands) == 0 {
			bad("procedures[%d]: a %s step needs its commands", i, p.Kind)
		}
	}
	return errs
}

// checkSQL returns the problems of a DuckDB SQL detection.
func checkSQL(h *Hunt) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(h.Detection.Query) == "" {
		bad("detection.query is required")
	}
	used := queryParams(h.Detection.Query)
	for _, name := range used {
		if name != ParamSince && name != ParamUntil && h.Param(name) == nil {
			bad("detection.query uses $%s, which is not a declared param", name)
		}
	}
	// A window the query ignores would make --since/--until lie, and a
	// declared param the query ignores would make --param lie.
	for _, name := range append([]string{ParamSince, ParamUntil}, h.ParamNames()...) {
		if !slices.Contains(used, name) {
			bad("detection.query never uses $%s", name)
		}
	}

	// List values are bound as DuckDB lists, whose type DuckDB would
	// otherwise guess from the query (INTEGER[] next to an INTEGER column),
	// and duckdb-go cannot bind a Go []int64 as INTEGER[]. The query must
	// therefore say the list's type where it uses it.
	for _, u := range paramUses(h.Detection.Query) {
		p := h.Param(u.Name)
		if p == nil {
			continue
		}
		if want := listCast[p.Type]; want != "" && u.Cast != want {
			bad("detection.query: write the list param as $%s::%s so that it binds as that type", u.Name, want)
		}
	}
	return errs
}

// checkCatalog returns the problems between hunts: a duplicated id, or a
// parameter name with different types in different hunts (--param name=v
// applies to every selected hunt that has it, so it must mean one thing).
func checkCatalog(list []*Hunt) []error {
	var errs []error
	ids := map[string]string{}
	types := map[string]*Hunt{}
	for _, h := range list {
		if other, ok := ids[h.ID]; ok {
			errs = append(errs, fmt.Errorf("%s: id %s is already used by %s", h.File, h.ID, other))
		}
		ids[h.ID] = h.File
		for _, p := range h.Params {
			other, ok := types[p.Name]
			if !ok {
				types[p.Name] = h
				continue
			}
			if op := other.Param(p.Name); op.Type != p.Type {
				errs = append(errs, fmt.Errorf("%s: param %s is of type %s here but %s in %s", h.File, p.Name, p.Type, op.Type, other.ID))
			}
		}
	}
	return errs
}

func tableNamed(tables []*source.Table, name string) *source.Table {
	for _, t := range tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func tableNames(tables []*source.Table) string {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// paramUse is one $name in a query, with the cast written right after
// it, if any ("::BIGINT[]").
type paramUse struct {
	Name string
	Cast string
}

// castPattern matches a cast written right after a parameter.
var castPattern = regexp.MustCompile(`^\s*::\s*([A-Za-z]+(\[\])?)`)

// paramUses lists every $name parameter of a query in order. Text inside
// quotes and comments is skipped: '$.a.b' is a JSON path, not a parameter.
func paramUses(q string) []paramUse {
	var uses []paramUse
	for i := 0; i < len(q); i++ {
		switch {
		case q[i] == '\'' || q[i] == '"':
			// A quoted string or identifier; a doubled quote is an
			// escaped one and simply restarts the skip.
			end := strings.IndexByte(q[i+1:], q[i])
			if end < 0 {
				return uses
			}
			i += end + 1
		case strings.HasPrefix(q[i:], "--"):
			end := strings.IndexByte(q[i:], '\n')
			if end < 0 {
				return uses
			}
			i += end
		case strings.HasPrefix(q[i:], "/*"):
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				return uses
			}
			i += end + 3
		case q[i] == '$':
			j := i + 1
			for j < len(q) && (q[j] == '_' || q[j] >= 'a' && q[j] <= 'z' || q[j] >= 'A' && q[j] <= 'Z' || q[j] >= '0' && q[j] <= '9') {
				j++
			}
			if j > i+1 {
				use := paramUse{Name: q[i+1 : j]}
				if m := castPattern.FindStringSubmatch(q[j:]); m != nil {
					use.Cast = strings.ToUpper(m[1])
				}
				uses = append(uses, use)
			}
			i = j - 1
		}
	}
	return uses
}

// queryParams lists the names of a query's parameters, once each, in order
// of first use.
func queryParams(q string) []string {
	var names []string
	for _, u := range paramUses(q) {
		if !slices.Contains(names, u.Name) {
			names = append(names, u.Name)
		}
	}
	return names
}
