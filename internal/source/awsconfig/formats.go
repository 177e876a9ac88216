package awsconfig

import (
	"context"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// format is one CLI output (or S3 delivery) this package reads. Each walks
// the file's top-level objects and the arrays of items inside them.
type format struct {
	name  string
	table *source.Table
	sniff func(h *headObject) bool
	walk  func(w *walker) error // one top-level object, at its '{'
}

// Formats lists the formats of this package. Each sniffer looks for its
// own top-level member (configurationItems, Results, Reservations,
// SecurityGroups, MetricAlarms …), so no two claim the same file.
var Formats = []source.Format{
	&format{name: "aws-config-items", table: ConfigItems, sniff: sniffConfigItems, walk: walkConfigItems},
	&format{name: "aws-config-select", table: ConfigItems, sniff: sniffConfigSelect, walk: walkConfigSelect},
	&format{name: "aws-ec2-describe-instances", table: Instances, sniff: sniffInstances, walk: reservation},
	&format{name: "aws-ec2-describe-security-groups", table: SecurityGroups, sniff: sniffSecurityGroups, walk: walkSecurityGroups},
	&format{name: "aws-cloudwatch-describe-alarms", table: Alarms, sniff: sniffAlarms, walk: walkAlarms},
}

// Skips lists Config's S3 files that hold no configuration items.
var Skips = []source.Skip{{
	Name:   "aws-config-writability-check",
	Reason: "AWS Config writability check file: a test object Config writes to its bucket, holds no configuration items",
	Match: func(path string, _ []byte) bool {
		return strings.HasSuffix(strings.ReplaceAll(path, `\`, "/"), "/ConfigWritabilityCheckFile")
	},
}}

func (f *format) Name() string         { return f.name }
func (f *format) Table() *source.Table { return f.table }

// Sniff looks at the content only: the CLI's output is saved under any name.
func (f *format) Sniff(_ string, head []byte) bool {
	h := readHead(head)
	return h != nil && f.sniff(h)
}

func (f *format) Parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	w := newWalker(ctx, in.R, out)
	return w.documents(func() error { return f.walk(w) })
}

// walkConfigItems reads {"configurationItems":[…]}: get-resource-config-
// history output and Config's S3 history and snapshot files; also
// batch-get-resource-config's {"baseConfigurationItems":[…]}.
func walkConfigItems(w *walker) error {
	return w.object(func(key string) error {
		switch key {
		case "configurationItems", "baseConfigurationItems":
			return w.items("configuration item", func(loc source.Location, o *jsonv.Object) error {
				return configRow(w.out, loc, o)
			})
		}
		return w.skip()
	})
}

// walkConfigSelect reads select-resource-config output:
// {"Results":["<JSON string>", …], "QueryInfo":{…}}.
func walkConfigSelect(w *walker) error {
	return w.object(func(key string) error {
		if key == "Results" {
			return w.elements(func(loc source.Location) error { return selectResult(w, loc) })
		}
		return w.skip()
	})
}

// walkSecurityGroups reads {"SecurityGroups":[…]}.
func walkSecurityGroups(w *walker) error {
	return w.object(func(key string) error {
		if key == "SecurityGroups" {
			return w.items("security group", func(loc source.Location, o *jsonv.Object) error {
				return securityGroupRows(w.out, loc, o)
			})
		}
		return w.skip()
	})
}

// walkAlarms reads {"MetricAlarms":[…], "CompositeAlarms":[…]}.
func walkAlarms(w *walker) error {
	return w.object(func(key string) error {
		kind := map[string]string{"MetricAlarms": "metric", "CompositeAlarms": "composite"}[key]
		if kind == "" {
			return w.skip()
		}
		return w.items("alarm", func(loc source.Location, o *jsonv.Object) error {
			return alarmRow(w.out, loc, o, kind)
		})
	})
}
