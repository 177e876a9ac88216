package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

func newCaseCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "case",
		Short: "Inspect a case: its tables, evidence files and their hashes",
	}
	cmd.AddCommand(newCaseInfoCmd(streams, global), newCaseVerifyCmd(streams, global))
	return cmd
}

type caseInfoOptions struct {
	Format string
	Issues bool
	Files  bool
}

// caseInfo is what `case info --format json` prints.
type caseInfo struct {
	Case      string            `json:"case"`
	Schema    int               `json:"schema_version"`
	Tables    []store.TableInfo `json:"tables"`
	Evidence  []store.Evidence  `json:"evidence"`
	Files     int               `json:"files"`
	Bytes     int64             `json:"bytes"`
	Skipped   int               `json:"skipped"`
	Rejected  int64             `json:"rejected"`
	Warnings  int64             `json:"warnings"`
	FirstTime *time.Time        `json:"first_time,omitempty"`
	LastTime  *time.Time        `json:"last_time,omitempty"`
}

func newCaseInfoCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	opts := &caseInfoOptions{}
	cmd := &cobra.Command{
		Use:   "info",
		Short: "Tables, rows, time range, evidence files with SHA-256, rejected records",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Format != "table" && opts.Format != "json" {
				return usagef("--format must be table or json")
			}
			c, err := store.Open(global.CaseDir, formats.Tables(), store.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer c.Close()
			issues := 0
			if opts.Issues || opts.Format == "json" {
				issues = store.MaxStoredIssues
			}
			info, err := loadCaseInfo(c, issues)
			if err != nil {
				return err
			}
			if opts.Format == "json" {
				enc := json.NewEncoder(streams.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(info)
			}
			printCaseInfo(streams.Out, info, opts.Files, opts.Issues)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "table", "output format: table or json")
	cmd.Flags().BoolVar(&opts.Issues, "issues", false, "list the problems found in each file (rejected records, warnings)")
	cmd.Flags().BoolVar(&opts.Files, "files", false, "list every evidence file with its SHA-256 (json always does)")
	return cmd
}

func loadCaseInfo(c *store.Case, issues int) (*caseInfo, error) {
	tables, err := c.TableInfos()
	if err != nil {
		return nil, err
	}
	evidence, err := c.Evidence(issues)
	if err != nil {
		return nil, err
	}
	info := &caseInfo{Case: c.Dir, Schema: store.SchemaVersion, Tables: tables, Evidence: evidence, Files: len(evidence)}
	for _, e := range evidence {
		info.Bytes += e.Size
		info.Rejected += e.Rejected
		info.Warnings += e.Warnings
		if e.Format == "" {
			info.Skipped++
		}
	}
	for _, t := range tables {
		if t.FirstTime != nil && (info.FirstTime == nil || t.FirstTime.Before(*info.FirstTime)) {
			info.FirstTime = t.FirstTime
		}
		if t.LastTime != nil && (info.LastTime == nil || t.LastTime.After(*info.LastTime)) {
			info.LastTime = t.LastTime
		}
	}
	return info, nil
}

func printCaseInfo(w io.Writer, info *caseInfo, files, issues bool) {
	fmt.Fprintf(w, "Case %s (schema %d)\n", info.Case, info.Schema)
	if info.FirstTime != nil {
		fmt.Fprintf(w, "Time range: %s … %s\n", fmtTime(info.FirstTime), fmtTime(info.LastTime))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tFIRST\tLAST")
	for _, t := range info.Tables {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Name, humanCount(t.Rows), fmtTime(t.FirstTime), fmtTime(t.LastTime))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nEvidence: %d files, %s; %d skipped; %d records rejected; %d warnings\n\n",
		info.Files, humanBytes(info.Bytes), info.Skipped, info.Rejected, info.Warnings)

	// By format: what kinds of evidence the case holds.
	type group struct {
		files             int
		records, rejected int64
		first, last       *time.Time
	}
	groups := map[string]*group{}
	var order []string
	for _, e := range info.Evidence {
		name := e.Format
		if name == "" {
			name = "(skipped)"
		}
		g := groups[name]
		if g == nil {
			g = &group{}
			groups[name] = g
			order = append(order, name)
		}
		g.files++
		g.records += e.Records
		g.rejected += e.Rejected
		if e.FirstTime != nil && (g.first == nil || e.FirstTime.Before(*g.first)) {
			g.first = e.FirstTime
		}
		if e.LastTime != nil && (g.last == nil || e.LastTime.After(*g.last)) {
			g.last = e.LastTime
		}
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FORMAT\tFILES\tRECORDS\tREJECTED\tFIRST\tLAST")
	for _, name := range order {
		g := groups[name]
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%s\t%s\n", name, g.files, humanCount(g.records), g.rejected, fmtTime(g.first), fmtTime(g.last))
	}
	tw.Flush()

	// Files worth a look: skipped, or with problems. Every file with --files.
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	header := false
	for _, e := range info.Evidence {
		if !files && e.Format != "" && e.Rejected == 0 && e.Warnings == 0 && e.Note == "" {
			continue
		}
		if !header {
			fmt.Fprintln(w)
			fmt.Fprintln(tw, "PATH\tFORMAT\tRECORDS\tREJECTED\tWARNINGS\tSHA256\tNOTE")
			header = true
		}
		format := e.Format
		if format == "" {
			format = "skipped"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\n", displayPath(e.Path), format, e.Records, e.Rejected, e.Warnings, e.SHA256, e.Note)
	}
	tw.Flush()
	if !files {
		fmt.Fprintln(w, "\n(--files lists every file with its SHA-256; --issues lists the problems; --format json has both)")
	}
	if !issues {
		return
	}
	fmt.Fprintln(w, "\nProblems:")
	for _, e := range info.Evidence {
		for _, is := range e.Issues {
			fmt.Fprintf(w, "  %s: %s: %s: %s\n", displayPath(e.Path), is.Kind, issueWhere(is), is.Reason)
		}
		if stored := int64(len(e.Issues)); e.Rejected+e.Warnings > stored && stored == store.MaxStoredIssues {
			fmt.Fprintf(w, "  %s: … %d more not kept word for word\n", displayPath(e.Path), e.Rejected+e.Warnings-stored)
		}
	}
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func newCaseVerifyCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Re-hash every evidence file and report any that changed or went missing",
		Long: `Re-hash every evidence file the case recorded and compare with the SHA-256 taken at
ingest: a chain-of-custody check. Exits 1 when a file changed or is missing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := store.Open(global.CaseDir, formats.Tables(), store.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer c.Close()
			evidence, err := c.Evidence(0)
			if err != nil {
				return err
			}
			bad := 0
			for _, e := range evidence {
				sum, err := ingest.HashFile(e.Path)
				switch {
				case err != nil:
					bad++
					fmt.Fprintf(streams.Out, "MISSING  %s: %v\n", displayPath(e.Path), err)
				case sum != e.SHA256:
					bad++
					fmt.Fprintf(streams.Out, "CHANGED  %s: sha256 %s, recorded %s\n", displayPath(e.Path), sum, e.SHA256)
				}
			}
			fmt.Fprintf(streams.Out, "%d of %d evidence files unchanged\n", len(evidence)-bad, len(evidence))
			if bad > 0 {
				return fmt.Errorf("%d evidence files changed or missing", bad)
			}
			return nil
		},
	}
}
