package awsconfig

import (
	"strings"
	"testing"
)

// The two configuration items of testdata/config-history-api.json, as rows.
var wantConfigRows = []map[string]any{
	{
		"configurationItemCaptureTime": utc("2024-03-08T10:15:02.391Z"),
		"version":                      "1.3",
		"accountId":                    "123456789012",
		"configurationItemStatus":      "OK",
		"configurationStateId":         "1709892902391",
		"configurationItemMD5Hash":     "",
		"arn":                          "arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0",
		"resourceType":                 "AWS::EC2::Instance",
		"resourceId":                   "i-1234567890abcdef0",
		"awsRegion":                    "us-east-1",
		"availabilityZone":             "us-east-1a",
		"resourceCreationTime":         utc("2024-03-08T10:11:12Z"),
		"tags":                         `{"Name":"SherlocksBlog"}`,
		"relatedEvents":                `["6d1e4f6a-0d4c-4a8e-9b8e-2f3c1a7b9d10"]`,
		"relationships":                `[{"resourceType":"AWS::EC2::SecurityGroup","resourceId":"sg-0598c7d356eba48d7","relationshipName":"Is associated with SecurityGroup"}]`,
		"configuration":                `{"instanceId":"i-1234567890abcdef0","instanceType":"t3.micro","securityGroups":[{"groupName":"blog-sg","groupId":"sg-0598c7d356eba48d7"}],"metadataOptions":{"httpTokens":"optional","httpPutResponseHopLimit":1}}`,
		"supplementaryConfiguration":   `{}`,
		"raw": `{"version":"1.3","accountId":"123456789012","configurationItemCaptureTime":"2024-03-08T10:15:02.391000+00:00",` +
			`"configurationItemStatus":"OK","configurationStateId":"1709892902391","configurationItemMD5Hash":"",` +
			`"arn":"arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0","resourceType":"AWS::EC2::Instance",` +
			`"resourceId":"i-1234567890abcdef0","awsRegion":"us-east-1","availabilityZone":"us-east-1a",` +
			`"resourceCreationTime":"2024-03-08T10:11:12+00:00","tags":{"Name":"SherlocksBlog"},` +
			`"relatedEvents":["6d1e4f6a-0d4c-4a8e-9b8e-2f3c1a7b9d10"],` +
			`"relationships":[{"resourceType":"AWS::EC2::SecurityGroup","resourceId":"sg-0598c7d356eba48d7","relationshipName":"Is associated with SecurityGroup"}],` +
			`"configuration":"{\"instanceId\":\"i-1234567890abcdef0\",\"instanceType\":\"t3.micro\",\"securityGroups\":[{\"groupName\":\"blog-sg\",\"groupId\":\"sg-0598c7d356eba48d7\"}],\"metadataOptions\":{\"httpTokens\":\"optional\",\"httpPutResponseHopLimit\":1}}",` +
			`"supplementaryConfiguration":{}}`,
	},
	{
		"configurationItemCaptureTime": utc("2024-03-08T10:20:00Z"),
		"version":                      "1.3",
		"accountId":                    "123456789012",
		"configurationItemStatus":      "OK",
		"configurationStateId":         "1709893200000",
		"configurationItemMD5Hash":     "",
		"arn":                          "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0598c7d356eba48d7",
		"resourceType":                 "AWS::EC2::SecurityGroup",
		"resourceId":                   "sg-0598c7d356eba48d7",
		"resourceName":                 "blog-sg",
		"awsRegion":                    "us-east-1",
		"availabilityZone":             "Not Applicable",
		"tags":                         `{}`,
		"relatedEvents":                `[]`,
		"relationships":                `[]`,
		"configuration":                `{"groupName":"blog-sg","ipPermissions":[{"fromPort":4444,"ipProtocol":"tcp","toPort":4444,"ipRanges":["0.0.0.0/0"]}]}`,
		"supplementaryConfiguration":   `{"Example":"{\"a\":[1,2.50]}"}`,
		"raw": `{"version":"1.3","accountId":"123456789012","configurationItemCaptureTime":"2024-03-08T10:20:00+00:00",` +
			`"configurationItemStatus":"OK","configurationStateId":"1709893200000","configurationItemMD5Hash":"",` +
			`"arn":"arn:aws:ec2:us-east-1:123456789012:security-group/sg-0598c7d356eba48d7","resourceType":"AWS::EC2::SecurityGroup",` +
			`"resourceId":"sg-0598c7d356eba48d7","resourceName":"blog-sg","awsRegion":"us-east-1","availabilityZone":"Not Applicable",` +
			`"tags":{},"relatedEvents":[],"relationships":[],` +
			`"configuration":"{\"groupName\":\"blog-sg\",\"ipPermissions\":[{\"fromPort\":4444,\"ipProtocol\":\"tcp\",\"toPort\":4444,\"ipRanges\":[\"0.0.0.0/0\"]}]}",` +
			`"supplementaryConfiguration":{"Example":"{\"a\":[1,2.50]}"}}`,
	},
}

