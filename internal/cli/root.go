// Package cli holds cloudhunt's commands: thin cobra wrappers that check
// flags, call the library packages (ingest, hunt, sample, …) and print.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes. A hunt that finds something still exits 0 unless the user
// asked for --fail-on-findings: finding things is what a successful run does.
const (
	exitOK       = 0
	exitError    = 1 // the run failed
	exitUsage    = 2 // bad flags or arguments
	exitFindings = 3 // --fail-on-findings and at least one finding
)

// IOStreams are the command's standard streams.
type IOStreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// ErrIsTTY reports whether stderr is a terminal (progress is drawn only then).
func (s *IOStreams) ErrIsTTY() bool { return isTerminal(s.Err) }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// usageError is a mistake in the command line; cobra's usage hint follows.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errFindings reports that --fail-on-findings was given and hunts found something.
var errFindings = errors.New("findings reported")

// globalOptions are the flags every command shares.
type globalOptions struct {
	CaseDir string
}

// defaultCaseDir is ./case unless CLOUDHUNT_CASE names another, so that the
// playbook's command lines need no --case.
func defaultCaseDir() string {
	if dir := os.Getenv("CLOUDHUNT_CASE"); dir != "" {
		return dir
	}
	return "case"
}

// Main runs cloudhunt with args and returns the process exit code.
func Main(args []string, in io.Reader, out, errOut io.Writer) int {
	streams := &IOStreams{In: in, Out: out, Err: errOut}
	// CLOUDHUNT_CPUPROFILE=file profiles a run: for work on cloudhunt's speed.
	if path := os.Getenv("CLOUDHUNT_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	root := newRootCmd(streams)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.Execute()
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	}
	var dropIn exitCode
	if errors.As(err, &dropIn) {
		return int(dropIn) // a drop-in CLI command: it printed its own error
	}
	fmt.Fprintln(errOut, "cloudhunt:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

func newRootCmd(streams *IOStreams) *cobra.Command {
	global := &globalOptions{}
	root := &cobra.Command{
		Use:   "cloudhunt",
		Short: "Threat hunting over cloud evidence: AWS and Azure logs, the hunting playbook, offline",
		Long: `cloudhunt ingests cloud evidence (CloudTrail, VPC flow logs, GuardDuty, Config, CloudWatch
Logs exports, S3 access logs, Azure sign-in/activity/storage logs, Log Analytics exports,
NSG flow logs, Linux auth logs, …) into a local case and runs the threat-hunting
playbook's hunts — and its own queries and CLI lines — over it.

  cloudhunt demo                          sample evidence → case → every hunt → report
  cloudhunt ingest EVIDENCE... --case DIR  load evidence files or folders into a case
  cloudhunt case info --case DIR           what the case holds, with evidence hashes
  cloudhunt hunt --case DIR                run the hunts
  cloudhunt query --lang kql|insights|athena|sql QUERY   run one of the playbook's queries
  cloudhunt aws … / cloudhunt az …         the playbook's CLI lines, answered from the case
  cloudhunt s3log useragent PATTERN        S3 requests by user agent (s3logparse.py useragent)`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&global.CaseDir, "case", defaultCaseDir(), "case folder (or set CLOUDHUNT_CASE)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see `%s --help`)", err, cmd.CommandPath())}
	})
	root.AddCommand(
		newDemoCmd(streams, global),
		newSampleCmd(streams, global),
		newIngestCmd(streams, global),
		newCaseCmd(streams, global),
		newHuntCmd(streams, global),
		newQueryCmd(streams, global),
		newAzCmd(streams, global),
		newAwsCmd(streams, global),
		newS3logCmd(streams, global),
	)
	return root
}
