package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/hunt"
	"github.com/cloudhunt/cloudhunt/internal/render"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// huntOptions are the flags of `cloudhunt hunt`.
type huntOptions struct {
	IDs    []string
	Attack []string
	Clouds []string
	Areas  []string

	Since  string
	Until  string
	Params []string // name=value

	Format         string
	Findings       bool
	FailOnFindings bool
	List           bool
}

func newHuntCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	opts := &huntOptions{}
	cmd := &cobra.Command{
		Use:   "hunt",
		Short: "Run the playbook's hunts over a case",
		Long: `Run the playbook's hunts over a case and report what each found.

Every hunt runs over the whole time range of the case unless --since/--until
narrow it. A hunt whose log source is absent from the case reports "no data"
rather than zero findings. The run exits 0 whatever it finds (3 with
--fail-on-findings when something was found), 1 when a hunt failed, 2 on a
usage mistake.

Output formats:
  table  a summary line per hunt and a total; --findings adds each hunt's rows
  json   one document: an array of hunt results (id, title, attack, status,
         window, params, columns, findings)
  jsonl  one line per finding, with the hunt's id and ATT&CK ids added as
         "hunt" and "attack"
  csv    the findings, with the hunt id as the first column; hunts selected
         together must return the same columns (choose them with --hunt or
         --attack, or use jsonl)`,
		Example: `  cloudhunt hunt --case ./case
  cloudhunt hunt --attack T1562 --findings
  cloudhunt hunt --hunt aws-ssh-bruteforce --param min_attempts=5 --format csv
  cloudhunt hunt --hunt 'aws-*bucket*' --since 2024-03-01 --until 2024-03-02
  cloudhunt hunt --list`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return runHunt(ctx, streams, global, opts)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&opts.IDs, "hunt", nil, "hunt id or glob (aws-*trail); repeatable")
	f.StringSliceVar(&opts.Attack, "attack", nil, "ATT&CK technique id; T1562 also selects T1562.008; repeatable")
	f.StringSliceVar(&opts.Clouds, "cloud", nil, "aws or azure; repeatable")
	f.StringSliceVar(&opts.Areas, "area", nil, "host or network; repeatable")
	f.StringVar(&opts.Since, "since", "", "start of the window, RFC 3339 or YYYY-MM-DD (UTC); default: the case's first record")
	f.StringVar(&opts.Until, "until", "", "end of the window, RFC 3339 or YYYY-MM-DD (UTC, the whole day); default: the case's last record")
	f.StringArrayVar(&opts.Params, "param", nil, "set a hunt parameter, name=value (lists: a,b,c); repeatable; see --list")
	f.StringVar(&opts.Format, "format", "table", "output format: "+render.FormatNames())
	f.BoolVar(&opts.Findings, "findings", false, "table format: print each hunt's findings after the summary")
	f.BoolVar(&opts.FailOnFindings, "fail-on-findings", false, "exit with code 3 when any hunt found something")
	f.BoolVar(&opts.List, "list", false, "list the hunts (filtered as above) with their parameters instead of running them")
	return cmd
}

// runHunt checks the flags, runs the selected hunts and prints the results.
func runHunt(ctx context.Context, streams *IOStreams, global *globalOptions, opts *huntOptions) error {
	format, err := render.ParseFormat(opts.Format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	since, err := parseWindowTime("--since", opts.Since, false)
	if err != nil {
		return err
	}
	until, err := parseWindowTime("--until", opts.Until, true)
	if err != nil {
		return err
	}
	if since != nil && until != nil && until.Before(*since) {
		return usagef("--until %s is before --since %s", opts.Until, opts.Since)
	}
	params, err := parseParamFlags(opts.Params)
	if err != nil {
		return err
	}

	catalog, err := hunt.Builtin(formats.Tables())
	if err != nil {
		return err
	}
	selected, err := catalog.Select(hunt.Filter{IDs: opts.IDs, Attack: opts.Attack, Clouds: opts.Clouds, Areas: opts.Areas})
	if err != nil {
		return usageError{err}
	}
	if opts.List {
		return render.Write(streams.Out, format, huntList(selected, format), render.Options{})
	}
	// Check --param before opening the case, so that a typo is reported as
	// one even when the case is missing.
	if err := hunt.CheckParams(selected, params); err != nil {
		return usageError{err}
	}

	c, err := store.Open(global.CaseDir, formats.Tables(), store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer c.Close()
	results, err := hunt.Run(ctx, c, selected, hunt.RunOptions{Since: since, Until: until, Params: params})
	var paramErr *hunt.ParamError
	if errors.As(err, &paramErr) {
		return usageError{err}
	}
	if err != nil {
		return err
	}

	switch format {
	case render.FormatTable:
		err = printHuntTable(streams.Out, results, opts.Findings)
	case render.FormatJSON:
		err = printHuntJSON(streams.Out, results)
	case render.FormatJSONL:
		err = printHuntJSONL(streams.Out, results)
	case render.FormatCSV:
		err = printHuntCSV(streams.Out, results)
	}
	if err != nil {
		return err
	}

	if failed := hunt.Failed(results); failed != nil {
		return fmt.Errorf("%d of %d hunts failed:\n%w", countStatus(results, hunt.StatusError), len(results), failed)
	}
	if opts.FailOnFindings && countFindings(results) > 0 {
		return errFindings
	}
	return nil
}

// parseWindowTime reads --since or --until: RFC 3339, or a date (UTC).
// A date given to --until means the end of that day, so that
// --since 2024-03-01 --until 2024-03-01 covers the whole day.
func parseWindowTime(flag, text string, endOfDay bool) (*time.Time, error) {
	if text == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, text); err == nil {
		t = t.UTC()
		return &t, nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05", text); err == nil {
		return &t, nil // no zone given: UTC, like every time in a case
	}
	t, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return nil, usagef("%s %q: want RFC 3339 (2024-03-01T10:00:00Z) or a date (2024-03-01)", flag, text)
	}
	if endOfDay {
		t = t.Add(24*time.Hour - time.Microsecond) // DuckDB keeps microseconds
	}
	return &t, nil
}

