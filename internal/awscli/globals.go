package awscli

// Globals are the CLI's global options (awscli/data/cli.json).
type Globals struct {
	Output         string // json, text, table, yaml, yaml-stream; "" when not given (json)
	Query          string
	HasQuery       bool
	Region         string
	Profile        string
	EndpointURL    string
	NoPaginate     bool
	Color          string // on, off, auto (the default)
	NoCLIPager     bool
	Debug          bool
	NoVerifySSL    bool
	NoSignRequest  bool
	CABundle       string
	ReadTimeout    string
	ConnectTimeout string
	BinaryFormat   string
	AutoPrompt     bool
	NoAutoPrompt   bool
}

// option is one option argparse knows: its long name, whether it takes a
// value, the choices it accepts, and where a parsed value goes.
type option struct {
	name    string // without dashes
	flag    bool   // takes no value
	choices []string
	set     func(g *Globals, value string)
}

// globalOptions in the order the CLI declares them (ambiguity messages
// list candidates in this order).
var globalOptions = []option{
	{name: "debug", flag: true, set: func(g *Globals, _ string) { g.Debug = true }},
	{name: "endpoint-url", set: func(g *Globals, v string) { g.EndpointURL = v }},
	{name: "no-verify-ssl", flag: true, set: func(g *Globals, _ string) { g.NoVerifySSL = true }},
	{name: "no-paginate", flag: true, set: func(g *Globals, _ string) { g.NoPaginate = true }},
	{name: "output", choices: []string{"json", "text", "table", "yaml", "yaml-stream"}, set: func(g *Globals, v string) { g.Output = v }},
	{name: "query", set: func(g *Globals, v string) { g.Query, g.HasQuery = v, true }},
	{name: "profile", set: func(g *Globals, v string) { g.Profile = v }},
	{name: "region", set: func(g *Globals, v string) { g.Region = v }},
	{name: "version", flag: true, set: func(*Globals, string) {}},
	{name: "color", choices: []string{"on", "off", "auto"}, set: func(g *Globals, v string) { g.Color = v }},
	{name: "no-sign-request", flag: true, set: func(g *Globals, _ string) { g.NoSignRequest = true }},
	{name: "ca-bundle", set: func(g *Globals, v string) { g.CABundle = v }},
	{name: "cli-read-timeout", set: func(g *Globals, v string) { g.ReadTimeout = v }},
	{name: "cli-connect-timeout", set: func(g *Globals, v string) { g.ConnectTimeout = v }},
	{name: "cli-binary-format", choices: []string{"base64", "raw-in-base64-out"}, set: func(g *Globals, v string) { g.BinaryFormat = v }},
	{name: "no-cli-pager", flag: true, set: func(g *Globals, _ string) { g.NoCLIPager = true }},
	{name: "cli-auto-prompt", flag: true, set: func(g *Globals, _ string) { g.AutoPrompt = true }},
	{name: "no-cli-auto-prompt", flag: true, set: func(g *Globals, _ string) { g.NoAutoPrompt = true }},
}
