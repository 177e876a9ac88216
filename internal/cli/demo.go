package cli

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

type demoOptions struct {
	Seed   int64
	Scale  float64
	Keep   string
	Format string
}

func newDemoCmd(streams *IOStreams, global *globalOptions) *cobra.Command {
	opts := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Sample evidence → case → every hunt → report, in a temporary folder",
		Long: `Run the whole job on sample evidence: write a week of AWS evidence with a known
attack (cloudhunt sample), ingest it into a new case, run every hunt and report
the findings. Everything happens in a temporary folder that is removed at the
end, unless --keep names a folder to keep the evidence and case in.`,
		Example: `  cloudhunt demo
  cloudhunt demo --keep /tmp/demo && cloudhunt hunt --case /tmp/demo/case --findings`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			dir := opts.Keep
			if dir == "" {
				tmp, err := os.MkdirTemp("", "cloudhunt-demo-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				dir = tmp
			}
			evidence := filepath.Join(dir, "evidence")
			caseDir := filepath.Join(dir, "case")
			if _, err := os.Stat(caseDir); err == nil {
				return usagef("%s already holds a case: --keep needs a new or empty folder", dir)
			}

			fmt.Fprintf(streams.Out, "== 1. Sample evidence (cloudhunt sample --out %s --seed %d --scale %g)\n", evidence, opts.Seed, opts.Scale)
			if _, err := runSample(ctx, streams, sampleOptions{Out: evidence, Seed: opts.Seed, Scale: opts.Scale}); err != nil {
				return err
			}
			// The sample's evidence is under aws/ and azure/; ground-truth.json
			// beside them is the answer key, not evidence.
			paths := []string{filepath.Join(evidence, "aws"), filepath.Join(evidence, "azure")}
			fmt.Fprintf(streams.Out, "\n== 2. Ingest (cloudhunt ingest %s --case %s)\n", strings.Join(paths, " "), caseDir)
			if _, err := runIngest(ctx, streams, caseDir, paths, ingestOptions{MaxIssues: 20}); err != nil {
				return err
			}
			fmt.Fprintf(streams.Out, "\n== 3. Hunt (cloudhunt hunt --case %s --findings)\n", caseDir)
			err := runHunt(ctx, streams, &globalOptions{CaseDir: caseDir}, &huntOptions{Format: opts.Format, Findings: true})
			if err != nil {
				return err
			}
			if opts.Keep != "" {
				fmt.Fprintf(streams.Out, "\nThe evidence and the case are in %s. Try:\n  cloudhunt case info --case %s\n  cloudhunt hunt --case %s --attack T1562 --findings\n",
					dir, caseDir, caseDir)
			}
			return nil
		},
	}
	cmd.Flags().Int64Var(&opts.Seed, "seed", 7, "random seed of the sample evidence")
	cmd.Flags().Float64Var(&opts.Scale, "scale", 1, "size of the sample's benign background")
	cmd.Flags().StringVar(&opts.Keep, "keep", "", "keep the evidence and case in this folder instead of a temporary one")
	cmd.Flags().StringVar(&opts.Format, "format", "table", "output format of the hunt report")
	return cmd
}
