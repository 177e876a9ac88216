package azcli

import (
	"fmt"
	"strings"
)

// Command is an az command line the playbook runs, parsed as az's argparse
// parser would.
type Command struct {
	// Name is the command's words: "monitor log-analytics query",
	// "role assignment list", "monitor activity-log list",
	// "monitor log-analytics workspace show".
	Name string
	// Values holds each option given, by its long name without dashes
	// ("workspace", "analytics-query"); an option given twice keeps the
	// last value, as argparse does; a list option (--workspaces) keeps all.
	Values map[string][]string
	// Flags holds the switches given ("all", "only-show-errors").
	Flags map[string]bool
	// Query is the --query JMESPath expression; QueryGiven says whether
	// --query was given at all (it changes table output).
	Query      string
	QueryGiven bool
	// Output is the --output format, lower-cased; "json" when not given.
	Output string
}

// Value returns the option's value and whether it was given.
func (c *Command) Value(name string) (string, bool) {
	vs := c.Values[name]
	if len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

// ArgError is an argument az's parser rejects; az prints "ERROR: " and the
// message, and exits with status 2.
type ArgError struct {
	Msg string
}

func (e *ArgError) Error() string { return e.Msg }

// ExitCode is the status az exits with on an argument error.
const ExitCode = 2

type optionKind int

const (
	valueOption optionKind = iota // takes one value
	listOption                    // takes one or more values (nargs='+')
	flagOption                    // a switch
)

type option struct {
	long     string // without dashes
	short    string // one letter, without the dash; "" when none
	kind     optionKind
	required bool
	choices  []string
}

// display is the option as argparse names it in messages: "--workspace/-w".
func (o option) display() string {
	if o.short == "" {
		return "--" + o.long
	}
	return "--" + o.long + "/-" + o.short
}

type commandSpec struct {
	name    string
	options []option
}

// outputFormats are knack's --output choices, in its order.
var outputFormats = []string{"json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"}

// globalOptions are the options az adds to every command.
var globalOptions = []option{
	{long: "output", short: "o", choices: outputFormats},
	{long: "query"},
	{long: "only-show-errors", kind: flagOption},
	{long: "debug", kind: flagOption},
	{long: "verbose", kind: flagOption},
	{long: "subscription"},
}

// commands are the az commands the playbook runs, with the options az
// defines for them (in az's order, which the "required" message follows).
var commands = []commandSpec{
	{name: "monitor log-analytics query", options: []option{
		{long: "workspace", short: "w", required: true},
		{long: "analytics-query", required: true},
		{long: "timespan", short: "t"},
		{long: "workspaces", kind: listOption},
	}},
	{name: "monitor log-analytics workspace show", options: []option{
		{long: "resource-group", short: "g", required: true},
		{long: "workspace-name", short: "n", required: true},
	}},
	{name: "role assignment list", options: []option{
		{long: "assignee"},
		{long: "role"},
		{long: "resource-group", short: "g"},
		{long: "scope"},
		{long: "include-inherited", kind: flagOption},
		{long: "include-groups", kind: flagOption},
		{long: "all", kind: flagOption},
	}},
	{name: "monitor activity-log list", options: []option{
		{long: "correlation-id"},
		{long: "resource-group", short: "g"},
		{long: "resource-id"},
		{long: "namespace"},
		{long: "caller"},
		{long: "status"},
		{long: "max-events"},
		{long: "select", kind: listOption},
		{long: "start-time"},
		{long: "end-time"},
		{long: "offset"},
	}},
}

// ParseArgs parses an az command line (argv without the leading "az").
// Errors carry az's own argparse messages: "the following arguments are
// required: --workspace/-w, --analytics-query", "unrecognized arguments:
// --foo", "argument --output/-o: invalid choice: …", "argument
// --workspace/-w: expected one argument". Option prefixes are not expanded.
func ParseArgs(argv []string) (*Command, error) {
	spec, rest, err := findCommand(argv)
	if err != nil {
		return nil, err
	}
	opts := append(append([]option(nil), spec.options...), globalOptions...)
	cmd := &Command{Name: spec.name, Values: map[string][]string{}, Flags: map[string]bool{}}
	var unrecognized []string

	for i := 0; i < len(rest); i++ {
		arg := rest[i]
		opt, inline, hasInline, ok := lookupOption(opts, arg)
		if !ok {
			unrecognized = append(unrecognized, arg)
			continue
		}
		switch opt.kind {
		case flagOption:
			if hasInline {
				return nil, argErrorf("argument %s: ignored explicit argument '%s'", opt.display(), inline)
			}
			cmd.Flags[opt.long] = true
		case valueOption:
			value := inline
			if !hasInline {
				if i+1 >= len(rest) || looksLikeOption(rest[i+1]) {
					return nil, argErrorf("argument %s: expected one argument", opt.display())
				}
				i++
				value = rest[i]
			}
			cmd.Values[opt.long] = []string{value}
		case listOption:
			var values []string
			if hasInline {
				values = append(values, inline)
			}
			for i+1 < len(rest) && !looksLikeOption(rest[i+1]) {
				i++
				values = append(values, rest[i])
			}
			if len(values) == 0 {
				return nil, argErrorf("argument %s: expected at least one argument", opt.display())
			}
			cmd.Values[opt.long] = values
		}
	}

	var missing []string
	for _, o := range spec.options {
		if _, given := cmd.Values[o.long]; o.required && !given {
			missing = append(missing, o.display())
		}
	}
	if len(missing) > 0 {
		return nil, argErrorf("the following arguments are required: %s", strings.Join(missing, ", "))
	}
	if len(unrecognized) > 0 {
		return nil, argErrorf("unrecognized arguments: %s", strings.Join(unrecognized, " "))
	}

	cmd.Output = "json"
	if out, ok := cmd.Value("output"); ok {
		// knack lower-cases the value before checking it against the choices.
		cmd.Output = strings.ToLower(out)
		if !contains(outputFormats, cmd.Output) {
			quoted := make([]string, len(outputFormats))
			for i, f := range outputFormats {
				quoted[i] = "'" + f + "'"
			}
			return nil, argErrorf("argument --output/-o: invalid choice: '%s' (choose from %s)", cmd.Output, strings.Join(quoted, ", "))
		}
	}
	cmd.Query, cmd.QueryGiven = cmd.Value("query")
	return cmd, nil
}

// findCommand matches the leading words of argv against the known commands.
func findCommand(argv []string) (commandSpec, []string, error) {
	var words []string
	for _, a := range argv {
		if strings.HasPrefix(a, "-") {
			break
		}
		words = append(words, a)
	}
	for _, spec := range commands {
		name := strings.Fields(spec.name)
		if len(words) >= len(name) && strings.Join(words[:len(name)], " ") == spec.name {
			return spec, argv[len(name):], nil
		}
	}
	// az names the first word it cannot place in its command tree.
	known := 0
	for known < len(words) && isCommandGroupPrefix(words[:known+1]) {
		known++
	}
	if known < len(words) {
		return commandSpec{}, nil, argErrorf("'%s' is misspelled or not recognized by the system.", words[known])
	}
	if len(words) == 0 {
		return commandSpec{}, nil, argErrorf("no command given: expected one of %s", commandList())
	}
	return commandSpec{}, nil, argErrorf("'%s' is an incomplete command: expected one of %s", strings.Join(words, " "), commandList())
}

// isCommandGroupPrefix reports whether words start some known command.
func isCommandGroupPrefix(words []string) bool {
	prefix := strings.Join(words, " ")
	for _, spec := range commands {
		if spec.name == prefix || strings.HasPrefix(spec.name, prefix+" ") {
			return true
		}
	}
	return false
}

func commandList() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = "'az " + c.name + "'"
	}
	return strings.Join(names, ", ")
}

