// Package awscli holds the AWS CLI v2's own rules, independent of any
// service: how it parses argv (argparse, shorthand syntax, JSON params,
// global options), how it prints results (--output json, table, text) and
// its error texts and exit codes. cloudhunt's drop-in `aws …` commands use it
// so that they print the same bytes as /usr/bin/aws (Debian awscli 2.9).
//
// Values are internal/jsonv values: nil, bool, string, jsonv.Number, []any
// and *jsonv.Object.
package awscli
