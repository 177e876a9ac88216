package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// ingestMemoryLimit caps DuckDB's memory during ingest.
const ingestMemoryLimit = "512MB"

type ingestOptions struct {
	Workers   int
	MaxIssues int
	LogGroup  string
	Table     string
}

func newIngestCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	opts := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest EVIDENCE...",
		Short: "Load evidence files and folders into a case",
		Long: `Load evidence into the case: files and folders (recursively), gzip or plain, in any
of the formats cloudhunt recognises (CloudTrail S3 delivery, lookup-events output,
CloudWatch Logs exports, VPC flow logs …). Each file is hashed (SHA-256) and opened
read-only; a file whose content the case already holds is not loaded twice.
Records that cannot be loaded are reported with file and line and counted.`,
		Example: `  cloudhunt ingest evidence/ --case ./case
  cloudhunt ingest AWSLogs/123456789012/CloudTrail lookup-events.json --case ./incident-42
  cloudhunt ingest exportedlogs/ --log-group /aws/vpc/flowlogs --case ./incident-42`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Workers < 0 {
				return usagef("--workers must be 0 (one per core) or more")
			}
			if opts.Table != "" && !knownTable(opts.Table) {
				return usagef("--table %s: no such table; tables: %s", opts.Table, tableNames())
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			_, err := runIngest(ctx, streams, global.CaseDir, args, *opts)
			return err
		},
	}
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "files parsed at once (0: one per core)")
	cmd.Flags().IntVar(&opts.MaxIssues, "max-issues", 20, "problems listed in the summary (all are counted and kept in the case)")
	cmd.Flags().StringVar(&opts.Table, "table", "", "the Log Analytics table these exports hold (SigninLogs, AzureActivity …), when the files do not say")
	cmd.Flags().StringVar(&opts.LogGroup, "log-group", "", "CloudWatch Logs group these files were exported from (for Logs Insights queries and `aws logs` commands)")
	return cmd
}

// runIngest opens (or creates) the case, ingests paths and prints the summary.
func runIngest(ctx context.Context, streams *IOStreams, caseDir string, paths []string, opts ingestOptions) (*ingest.Summary, error) {
	// DuckDB's memory is capped so that ingest stays within bounds whatever
	// the input size; it spills to the case folder beyond that.
	c, err := store.Open(caseDir, formats.Tables(), store.Options{Create: true, MemoryLimit: ingestMemoryLimit})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	progress := &ingest.Progress{}
	stopProgress := startProgress(streams, func(elapsed time.Duration) string {
		done, total := progress.BytesDone.Load(), progress.BytesTotal.Load()
		return fmt.Sprintf("ingest: %5.1f%%  %d/%d files  %s/%s  %s records  %s",
			percent(done, total), progress.FilesDone.Load(), progress.FilesTotal.Load(),
			humanBytes(done), humanBytes(total), humanCount(progress.Records.Load()), elapsed)
	})
	summary, err := ingest.Run(ctx, c, paths, ingest.Options{
		Workers:  opts.Workers,
		Formats:  formats.All(),
		Skips:    formats.Skips(),
		Progress: progress,
		LogGroup: opts.LogGroup,
		Table:    opts.Table,
	})
	stopProgress()
	if err != nil {
		return nil, err
	}
	printIngestSummary(streams.Out, caseDir, summary, opts.MaxIssues)
	return summary, nil
}