// TestConfigItems reads get-resource-config-history output and Config's
// S3 history file holding the same items: both give the same rows, raw in
// the API's shape.
func TestConfigItems(t *testing.T) {
	tests := []struct {
		file string
		locs []int64 // line of each item
	}{
		{"config-history-api.json", []int64{3, 32}},
		{"config-history-s3.json", []int64{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			w := mustParse(t, "aws-config-items", readTestdata(t, tt.file))
			checkIssues(t, "rejects", w.rejects)
			checkIssues(t, "warnings", w.warns)
			if len(w.rows) != len(wantConfigRows) {
				t.Fatalf("%d rows, want %d", len(w.rows), len(wantConfigRows))
			}
			for i, want := range wantConfigRows {
				if w.rows[i].loc != loc(tt.locs[i], int64(i+1)) {
					t.Errorf("row %d at %v", i, w.rows[i].loc)
				}
				checkRow(t, w.rows[i], want)
			}
		})
	}
}

// TestConfigSnapshot reads a snapshot file, whose envelope has more keys,
// and items with a deleted resource (no configuration).
func TestConfigSnapshot(t *testing.T) {
	text := `{"fileVersion":"1.0","configSnapshotId":"5fd1a5a7-7d1e-4ea3-9b5f-6d0b0a2b2b11","configurationItems":[` + "\n" +
		`{"relatedEvents":[],"relationships":[],"configuration":null,"supplementaryConfiguration":{},"tags":{},` +
		`"configurationItemVersion":"1.3","configurationItemCaptureTime":"2024-03-09T01:02:03.5Z","configurationStateId":7,` +
		`"awsAccountId":"123456789012","configurationItemStatus":"ResourceDeleted","resourceType":"AWS::EC2::Instance",` +
		`"resourceId":"i-0dead","resourceName":null,"ARN":"arn:aws:ec2:us-east-1:123456789012:instance/i-0dead",` +
		`"awsRegion":"us-east-1","availabilityZone":"us-east-1b","configurationStateMd5Hash":"abc","resourceCreationTime":null,"newKey":{"x":1}}]}`
	w := mustParse(t, "aws-config-items", text)
	if len(w.rows) != 1 {
		t.Fatalf("%d rows, rejects %v", len(w.rows), w.rejects)
	}
	checkRow(t, w.rows[0], map[string]any{
		"configurationItemCaptureTime": utc("2024-03-09T01:02:03.5Z"),
		"version":                      "1.3",
		"accountId":                    "123456789012",
		"configurationItemStatus":      "ResourceDeleted",
		"configurationStateId":         "7",
		"configurationItemMD5Hash":     "abc",
		"arn":                          "arn:aws:ec2:us-east-1:123456789012:instance/i-0dead",
		"resourceType":                 "AWS::EC2::Instance",
		"resourceId":                   "i-0dead",
		"awsRegion":                    "us-east-1",
		"availabilityZone":             "us-east-1b",
		"tags":                         `{}`,
		"relatedEvents":                `[]`,
		"relationships":                `[]`,
		"supplementaryConfiguration":   `{}`,
		"raw": `{"version":"1.3","accountId":"123456789012","configurationItemCaptureTime":"2024-03-09T01:02:03.500000+00:00",` +
			`"configurationItemStatus":"ResourceDeleted","configurationStateId":"7","configurationItemMD5Hash":"abc",` +
			`"arn":"arn:aws:ec2:us-east-1:123456789012:instance/i-0dead","resourceType":"AWS::EC2::Instance","resourceId":"i-0dead",` +
			`"awsRegion":"us-east-1","availabilityZone":"us-east-1b","tags":{},"relatedEvents":[],"relationships":[],` +
			`"supplementaryConfiguration":{},"newKey":{"x":1}}`,
	})
	if w.rows[0].loc != loc(2, 1) {
		t.Errorf("row at %v", w.rows[0].loc)
	}
}

