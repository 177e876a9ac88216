// Command cloudhunt hunts for threats in cloud evidence: it ingests AWS and
// Azure logs into a local case and runs the threat-hunting playbook over it.
package main

import (
	"os"

	"github.com/cloudhunt/cloudhunt/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
