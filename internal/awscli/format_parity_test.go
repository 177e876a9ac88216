package awscli

import (
	"bytes"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"strings"
	"testing"
)

// formatCases are query results; the real CLI produces each one from a
// JMESPath literal (`…`), so any JSON shape can be compared without a
// service model.
var formatCases = []struct {
	name string
	doc  string
}{
	{"null", `null`},
	{"empty list", `[]`},
	{"empty object", `{}`},
	{"empty string", `""`},
	{"string", `"i-0abc"`},
	{"zero", `0`},
	{"false", `false`},
	{"true", `true`},
	{"int", `42`},
	{"float", `5.0`},
	{"small float", `0.00001`},
	{"big float", `1e16`},
	{"float list", `[1.5, 2, 3.25e2, -0.0]`},
	{"scalar list", `["a", 1, null, true]`},
	{"list of lists", `[["a", "b"], ["c", "d"]]`},
	{"dicts differing keys", `[{"b": 1, "a": "x"}, {"c": true, "a": "y"}, {"a": null}]`},
	{"dict one key", `{"Name": "value"}`},
	{"dict", `{"Zeta": 1, "Alpha": "two", "Mid": null}`},
	{"nested", `{"Reservations": [{"Id": "r-1", "Instances": [{"InstanceId": "i-1", "State": {"Name": "running", "Code": 16}}, {"InstanceId": "i-2", "Tags": [{"Key": "Name", "Value": "web"}]}]}, {"Id": "r-2", "Owner": "123"}]}`},
	{"nested list scalars", `{"Ids": ["a", "b"], "Count": 2}`},
	{"unicode", `[{"Name": "café", "City": "東京", "Emoji": "😀", "Text": "Ωmega ±"}]`},
	{"escapes", `{"s": "tab\there \"q\" back\\slash\nnl \u0001"}`},
	{"wide table", `[{"EventId": "3b8f0a7e-1111-4c3e-9a0b-0f2c3d4e5f60", "EventName": "ListBuckets", "EventTime": "2023-08-09T14:03:11+00:00", "Username": "i-0abc123def4567890", "EventSource": "s3.amazonaws.com"}]`},
	{"wide table two rows", `[{"EventId": "3b8f0a7e-1111-4c3e-9a0b-0f2c3d4e5f60", "EventName": "ListBuckets", "EventTime": "2023-08-09T14:03:11+00:00", "Username": "i-0abc123def4567890"}, {"EventId": "9c1d2e3f-2222-4a5b-8c7d-1e2f3a4b5c6d", "EventName": "ListBuckets", "EventTime": "2023-08-09T13:58:40+00:00", "Username": "alice"}]`},
	{"wide nested", `{"Group": {"GroupId": "sg-0123456789abcdef0", "GroupName": "a-really-long-security-group-name", "Description": "allows everything from everywhere"}, "Perms": [{"FromPort": 22, "ToPort": 22, "IpProtocol": "tcp"}]}`},
	{"long title", `{"a": {"b": [1]}}`},
}

func TestFormatParity(t *testing.T) {
	fake := NewFakeEndpoint()
	defer fake.Close()
	fake.Handle(lookupEventsTarget, func(*jsonv.Object) (any, *FakeError) {
		return jsonv.NewObject().Set("Events", []any{}), nil
	})
	t.Run("cases", func(t *testing.T) {
		formatParityCases(t, fake.URL)
	})
}

func formatParityCases(t *testing.T, endpoint string) {
	for _, tc := range formatCases {
		for _, output := range []string{"json", "table", "text"} {
			t.Run(tc.name+"/"+output, func(t *testing.T) {
				t.Parallel()
				want := runRealCLI(t, endpoint, "cloudtrail", "lookup-events", "--query", "`"+tc.doc+"`", "--output", output)
				if want.code != 0 {
					t.Fatalf("real CLI failed (%d): %s", want.code, want.stderr)
				}
				v := mustDecode(t, tc.doc)
				var got bytes.Buffer
				var err error
				switch output {
				case "json":
					err = FormatJSON(&got, v)
				case "table":
					err = FormatTable(&got, "LookupEvents", v, 80)
				case "text":
					err = FormatText(&got, v)
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.String() != want.stdout {
					t.Errorf("output differs\n--- got\n%s\n--- real CLI\n%s", got.String(), want.stdout)
				}
			})
		}
	}
}

// TestFormatTableExample pins the table from the reference (§8.3) without
// the real CLI, so the geometry is checked on every machine.
func TestFormatTableExample(t *testing.T) {
	v := mustDecode(t, formatCases[len(formatCases)-3].doc)
	var got bytes.Buffer
	if err := FormatTable(&got, "LookupEvents", v, 200); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"-------------------------------------------------------------------------------------------------------------",
		"|                                               LookupEvents                                                |",
		"+---------------------------------------+--------------+-----------------------------+----------------------+",
		"|                EventId                |  EventName   |          EventTime          |      Username        |",
		"+---------------------------------------+--------------+-----------------------------+----------------------+",
		"|  3b8f0a7e-1111-4c3e-9a0b-0f2c3d4e5f60 |  ListBuckets |  2023-08-09T14:03:11+00:00  |  i-0abc123def4567890 |",
		"|  9c1d2e3f-2222-4a5b-8c7d-1e2f3a4b5c6d |  ListBuckets |  2023-08-09T13:58:40+00:00  |  alice               |",
		"+---------------------------------------+--------------+-----------------------------+----------------------+",
		"",
	}, "\n")
	if got.String() != want {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want)
	}
}
