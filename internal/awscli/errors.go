package awscli

import "strings"

// Exit codes of the AWS CLI v2.
const (
	ExitOK          = 0
	ExitClientError = 252 // command line and parameter validation errors
	ExitServiceErr  = 254 // the service answered with an error
	ExitGeneral     = 255 // any other failure
)

// usageText is what argparse prints as usage before a parse error.
const usageText = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n" +
	"To see help text, you can run:\n" +
	"\n" +
	"  aws help\n" +
	"  aws <command> help\n" +
	"  aws <command> <subcommand> help\n"

// Error is a failure the CLI reports on stderr before calling the service.
type Error struct {
	Msg   string // the message, e.g. "argument --x: expected one argument"
	Usage bool   // argparse style: usage text, then "aws: error: Msg"
	Code  int    // exit code
	// unknown marks "Unknown options: …", printed after the usage text
	// without the "aws: error: " prefix.
	unknown bool
	// usage replaces usageText (the CLI's --profile/--debug pre-parser has
	// its own).
	usage string
}

func (e *Error) Error() string { return e.Msg }

// Stderr is exactly what the CLI writes to stderr for e.
func (e *Error) Stderr() string {
	var b strings.Builder
	b.WriteString("\n")
	switch {
	case e.unknown:
		b.WriteString(usageText + "\n" + e.Msg + "\n\n")
	case e.Usage:
		usage := usageText
		if e.usage != "" {
			usage = e.usage
		}
		b.WriteString(usage + "\n" + "aws: error: " + e.Msg + "\n\n")
	default:
		b.WriteString(e.Msg + "\n")
	}
	return b.String()
}

func argError(msg string) *Error {
	return &Error{Msg: msg, Usage: true, Code: ExitClientError}
}

func paramError(msg string) *Error {
	return &Error{Msg: msg, Code: ExitClientError}
}