// startProgress draws a one-line progress indicator on stderr while work
// goes on, only when stderr is a terminal: line is called five times a
// second with the time elapsed. The returned func erases the line.
func startProgress(streams *IOStreams, line func(elapsed time.Duration) string) func() {
	if !streams.ErrIsTTY() {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(streams.Err, "\r\033[K")
				return
			case <-tick.C:
				fmt.Fprint(streams.Err, "\r\033[K"+line(time.Since(start).Round(time.Second)))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// percent is done/total as a percentage, 0 while the total is unknown.
func percent(done, total int64) float64 {
	if total <= 0 {
		return 0
	}
	return 100 * float64(done) / float64(total)
}

func printIngestSummary(w io.Writer, caseDir string, s *ingest.Summary, maxIssues int) {
	secs := s.Elapsed.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	fmt.Fprintf(w, "Ingested %d files (%s on disk, %s decompressed) into %s in %s\n",
		s.Files, humanBytes(s.Bytes), humanBytes(s.DecompressedBytes), caseDir, s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "  loaded     %6d files  %s records  (%s/s, %s records/s)\n",
		s.Loaded, humanCount(s.Records), humanBytes(int64(float64(s.DecompressedBytes)/secs)), humanCount(int64(float64(s.Records)/secs)))
	for _, line := range recognised(s) {
		fmt.Fprintln(w, line)
	}
	if s.Skipped > 0 {
		fmt.Fprintf(w, "  skipped    %6d files  (%s)\n", s.Skipped, skipReasons(s))
	}
	if s.Duplicates > 0 {
		fmt.Fprintf(w, "  duplicate  %6d files  (content already in the case: nothing added)\n", s.Duplicates)
	}
	if s.Failed > 0 {
		fmt.Fprintf(w, "  failed     %6d files  (could not be read)\n", s.Failed)
	}
	if s.Rejected > 0 || s.Warnings > 0 {
		fmt.Fprintf(w, "  rejected   %6d records (not loaded); %d warnings (loaded, incomplete)\n", s.Rejected, s.Warnings)
	}
	var problems []string
	for _, r := range s.Results {
		path := displayPath(r.Evidence.Path)
		switch {
		case r.Status == ingest.StatusFailed:
			problems = append(problems, fmt.Sprintf("%s: %v", path, r.Err))
		case r.Status == ingest.StatusSkipped:
			problems = append(problems, fmt.Sprintf("%s: skipped: %s", path, r.Evidence.Note))
		}
		for _, is := range r.Evidence.Issues {
			problems = append(problems, fmt.Sprintf("%s: %s: %s", path, issueWhere(is), is.Reason))
		}
	}
	if len(problems) == 0 {
		return
	}
	fmt.Fprintln(w, "Files worth a look:")
	for i, p := range problems {
		if i == maxIssues {
			fmt.Fprintf(w, "  … and %d more (see `cloudhunt case info --issues`)\n", len(problems)-maxIssues)
			break
		}
		fmt.Fprintln(w, "  "+p)
	}
}

// recognised says what the loaded files were recognised as: one line per
// format, with the tables it filled and its files and records. Exports that
// do not name their table make this worth reading.
func recognised(s *ingest.Summary) []string {
	type group struct {
		tables           []string
		files            int
		records, rejects int64
	}
	groups := map[string]*group{}
	var order []string
	for _, r := range s.Results {
		if r.Status != ingest.StatusLoaded {
			continue
		}
		g := groups[r.Evidence.Format]
		if g == nil {
			g = &group{}
			groups[r.Evidence.Format] = g
			order = append(order, r.Evidence.Format)
		}
		g.files++
		g.records += r.Evidence.Records
		g.rejects += r.Evidence.Rejected
		for _, t := range strings.Split(r.Evidence.Table, ",") {
			if t != "" && !slices.Contains(g.tables, t) {
				g.tables = append(g.tables, t)
			}
		}
	}
	slices.Sort(order)
	var lines []string
	for _, f := range order {
		g := groups[f]
		slices.Sort(g.tables)
		tables := strings.Join(g.tables, ", ")
		if tables == "" {
			tables = "nothing loadable"
		}
		lines = append(lines, fmt.Sprintf("    %-26s %6d files  %11s records → %s", f, g.files, humanCount(g.records), tables))
	}
	return lines
}

// skipReasons groups skipped files by the first words of their note.
func skipReasons(s *ingest.Summary) string {
	counts := map[string]int{}
	var order []string
	for _, r := range s.Results {
		if r.Status != ingest.StatusSkipped {
			continue
		}
		reason := r.Evidence.Note
		if i := strings.IndexAny(reason, ":"); i > 0 {
			reason = reason[:i]
		}
		if counts[reason] == 0 {
			order = append(order, reason)
		}
		counts[reason]++
	}
	parts := make([]string, len(order))
	for i, r := range order {
		parts[i] = fmt.Sprintf("%s: %d", r, counts[r])
	}
	return strings.Join(parts, "; ")
}

func issueWhere(is store.Issue) string {
	switch {
	case is.Kind == store.IssueError:
		return "stopped"
	case is.Line > 0 && is.Record > 0:
		return fmt.Sprintf("line %d, record %d", is.Line, is.Record)
	case is.Line > 0:
		return fmt.Sprintf("line %d", is.Line)
	case is.Record > 0:
		return fmt.Sprintf("record %d", is.Record)
	}
	return is.Kind
}

// displayPath shows a path relative to the working directory when it is
// below it, as the user most likely typed it.
func displayPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// humanCount writes n with thousands separators.
func humanCount(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// knownTable reports whether name is a case table, spelled exactly (Log
// Analytics table names are case-sensitive).
func knownTable(name string) bool {
	for _, t := range formats.Tables() {
		if t.Name == name {
			return true
		}
	}
	return false
}

func tableNames() string {
	var names []string
	for _, t := range formats.Tables() {
		names = append(names, t.Name)
	}
	return strings.Join(names, ", ")
}
