package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/cloudhunt/cloudhunt/internal/sample"
)

type sampleOptions struct {
	Out     string
	Seed    int64
	Scale   float64
	Workers int
	Force   bool
}

func newSampleCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	opts := &sampleOptions{}
	cmd := &cobra.Command{
		Use:   "sample",
		Short: "Write realistic sample AWS and Azure evidence with known attacks and their ground truth",
		Long: `Write a week of sample evidence (2024-03-04 to 2024-03-11) with attacks on
2024-03-08.

aws/: CloudTrail logs of two accounts and two regions in their S3 layout (one
account under an organization trail, plus a digest file), VPC flow logs of three VPCs
(default and custom formats), a lookup-events export and a CloudWatch Logs export;
GuardDuty (get-findings and S3 export), Macie and CloudWatch Logs data-protection findings,
Config history and snapshots, describe-instances / describe-security-groups /
describe-alarms output, Inspector findings, EKS container and API Gateway access logs
exported from CloudWatch Logs, and S3 server access logs.

azure/: Entra ID sign-ins (diagnostic-settings blobs and a portal CSV export),
managed-identity sign-ins, storage and NSG flow logs as diagnostic settings write them,
directory audits from Microsoft Graph, az CLI output (activity log, role assignments,
security alerts), Log Analytics query results (az and API responses) and the VMs'
/var/log/secure: a password spray, VM tampering, a stolen managed-identity token, data
staging and exfiltration, SSH brute force, a port scan, a C2 beacon and SQL injection.

ground-truth.json names what every AWS and Azure hunt must find, and why.

The same --seed and --scale always write the same bytes. --scale multiplies the
benign background (about 20k CloudTrail events, 100k flow records and 6k Azure rows
at 1), never the attack; --scale 50 writes over 1M events and 5M flow records for benchmarks.`,
		Example: `  cloudhunt sample --out evidence
  cloudhunt sample --out /tmp/bench --scale 50
  cloudhunt sample --out evidence && cloudhunt ingest evidence && cloudhunt hunt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case opts.Out == "":
				return usagef("--out must name a folder")
			case !(opts.Scale > 0 && opts.Scale <= sample.MaxScale):
				return usagef("--scale must be above 0 and at most %d", sample.MaxScale)
			case opts.Workers < 0:
				return usagef("--workers must be 0 (one per core) or more")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			_, err := runSample(ctx, streams, *opts)
			return err
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "evidence", "folder to write the evidence into (must be empty unless --force)")
	cmd.Flags().Int64Var(&opts.Seed, "seed", 7, "random seed: the same seed and scale give the same files")
	cmd.Flags().Float64Var(&opts.Scale, "scale", 1, "size of the benign background (1 ≈ 20k events, 100k flow records)")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "files written at once (0: one per core)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a folder that is not empty (an earlier sample there is replaced)")
	return cmd
}

// runSample checks the output folder, writes the sample and prints its
// summary. The demo command uses it too.
func runSample(ctx context.Context, streams *IOStreams, opts sampleOptions) (*sample.Summary, error) {
	if err := prepareSampleDir(opts.Out, opts.Force); err != nil {
		return nil, err
	}
	var done, total atomic.Int64
	stopProgress := startProgress(streams, func(elapsed time.Duration) string {
		d, t := done.Load(), total.Load()
		return fmt.Sprintf("sample: %5.1f%%  %s of ~%s generated  %s", percent(d, t), humanBytes(d), humanBytes(t), elapsed)
	})
	start := time.Now()
	summary, err := sample.Generate(ctx, opts.Out, sample.Options{
		Seed:    opts.Seed,
		Scale:   opts.Scale,
		Workers: opts.Workers,
		Progress: func(d, t int64) {
			done.Store(d)
			total.Store(t)
		},
	})
	stopProgress()
	if err != nil {
		return nil, err
	}
	printSampleSummary(streams.Out, opts, summary, time.Since(start))
	return summary, nil
}

// prepareSampleDir refuses a folder that already holds something, unless
// force is set. When the folder holds an earlier sample (it has a
// ground-truth.json), force removes that sample's aws/, azure/ and
// ground-truth.json first, so that no stale file outlives the new ground
// truth (a smaller --scale writes fewer files). It never deletes anything
// from a folder that is not a sample: an aws/ folder there may be real
// evidence.
func prepareSampleDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) == 0:
		return nil
	case !force:
		return usagef("%s is not empty: choose another --out, or add --force to write into it", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, sample.GroundTruthFile)); err != nil {
		return nil // not an earlier sample: write alongside, remove nothing
	}
	for _, sub := range []string{"aws", "azure"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return err
		}
	}
	if err := os.Remove(filepath.Join(dir, sample.GroundTruthFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func printSampleSummary(w io.Writer, opts sampleOptions, s *sample.Summary, elapsed time.Duration) {
	fmt.Fprintf(w, "Wrote sample evidence to %s in %s (seed %d, scale %g)\n", opts.Out, elapsed.Round(time.Millisecond), opts.Seed, opts.Scale)
	fmt.Fprintf(w, "  files              %s (%s)\n", humanCount(int64(s.Files)), humanBytes(s.Bytes))
	fmt.Fprintf(w, "  CloudTrail events  %s\n", humanCount(s.CloudTrailEvents))
	fmt.Fprintf(w, "  VPC flow records   %s\n", humanCount(s.FlowRecords))
	fmt.Fprintf(w, "  Azure rows         %s\n", humanCount(s.AzureRows))
	fmt.Fprintf(w, "  ground truth       %s\n", filepath.Join(opts.Out, sample.GroundTruthFile))
}
