package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/sample"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

var (
	sampleOnce    sync.Once
	sampleCaseDir string
	sampleErr     error
	sampleRoot    string
)

func TestMain(m *testing.M) {
	// The playbook test runs this binary as `aws` and `az` from bash.
	if os.Getenv("CLOUDHUNT_TEST_MAIN") == "1" {
		args := os.Args[1:]
		if len(args) > 0 && strings.HasPrefix(args[0], "-test.") {
			args = args[1:]
		}
		os.Exit(Main(args, os.Stdin, os.Stdout, os.Stderr))
	}
	// The drop-in CLIs print times in local time, as the AWS CLI v2 does;
	// the tests compare with the real CLI run with TZ=UTC.
	time.Local = time.UTC
	code := m.Run()
	if sampleRoot != "" {
		os.RemoveAll(sampleRoot)
	}
	os.Exit(code)
}

// sampleCase is a case holding the sample evidence (CloudTrail, flow logs,
// the Azure tables; the attacks of 2024-03-08) at a small scale, built once for the package's
// tests. Tests only read it.
func sampleCase(t *testing.T) string {
	t.Helper()
	sampleOnce.Do(func() {
		sampleRoot, sampleErr = os.MkdirTemp("", "cloudhunt-cli-sample-")
		if sampleErr != nil {
			return
		}
		evidence := filepath.Join(sampleRoot, "evidence")
		if _, sampleErr = sample.Generate(context.Background(), evidence, sample.Options{Seed: 7, Scale: 0.1}); sampleErr != nil {
			return
		}
		dir := filepath.Join(sampleRoot, "case")
		c, err := store.Open(dir, formats.Tables(), store.Options{Create: true})
		if err != nil {
			sampleErr = err
			return
		}
		defer c.Close()
		_, sampleErr = ingest.Run(context.Background(), c, []string{filepath.Join(evidence, "aws"), filepath.Join(evidence, "azure")},
			ingest.Options{Formats: formats.All(), Skips: formats.Skips()})
		sampleCaseDir = dir
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleCaseDir
}