// TestConfigSelect reads select-resource-config output: each result a JSON
// string of the selected fields; tags as [{key, value}] become the API's map.
func TestConfigSelect(t *testing.T) {
	w := mustParse(t, "aws-config-select", readTestdata(t, "config-select.json"))
	checkIssues(t, "rejects", w.rejects)
	if len(w.rows) != 2 {
		t.Fatalf("%d rows", len(w.rows))
	}
	checkRow(t, w.rows[0], map[string]any{
		"configurationItemCaptureTime": utc("2024-03-08T10:15:02.391Z"),
		"resourceId":                   "i-1234567890abcdef0",
		"resourceType":                 "AWS::EC2::Instance",
		"configuration":                `{"instanceType":"t3.micro"}`,
		"tags":                         `{"Name":"SherlocksBlog"}`,
		"raw": `{"configurationItemCaptureTime":"2024-03-08T10:15:02.391000+00:00","resourceType":"AWS::EC2::Instance",` +
			`"resourceId":"i-1234567890abcdef0","tags":{"Name":"SherlocksBlog"},"configuration":"{\"instanceType\":\"t3.micro\"}"}`,
	})
	checkRow(t, w.rows[1], map[string]any{
		"resourceId":   "sg-0598c7d356eba48d7",
		"resourceType": "AWS::EC2::SecurityGroup",
		"raw":          `{"resourceId":"sg-0598c7d356eba48d7","resourceType":"AWS::EC2::SecurityGroup"}`,
	})
	if w.rows[0].loc != loc(3, 1) || w.rows[1].loc != loc(4, 2) {
		t.Errorf("locations %v %v", w.rows[0].loc, w.rows[1].loc)
	}
	// An item without a capture time loads, with a warning.
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(4, 2), "no configurationItemCaptureTime"})
}

// TestConfigBadItems: items that cannot load are rejected with their place;
// the rest load.
func TestConfigBadItems(t *testing.T) {
	good := `{"resourceId":"i-1","configurationItemCaptureTime":"2024-03-08T10:15:02Z"}`
	tests := []struct {
		name, item string
		reject     string
		warn       string
	}{
		{"not an object", `"i-1"`, "configuration item is a string, expected a JSON object", ""},
		{"invalid JSON", `{"resourceId":"i-1",}`, "configuration item is not valid JSON: invalid character '}'", ""},
		{"bad literal", `{"resourceId":tru}`, "configuration item is not valid JSON", ""},
		{"bad time", `{"resourceId":"i-1","configurationItemCaptureTime":"yesterday"}`, "", "configurationItemCaptureTime is not a time"},
		{"configuration not JSON", `{"resourceId":"i-1","configurationItemCaptureTime":"2024-03-08T10:15:02Z","configuration":"{oops"}`, "", "configuration is not valid JSON"},
		{"invalid UTF-8", "{\"resourceId\":\"i-\xff\"}", "configuration item is not valid JSON: invalid UTF-8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "{\"configurationItems\": [\n" + good + ",\n" + tt.item + ",\n" + good + "\n]}"
			w := mustParse(t, "aws-config-items", text)
			checkInvariants(t, w)
			rows := 2
			if tt.reject == "" {
				rows = 3
				checkIssues(t, "rejects", w.rejects)
				checkIssues(t, "warnings", w.warns, fakeIssue{loc(3, 2), tt.warn})
			} else {
				checkIssues(t, "rejects", w.rejects, fakeIssue{loc(3, 2), tt.reject})
			}
			if len(w.rows) != rows {
				t.Fatalf("%d rows, want %d", len(w.rows), rows)
			}
			if last := w.rows[len(w.rows)-1]; last.loc != loc(4, 3) {
				t.Errorf("last row at %v", last.loc)
			}
		})
	}
}

func TestConfigSelectBadResults(t *testing.T) {
	text := `{"Results": [` + "\n" +
		`42,` + "\n" +
		`"{not json",` + "\n" +
		`"[1]",` + "\n" +
		`"{\"resourceId\":\"i-1\",\"configurationItemCaptureTime\":\"2024-03-08T10:15:02Z\"}"` + "\n" +
		`], "QueryInfo": {}}`
	w := mustParse(t, "aws-config-select", text)
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{loc(2, 1), "result is a number, expected a JSON string holding an object"},
		fakeIssue{loc(3, 2), "result string is not valid JSON"},
		fakeIssue{loc(4, 3), "result string holds an array, expected a JSON object"},
	)
	if len(w.rows) != 1 || w.rows[0].loc != loc(5, 4) {
		t.Fatalf("rows %v", w.rows)
	}
}

func TestToAPIItemKeepsAPIItems(t *testing.T) {
	text := readTestdata(t, "config-history-api.json")
	w := mustParse(t, "aws-config-items", text)
	// raw of an API item is the item as printed, compacted.
	raw := w.rows[0].values[ConfigItems.ColumnIndex("raw")].(string)
	if !strings.HasPrefix(raw, `{"version":"1.3","accountId":"123456789012","configurationItemCaptureTime":"2024-03-08T10:15:02.391000+00:00"`) {
		t.Errorf("raw = %s", raw)
	}
}
