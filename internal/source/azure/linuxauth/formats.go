// Package linuxauth reads Linux authentication logs — /var/log/secure and
// /var/log/auth.log as syslog writes them (RFC 3164 or high-precision ISO
// timestamps), journalctl's text output and `journalctl -o json` lines —
// into LinuxAuth_CL, one row per line, as the Log Analytics agent ships a
// custom text log: the line in RawData, its time in TimeGenerated and its
// host in Computer.
package linuxauth

import (
	"context"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// Formats lists the one format of this package. It claims only text whose
// first lines are mostly syslog lines from authentication programs, so it
// may be sniffed after the JSON formats and the other line formats.
var Formats = []source.Format{authFormat{}}

type authFormat struct{}

func (authFormat) Name() string                     { return "linux-auth" }
func (authFormat) Table() *source.Table             { return azure.LinuxAuthCL }
func (authFormat) Sniff(_ string, head []byte) bool { return sniff(head) }

func (authFormat) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	return parse(ctx, in, out)
}