// lookupOption finds the option arg names: "--name", "--name=value", "-x",
// "-xvalue" or "-x=value".
func lookupOption(opts []option, arg string) (opt option, inline string, hasInline, ok bool) {
	switch {
	case strings.HasPrefix(arg, "--"):
		name, value, has := strings.Cut(arg[2:], "=")
		for _, o := range opts {
			if o.long == name {
				return o, value, has, true
			}
		}
	case strings.HasPrefix(arg, "-") && len(arg) >= 2:
		letter, value := arg[1:2], arg[2:]
		for _, o := range opts {
			if o.short == letter {
				if value == "" {
					return o, "", false, true
				}
				if o.kind == flagOption {
					return option{}, "", false, false
				}
				return o, strings.TrimPrefix(value, "="), true, true
			}
		}
	}
	return option{}, "", false, false
}

// looksLikeOption is argparse's test for whether an argument starts a new
// option rather than being a value: it begins with "-", is not a negative
// number, and holds no space.
func looksLikeOption(arg string) bool {
	if !strings.HasPrefix(arg, "-") || arg == "-" {
		return false
	}
	if isNegativeNumber(arg) {
		return false
	}
	return !strings.Contains(arg, " ")
}

func isNegativeNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	dot := false
	for _, r := range s {
		switch {
		case r == '.' && !dot:
			dot = true
		case r < '0' || r > '9':
			return false
		}
	}
	return s != "."
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func argErrorf(format string, args ...any) *ArgError {
	return &ArgError{Msg: fmt.Sprintf(format, args...)}
}
