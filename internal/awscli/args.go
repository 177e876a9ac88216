package awscli

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// Call is a parsed command line.
type Call struct {
	Op *Operation
	// Input is the request as the CLI sends it, keyed by API member in the
	// operation's parameter order. Timestamps are epoch seconds (the JSON
	// protocols' wire form); lists are []any; structures *jsonv.Object.
	Input *jsonv.Object
	// Paging options the CLI adds to paginated operations (0/"" when absent).
	PageSize      int
	MaxItems      int
	StartingToken string
	Globals
}

// Paginate reports whether the CLI follows NextToken itself: it does for
// paginated operations unless --no-paginate or the limit key (e.g.
// --max-results) was given.
func (c *Call) Paginate() bool {
	if c.Op.Paginator == nil || c.NoPaginate {
		return false
	}
	if c.Op.Paginator.LimitKey != "" {
		if _, ok := c.Input.Get(c.Op.Paginator.LimitKey); ok {
			return false
		}
	}
	return true
}

// opOption is one option of the operation's parser.
type opOption struct {
	name  string
	param *Param // nil for the paging options
	neg   bool   // --no-x of a boolean
}

// negativeNumber is argparse's test for an argument that looks like a
// negative number (and so is a value, not an option).
var negativeNumber = regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`)

// Parse reads argv (the words after `aws <service> <operation>`) as the
// CLI does: global options anywhere, then the operation's options, with
// `--opt value`, `--opt=value` and unambiguous prefixes of long options.
// Errors are *Error, carrying the CLI's exact message and exit code.
func Parse(op Operation, args []string) (*Call, error) {
	call := &Call{Op: &op, Input: jsonv.NewObject()}
	call.Color = "auto"
	rest, err := parseGlobals(&call.Globals, args)
	if err != nil {
		return nil, err
	}
	opts := operationOptions(&op)
	values := map[string][]string{} // option name → its words
	seen := map[string]bool{}
	var extras []string
	for i := 0; i < len(rest); i++ {
		tok := rest[i]
		o, explicit, hasExplicit, isOpt, err := matchOption(opts, tok)
		if err != nil {
			return nil, err
		}
		if !isOpt {
			extras = append(extras, tok)
			continue
		}
		if o == nil {
			extras = append(extras, tok)
			continue
		}
		seen[o.name] = true
		switch {
		case o.param != nil && o.param.Type == Boolean:
			if hasExplicit {
				return nil, argError(fmt.Sprintf("argument --%s: ignored explicit argument '%s'", o.name, explicit))
			}
			values[o.name] = nil
		case hasExplicit:
			values[o.name] = []string{explicit}
		case o.param != nil && (o.param.Type == List || o.param.Type == ListOfStructure):
			var words []string
			for i+1 < len(rest) && !looksLikeOption(opts, rest[i+1]) {
				i++
				words = append(words, rest[i])
			}
			if len(words) == 0 {
				// List options take nargs='*': given with no value, the
				// CLI sends nothing for them and runs.
				continue
			}
			values[o.name] = words
		default:
			if i+1 >= len(rest) || looksLikeOption(opts, rest[i+1]) {
				return nil, argError(fmt.Sprintf("argument --%s: expected one argument", o.name))
			}
			i++
			values[o.name] = []string{rest[i]}
		}
	}
	var missing []string
	for _, p := range op.Params {
		if p.Required && !seen[p.Name] {
			missing = append(missing, "--"+p.Name)
		}
	}
	if len(missing) > 0 {
		return nil, argError("the following arguments are required: " + strings.Join(missing, ", "))
	}
	if len(extras) > 0 {
		return nil, &Error{Msg: "Unknown options: " + strings.Join(extras, ", "), Code: ExitClientError, unknown: true}
	}
	return call, call.convert(opts, values)
}

// parseGlobals takes the global options out of args (the CLI's main parser
// runs first over the whole line) and returns the other words.
func parseGlobals(g *Globals, args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		tok := args[i]
		if !strings.HasPrefix(tok, "--") || tok == "--" {
			rest = append(rest, tok)
			continue
		}
		name, explicit, hasExplicit := strings.Cut(tok[2:], "=")
		var matches []*option
		for j := range globalOptions {
			o := &globalOptions[j]
			if o.name == tok[2:] || o.name == name {
				matches = []*option{o}
				hasExplicit = o.name == name && hasExplicit
				break
			}
			if strings.HasPrefix(o.name, name) {
				matches = append(matches, o)
			}
		}
		switch {
		case len(matches) == 0:
			rest = append(rest, tok)
			continue
		case len(matches) > 1:
			names := make([]string, len(matches))
			for j, m := range matches {
				names[j] = "--" + m.name
			}
			return nil, argError(fmt.Sprintf("ambiguous option: %s could match %s", tok, strings.Join(names, ", ")))
		}
		o := matches[0]
		var value string
		switch {
		case o.flag:
			if hasExplicit {
				e := argError(fmt.Sprintf("argument --%s: ignored explicit argument '%s'", o.name, explicit))
				if o.name == "debug" {
					// --debug is read first by a small parser of its own.
					e.usage = "usage: aws [-h] [--profile PROFILE] [--debug]\n"
				}
				return nil, e
			}
		case hasExplicit:
			value = explicit
		default:
			if i+1 >= len(args) || looksLikeGlobalOption(args[i+1]) {
				return nil, argError(fmt.Sprintf("argument --%s: expected one argument", o.name))
			}
			i++
			value = args[i]
		}
		if o.choices != nil && !contains(o.choices, value) {
			return nil, argError(fmt.Sprintf("argument --%s: %s", o.name, invalidChoice(value, o.choices)))
		}
		o.set(g, value)
	}
	return rest, nil
}

// invalidChoice is the CLI's message for a value outside choices: the
// choices two per line, each padded to 40 columns.
func invalidChoice(value string, choices []string) string {
	lines := []string{"Invalid choice, valid choices are:\n"}
	for i := 0; i < len(choices); i += 2 {
		var cells []string
		for _, c := range choices[i:min(i+2, len(choices))] {
			cells = append(cells, fmt.Sprintf("%-40s", c))
		}
		lines = append(lines, strings.Join(cells, " | "))
	}
	return strings.Join(lines, "\n")
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// operationOptions lists the operation parser's options in the CLI's
// order: the input members, then the paging options.
func operationOptions(op *Operation) []opOption {
	var opts []opOption
	for i := range op.Params {
		p := &op.Params[i]
		opts = append(opts, opOption{name: p.Name, param: p})
		if p.Type == Boolean {
			opts = append(opts, opOption{name: "no-" + p.Name, param: p, neg: true})
		}
	}
	opts = append(opts, opOption{name: "cli-input-json"})
	if op.Paginator != nil {
		opts = append(opts, opOption{name: "starting-token"}, opOption{name: "page-size"}, opOption{name: "max-items"})
	}
	opts = append(opts, opOption{name: "generate-cli-skeleton"})
	return opts
}

// matchOption classifies tok as argparse does. isOpt is false for a value
// word; o is nil for an option-looking word the parser does not know.
func matchOption(opts []opOption, tok string) (o *opOption, explicit string, hasExplicit, isOpt bool, err error) {
	if !strings.HasPrefix(tok, "-") || len(tok) < 2 {
		return nil, "", false, false, nil
	}
	for i := range opts {
		if "--"+opts[i].name == tok {
			return &opts[i], "", false, true, nil
		}
	}
	if name, value, ok := strings.Cut(tok, "="); ok {
		for i := range opts {
			if "--"+opts[i].name == name {
				return &opts[i], value, true, true, nil
			}
		}
	}
	if strings.HasPrefix(tok, "--") {
		name, value, ok := strings.Cut(tok[2:], "=")
		var matches []*opOption
		for i := range opts {
			if strings.HasPrefix(opts[i].name, name) {
				matches = append(matches, &opts[i])
			}
		}
		if len(matches) > 1 {
			names := make([]string, len(matches))
			for j, m := range matches {
				names[j] = "--" + m.name
			}
			return nil, "", false, true, argError(fmt.Sprintf("ambiguous option: %s could match %s", tok, strings.Join(names, ", ")))
		}
		if len(matches) == 1 {
			return matches[0], value, ok, true, nil
		}
	}
	if negativeNumber.MatchString(tok) || strings.Contains(tok, " ") {
		return nil, "", false, false, nil
	}
	return nil, "", false, true, nil
}

// looksLikeOption reports whether argparse would refuse tok as a value.
func looksLikeOption(opts []opOption, tok string) bool {
	_, _, _, isOpt, err := matchOption(opts, tok)
	return isOpt || err != nil
}

func looksLikeGlobalOption(tok string) bool {
	return strings.HasPrefix(tok, "-") && len(tok) > 1 && !negativeNumber.MatchString(tok) && !strings.Contains(tok, " ")
}

// convert turns the option words into typed request members, in parameter
// order, and validates them as botocore does before sending.
func (c *Call) convert(opts []opOption, values map[string][]string) error {
	var invalid []string
	for _, o := range opts {
		words, ok := values[o.name]
		if !ok {
			continue
		}
		if o.param == nil {
			if err := c.setPaging(o.name, words[0]); err != nil {
				return err
			}
			continue
		}
		p := o.param
		if p.Type == Boolean {
			c.Input.Set(p.Member, !o.neg)
			continue
		}
		v, err := convertValue(p, words)
		if err != nil {
			return err
		}
		c.Input.Set(p.Member, v)
		invalid = append(invalid, validate(p.Member, p.Type, p.Members, v)...)
	}
	if len(invalid) > 0 {
		return paramError("Parameter validation failed:\n" + strings.Join(invalid, "\n"))
	}
	return nil
}

func (c *Call) setPaging(name, word string) error {
	switch name {
	case "starting-token":
		c.StartingToken = word
	case "page-size", "max-items":
		n, err := pyInt(word)
		if err != nil {
			return err
		}
		if name == "page-size" {
			c.PageSize = n
		} else {
			c.MaxItems = n
		}
	}
	return nil
}

// pyInt reads an integer as Python's int() does, with its error text.
func pyInt(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, &Error{Msg: fmt.Sprintf("invalid literal for int() with base 10: %s", pyStringRepr(s)), Code: ExitGeneral}
	}
	return n, nil
}

func convertValue(p *Param, words []string) (any, error) {
	w := words[0]
	switch p.Type {
	case Integer:
		n, err := pyInt(w)
		if err != nil {
			return nil, err
		}
		return jsonv.Int(int64(n)), nil
	case Timestamp:
		t, err := ParseTimestamp(w)
		if err != nil {
			return w, nil // reported by validation, as botocore does
		}
		return jsonv.Int(t.Unix()), nil
	case List:
		if len(words) == 1 && strings.HasPrefix(strings.TrimSpace(w), "[") {
			return parseJSONParam(p.Name, w)
		}
		list := make([]any, len(words))
		for i, s := range words {
			list[i] = s
		}
		return list, nil
	case Structure:
		return structValue(p, w)
	case ListOfStructure:
		if len(words) == 1 && strings.HasPrefix(strings.TrimSpace(w), "[") {
			return parseJSONParam(p.Name, w)
		}
		list := make([]any, len(words))
		for i, s := range words {
			v, err := structValue(p, s)
			if err != nil {
				return nil, err
			}
			list[i] = v
		}
		return list, nil
	case JSON:
		return parseJSONParam(p.Name, w)
	}
	return w, nil
}

// structValue reads one structure: JSON when it starts with "{", else
// shorthand, with member values converted to the members' types.
func structValue(p *Param, s string) (any, error) {
	if strings.HasPrefix(strings.TrimSpace(s), "{") {
		return parseJSONParam(p.Name, s)
	}
	o, err := ParseShorthand(s)
	if err != nil {
		return nil, paramError(fmt.Sprintf("Error parsing parameter '--%s': %s", p.Name, err))
	}
	for _, m := range p.Members {
		v, ok := o.Get(m.Member)
		if !ok {
			continue
		}
		switch m.Type {
		case List:
			if _, isList := v.([]any); !isList {
				o.Set(m.Member, []any{v})
			}
		case Integer:
			if s, isStr := v.(string); isStr {
				if n, err := strconv.Atoi(s); err == nil {
					o.Set(m.Member, jsonv.Int(int64(n)))
				}
			}
		case Boolean:
			if s, isStr := v.(string); isStr {
				o.Set(m.Member, strings.EqualFold(s, "true"))
			}
		}
	}
	return o, nil
}

func parseJSONParam(name, s string) (any, error) {
	v, err := jsonv.Decode([]byte(s))
	if err != nil {
		return nil, paramError(fmt.Sprintf("Error parsing parameter '--%s': Invalid JSON: %s\nJSON received: %s", name, err, s))
	}
	return v, nil
}