// parseParamFlags turns the --param name=value flags into a map.
func parseParamFlags(flags []string) (map[string]string, error) {
	params := map[string]string{}
	for _, f := range flags {
		name, value, ok := strings.Cut(f, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usagef("--param %q: want name=value", f)
		}
		if _, dup := params[name]; dup {
			return nil, usagef("--param %s is given twice (give a list as %s=a,b)", name, name)
		}
		params[name] = value
	}
	return params, nil
}

// printHuntTable prints one summary line per hunt and a total, then, with
// --findings, each hunt's findings under a heading.
func printHuntTable(w io.Writer, results []hunt.Result, findings bool) error {
	summary := render.Table{Columns: []string{"hunt", "title", "attack", "status", "findings", "note"}}
	for _, r := range results {
		var count any // blank when the hunt did not look: no data, error
		if r.Status == hunt.StatusFindings || r.Status == hunt.StatusNoFindings {
			count = int64(len(r.Rows))
		}
		summary.Rows = append(summary.Rows, []any{
			r.Hunt.ID, r.Hunt.Title, strings.Join(r.Hunt.Attack, ", "), string(r.Status), count, r.Note,
		})
	}
	if err := render.WriteTable(w, summary, render.Options{}); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, totalLine(results, findings))

	if !findings {
		return nil
	}
	for _, r := range results {
		if len(r.Rows) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s: %s: %s (%s … %s)\n", r.Hunt.ID, r.Hunt.Title, plural(len(r.Rows), "finding"),
			r.Since.Format(render.TimeLayout), r.Until.Format(render.TimeLayout))
		if err := render.WriteTable(w, render.Table{Columns: r.Columns, Rows: r.Rows}, render.Options{}); err != nil {
			return err
		}
	}
	return nil
}

// totalLine sums a run up: "5 findings from 2 of 13 hunts; 8 found
// nothing, 2 had no data, 1 failed."
func totalLine(results []hunt.Result, findingsShown bool) string {
	line := fmt.Sprintf("%s from %d of %s", plural(countFindings(results), "finding"),
		countStatus(results, hunt.StatusFindings), plural(len(results), "hunt"))
	var rest []string
	if n := countStatus(results, hunt.StatusNoFindings); n > 0 {
		rest = append(rest, fmt.Sprintf("%d found nothing", n))
	}
	if n := countStatus(results, hunt.StatusNoData); n > 0 {
		rest = append(rest, fmt.Sprintf("%d had no data", n))
	}
	if n := countStatus(results, hunt.StatusConsoleOnly); n > 0 {
		rest = append(rest, fmt.Sprintf("%d console only", n))
	}
	if n := countStatus(results, hunt.StatusError); n > 0 {
		rest = append(rest, fmt.Sprintf("%d failed", n))
	}
	if len(rest) > 0 {
		line += "; " + strings.Join(rest, ", ")
	}
	line += "."
	if countFindings(results) > 0 && !findingsShown {
		line += " Add --findings to see them."
	}
	return line
}

// printHuntJSON prints the whole run as one JSON array of hunt results.
func printHuntJSON(w io.Writer, results []hunt.Result) error {
	doc := make([]render.Object, len(results))
	for i, r := range results {
		var o render.Object
		o.Add("id", r.Hunt.ID)
		o.Add("title", r.Hunt.Title)
		o.Add("attack", nonNil(r.Hunt.Attack))
		o.Add("cloud", r.Hunt.Cloud)
		o.Add("area", r.Hunt.Area)
		o.Add("severity", r.Hunt.Severity)
		o.Add("key", r.Hunt.Key)
		o.Add("status", string(r.Status))
		if r.Note != "" {
			o.Add("note", r.Note)
		}
		var window any // null when the case has no time for the hunt's sources
		if !r.Since.IsZero() || !r.Until.IsZero() {
			window = render.Object{Keys: []string{"since", "until"}, Values: []any{r.Since, r.Until}}
		}
		o.Add("window", window)
		var params render.Object
		for _, v := range r.Params {
			params.Add(v.Name, v.Value)
		}
		o.Add("params", params)
		o.Add("columns", nonNil(r.Columns))
		findings := make([]render.Object, len(r.Rows))
		for j, row := range r.Rows {
			findings[j] = render.Object{Keys: r.Columns, Values: row}
		}
		o.Add("count", len(r.Rows))
		o.Add("findings", findings)
		if r.Chart != nil {
			// KQL's render: how the playbook draws these rows (C2 beacons
			// as per-minute columns).
			var chart render.Object
			chart.Add("kind", r.Chart.Kind)
			props := render.Object{}
			for k, v := range r.Chart.Properties {
				props.Add(k, v)
			}
			chart.Add("properties", props)
			o.Add("chart", chart)
		}
		o.Add("duration_ms", r.Duration.Milliseconds())
		doc[i] = o
	}
	return render.EncodeJSON(w, doc)
}

// printHuntJSONL prints one line per finding, each naming its hunt.
func printHuntJSONL(w io.Writer, results []hunt.Result) error {
	for _, r := range results {
		for _, row := range r.Rows {
			o := render.Object{Keys: []string{"hunt", "attack"}, Values: []any{r.Hunt.ID, nonNil(r.Hunt.Attack)}}
			for i, col := range r.Columns {
				o.Add(col, row[i])
			}
			if err := render.EncodeJSONLine(w, o); err != nil {
				return err
			}
		}
	}
	return nil
}

// printHuntCSV prints the findings as one CSV table, the hunt id first. A
// CSV file has one header, so the hunts must share their columns; that is
// checked over every hunt that ran, with or without findings, so that the
// same command does not work one day and fail the next.
func printHuntCSV(w io.Writer, results []hunt.Result) error {
	var columns []string
	var first string
	for _, r := range results {
		if r.Status == hunt.StatusError || r.Columns == nil {
			continue // failed (reported after the rest is printed), or never ran
		}
		if columns == nil {
			columns, first = r.Columns, r.Hunt.ID
			continue
		}
		if !slices.Equal(columns, r.Columns) {
			return usagef("--format csv: %s and %s return different columns, and a CSV file has one header; select hunts with the same columns (--hunt, --attack) or use --format jsonl", first, r.Hunt.ID)
		}
	}
	table := render.Table{Columns: append([]string{"hunt"}, columns...)}
	for _, r := range results {
		for _, row := range r.Rows {
			table.Rows = append(table.Rows, append([]any{r.Hunt.ID}, row...))
		}
	}
	return render.WriteCSV(w, table)
}

// huntList is what --list prints. In table format the lists are joined
// into text for reading; the other formats keep them as lists.
func huntList(hunts []*hunt.Hunt, format render.Format) render.Table {
	table := render.Table{Columns: []string{"id", "title", "attack", "area", "severity", "sources", "params"}}
	if format != render.FormatTable {
		table.Columns = []string{"id", "title", "attack", "cloud", "area", "severity", "sources", "key", "params", "description"}
	}
	for _, h := range hunts {
		if format == render.FormatTable {
			var params []string
			for _, p := range h.Params {
				params = append(params, p.Name+"="+render.Text(listText(p.Default)))
			}
			table.Rows = append(table.Rows, []any{
				h.ID, h.Title, strings.Join(h.Attack, ", "), h.Area, h.Severity,
				strings.Join(h.Sources, ", "), strings.Join(params, " "),
			})
			continue
		}
		params := []any{}
		for _, p := range h.Params {
			params = append(params, render.Object{
				Keys:   []string{"name", "type", "default", "description"},
				Values: []any{p.Name, string(p.Type), p.Default, p.Description},
			})
		}
		table.Rows = append(table.Rows, []any{
			h.ID, h.Title, nonNil(h.Attack), h.Cloud, h.Area, h.Severity, h.Sources, h.Key, params, h.Description,
		})
	}
	return table
}

// listText writes a list default the way --param takes it: a,b,c.
func listText(v any) any {
	switch v := v.(type) {
	case []string:
		return strings.Join(v, ",")
	case []int64:
		parts := make([]string, len(v))
		for i, n := range v {
			parts[i] = fmt.Sprint(n)
		}
		return strings.Join(parts, ",")
	case string:
		if v == "" {
			return "''"
		}
	}
	return v
}

// nonNil makes a nil list print as [] rather than null in JSON.
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func countStatus(results []hunt.Result, s hunt.Status) int {
	n := 0
	for _, r := range results {
		if r.Status == s {
			n++
		}
	}
	return n
}

func countFindings(results []hunt.Result) int {
	n := 0
	for _, r := range results {
		if r.Status == hunt.StatusFindings {
			n += len(r.Rows)
		}
	}
	return n
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
