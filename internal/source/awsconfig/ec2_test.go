package awsconfig

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

func TestInstances(t *testing.T) {
	w := mustParse(t, "aws-ec2-describe-instances", readTestdata(t, "describe-instances.json"))
	checkIssues(t, "rejects", w.rejects)
	checkIssues(t, "warnings", w.warns)
	if len(w.rows) != 3 {
		t.Fatalf("%d rows", len(w.rows))
	}
	checkRow(t, w.rows[0], map[string]any{
		"InstanceId":            "i-1234567890abcdef0",
		"Name":                  "SherlocksBlog",
		"InstanceType":          "t3.micro",
		"StateName":             "running",
		"LaunchTime":            utc("2024-03-08T10:11:12Z"),
		"ImageId":               "ami-0abcdef1234567890",
		"KeyName":               "MyKeyPair",
		"PrivateIpAddress":      "10.0.0.157",
		"PublicIpAddress":       "34.253.223.13",
		"VpcId":                 "vpc-1234567890abcdef0",
		"SubnetId":              "subnet-04a636d18e83cfacb",
		"AvailabilityZone":      "us-east-1a",
		"Platform":              "Linux/UNIX",
		"IamInstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/SherlocksBlogRole",
		"HttpTokens":            "optional",
		"HttpEndpoint":          "enabled",
		"ImdsV1Allowed":         true,
		"SecurityGroups":        `[{"GroupName":"blog-sg","GroupId":"sg-0598c7d356eba48d7"}]`,
		"Tags":                  `[{"Key":"Name","Value":"SherlocksBlog"},{"Key":"Env","Value":"prod <web> & co"}]`,
		"ReservationId":         "r-1234567890abcdef0",
		"OwnerId":               "123456789012",
		"raw": `{"AmiLaunchIndex":0,"ImageId":"ami-0abcdef1234567890","InstanceId":"i-1234567890abcdef0","InstanceType":"t3.micro",` +
			`"KeyName":"MyKeyPair","LaunchTime":"2024-03-08T10:11:12+00:00","Monitoring":{"State":"disabled"},` +
			`"Placement":{"AvailabilityZone":"us-east-1a","GroupName":"","Tenancy":"default"},` +
			`"PrivateDnsName":"ip-10-0-0-157.ec2.internal","PrivateIpAddress":"10.0.0.157","ProductCodes":[],` +
			`"PublicDnsName":"ec2-34-253-223-13.compute-1.amazonaws.com","PublicIpAddress":"34.253.223.13",` +
			`"State":{"Code":16,"Name":"running"},"StateTransitionReason":"","SubnetId":"subnet-04a636d18e83cfacb",` +
			`"VpcId":"vpc-1234567890abcdef0","Architecture":"x86_64",` +
			`"IamInstanceProfile":{"Arn":"arn:aws:iam::123456789012:instance-profile/SherlocksBlogRole","Id":"AIPAJQ3Y5EXAMPLE"},` +
			`"SecurityGroups":[{"GroupName":"blog-sg","GroupId":"sg-0598c7d356eba48d7"}],` +
			`"Tags":[{"Key":"Name","Value":"SherlocksBlog"},{"Key":"Env","Value":"prod <web> & co"}],` +
			`"MetadataOptions":{"State":"applied","HttpTokens":"optional","HttpPutResponseHopLimit":1,"HttpEndpoint":"enabled"},` +
			`"PlatformDetails":"Linux/UNIX"}`,
	})
	checkRow(t, w.rows[1], map[string]any{
		"InstanceId":    "i-0598c7d356eba48d7",
		"InstanceType":  "t3.large",
		"StateName":     "stopped",
		"LaunchTime":    utc("2024-03-07T08:00:00Z"),
		"ImageId":       "ami-0abcdef1234567890",
		"HttpTokens":    "required",
		"HttpEndpoint":  "enabled",
		"ImdsV1Allowed": false,
		"ReservationId": "r-1234567890abcdef0",
		"OwnerId":       "123456789012",
		"raw": `{"AmiLaunchIndex":1,"ImageId":"ami-0abcdef1234567890","InstanceId":"i-0598c7d356eba48d7","InstanceType":"t3.large",` +
			`"LaunchTime":"2024-03-07T08:00:00.000Z","State":{"Code":80,"Name":"stopped"},` +
			`"MetadataOptions":{"HttpTokens":"required","HttpEndpoint":"enabled"}}`,
	})
	// CLI v1 prints epoch seconds; a disabled endpoint means no IMDSv1.
	checkRow(t, w.rows[2], map[string]any{
		"InstanceId":    "i-0aaaabbbbccccdddd",
		"InstanceType":  "m5.large",
		"StateName":     "running",
		"LaunchTime":    utc("2024-03-08T10:11:12Z"),
		"ImageId":       "ami-0fedcba9876543210",
		"HttpTokens":    "optional",
		"HttpEndpoint":  "disabled",
		"ImdsV1Allowed": false,
		"ReservationId": "r-0fedcba9876543210",
		"OwnerId":       "210987654321",
		"raw": `{"ImageId":"ami-0fedcba9876543210","InstanceId":"i-0aaaabbbbccccdddd","InstanceType":"m5.large",` +
			`"LaunchTime":1709892672.0,"State":{"Code":16,"Name":"running"},` +
			`"MetadataOptions":{"HttpTokens":"optional","HttpEndpoint":"disabled"}}`,
	})
	for i, want := range []int64{6, 62, 84} {
		if w.rows[i].loc != loc(want, int64(i+1)) {
			t.Errorf("row %d at %v, want line %d", i, w.rows[i].loc, want)
		}
	}
}

// TestRunInstances reads the reservation `aws ec2 run-instances` prints,
// and pages of describe-instances output appended to one file.
func TestRunInstancesAndPages(t *testing.T) {
	tests := []struct {
		name, text string
		ids        []string
		owners     []any
	}{
		{"run-instances",
			`{"Groups":[],"Instances":[{"ImageId":"ami-1","InstanceId":"i-1"},{"ImageId":"ami-1","InstanceId":"i-2"}],"OwnerId":"111122223333","ReservationId":"r-1"}`,
			[]string{"i-1", "i-2"}, []any{"111122223333", "111122223333"}},
		{"pages",
			`{"Reservations":[{"Instances":[{"InstanceId":"i-1"}],"OwnerId":"1"}],"NextToken":"x"}` + "\n" +
				`{"Reservations":[{"Instances":[{"InstanceId":"i-2"}]}]}`,
			[]string{"i-1", "i-2"}, []any{"1", nil}},
		{"empty", `{"Reservations": []}`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := mustParse(t, "aws-ec2-describe-instances", tt.text)
			checkInvariants(t, w)
			if len(w.rows) != len(tt.ids) {
				t.Fatalf("%d rows", len(w.rows))
			}
			for i, r := range w.rows {
				if r.values[0] != tt.ids[i] || r.values[Instances.ColumnIndex("OwnerId")] != tt.owners[i] || r.loc.Record != int64(i+1) {
					t.Errorf("row %d = %v at %v", i, r.values[:2], r.loc)
				}
			}
		})
	}
}

func TestInstancesBad(t *testing.T) {
	text := "{\"Reservations\": [\n" +
		"\"r-1\",\n" +
		"{\"Instances\": [\n" +
		"  {\"InstanceId\": \"i-1\", \"LaunchTime\": \"soon\"},\n" +
		"  [1, 2],\n" +
		"  {\"InstanceId\": \"i-3\", \"State\": \"running\", \"Tags\": {\"Name\": \"x\"}}\n" +
		"], \"OwnerId\": 12}\n" +
		"]}"
	w := mustParse(t, "aws-ec2-describe-instances", text)
	checkInvariants(t, w)
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{loc(2, 1), "reservation is a string, expected a JSON object"},
		fakeIssue{loc(5, 3), "instance is an array, expected a JSON object"})
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(4, 2), "LaunchTime is not a time"})
	if len(w.rows) != 2 {
		t.Fatalf("%d rows", len(w.rows))
	}
	// Values of unexpected types are NULL, not errors.
	checkRow(t, w.rows[1], map[string]any{"InstanceId": "i-3", "Tags": `{"Name":"x"}`,
		"raw": `{"InstanceId":"i-3","State":"running","Tags":{"Name":"x"}}`})
}

func TestSecurityGroups(t *testing.T) {
	w := mustParse(t, "aws-ec2-describe-security-groups", readTestdata(t, "describe-security-groups.json"))
	checkIssues(t, "rejects", w.rejects)
	groups := rowsOf(w, SecurityGroups)
	if len(groups) != 1 {
		t.Fatalf("%d groups", len(groups))
	}
	group := firstGroup(t, readTestdata(t, "describe-security-groups.json"))
	perms := func(key string) string { v, _ := group.Get(key); return marshal(v) }
	checkRow(t, groups[0], map[string]any{
		"GroupId":             "sg-903004f8",
		"GroupName":           "MySecurityGroup",
		"Description":         "My security group",
		"VpcId":               "vpc-1a2b3c4d",
		"OwnerId":             "123456789012",
		"SecurityGroupArn":    "arn:aws:ec2:us-east-1:123456789012:security-group/sg-903004f8",
		"Name":                "SG1",
		"Tags":                `[{"Key":"Name","Value":"SG1"}]`,
		"IpPermissions":       perms("IpPermissions"),
		"IpPermissionsEgress": `[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}],"Ipv6Ranges":[],"PrefixListIds":[],"UserIdGroupPairs":[]}]`,
		"raw":                 marshal(group),
	})

	rules := rowsOf(w, SecurityGroupRules)
	type rule struct {
		dir, proto string
		from, to   any
		cidr, kind any
		user, desc any
	}
	want := []rule{
		{"ingress", "-1", nil, nil, "sg-903004f8", "security-group", "123456789012", nil},
		{"ingress", "tcp", int32(22), int32(22), "203.0.113.0/24", "ipv4", nil, "office"},
		{"ingress", "tcp", int32(4444), int32(4445), "0.0.0.0/0", "ipv4", nil, nil},
		{"ingress", "tcp", int32(4444), int32(4445), "::/0", "ipv6", nil, "everyone v6"},
		{"ingress", "tcp", int32(4444), int32(4445), "pl-63a5400a", "prefix-list", nil, nil},
		{"egress", "-1", nil, nil, "0.0.0.0/0", "ipv4", nil, nil},
	}
	if len(rules) != len(want) {
		t.Fatalf("%d rules, want %d", len(rules), len(want))
	}
	for i, r := range want {
		checkRow(t, rules[i], map[string]any{
			"GroupId": "sg-903004f8", "GroupName": "MySecurityGroup", "VpcId": "vpc-1a2b3c4d",
			"Direction": r.dir, "IpProtocol": r.proto, "FromPort": r.from, "ToPort": r.to,
			"Cidr": r.cidr, "CidrType": r.kind, "ReferencedUserId": r.user, "Description": r.desc,
		})
		if rules[i].loc != loc(3, 1) {
			t.Errorf("rule %d at %v", i, rules[i].loc)
		}
	}
}

// TestRuleFlattening covers the shapes of one permission.
func TestRuleFlattening(t *testing.T) {
	tests := []struct {
		name, perm string
		want       [][5]any // IpProtocol, FromPort, ToPort, Cidr, CidrType
	}{
		{"all traffic, no ports", `{"IpProtocol":"-1","IpRanges":[{"CidrIp":"10.0.0.0/8"}]}`,
			[][5]any{{"-1", nil, nil, "10.0.0.0/8", "ipv4"}}},
		{"icmp type and code", `{"IpProtocol":"icmp","FromPort":8,"ToPort":-1,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}`,
			[][5]any{{"icmp", int32(8), int32(-1), "0.0.0.0/0", "ipv4"}}},
		{"protocol number", `{"IpProtocol":"50","IpRanges":[{"CidrIp":"1.2.3.4/32"}]}`,
			[][5]any{{"50", nil, nil, "1.2.3.4/32", "ipv4"}}},
		{"no sources", `{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[]}`,
			[][5]any{{"tcp", int32(80), int32(80), nil, nil}}},
		{"classic group by name", `{"IpProtocol":"tcp","FromPort":1,"ToPort":65535,"UserIdGroupPairs":[{"GroupName":"default"}]}`,
			[][5]any{{"tcp", int32(1), int32(65535), "default", "security-group"}}},
		{"several sources in order", `{"IpProtocol":"udp","FromPort":53,"ToPort":53,"UserIdGroupPairs":[{"GroupId":"sg-1"}],"IpRanges":[{"CidrIp":"a"},{"CidrIp":"b"}],"Ipv6Ranges":[{"CidrIpv6":"c"}]}`,
			[][5]any{{"udp", int32(53), int32(53), "a", "ipv4"}, {"udp", int32(53), int32(53), "b", "ipv4"},
				{"udp", int32(53), int32(53), "c", "ipv6"}, {"udp", int32(53), int32(53), "sg-1", "security-group"}}},
		{"port out of range", `{"IpProtocol":"tcp","FromPort":99999999999,"ToPort":"22","IpRanges":[{"CidrIp":"x"},7]}`,
			[][5]any{{"tcp", nil, nil, "x", "ipv4"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := `{"SecurityGroups":[{"GroupId":"sg-9","IpPermissions":[` + tt.perm + `]}]}`
			w := mustParse(t, "aws-ec2-describe-security-groups", text)
			checkInvariants(t, w)
			rules := rowsOf(w, SecurityGroupRules)
			if len(rules) != len(tt.want) {
				t.Fatalf("%d rules, want %d", len(rules), len(tt.want))
			}
			for i, want := range tt.want {
				checkRow(t, rules[i], map[string]any{"GroupId": "sg-9", "Direction": "ingress",
					"IpProtocol": want[0], "FromPort": want[1], "ToPort": want[2], "Cidr": want[3], "CidrType": want[4]})
			}
			// A source that is not an object gives no row, and says so.
			warned := false
			for _, w := range w.warns {
				warned = warned || strings.Contains(w.reason, "a rule source in IpRanges is a number")
			}
			if want := strings.Contains(tt.perm, `,7]`); warned != want {
				t.Errorf("warning for the non-object source: %v, want %v (warnings %v)", warned, want, w.warns)
			}
		})
	}
}

func TestSecurityGroupsBad(t *testing.T) {
	text := "{\"SecurityGroups\": [\n" +
		"null,\n" +
		"{\"GroupId\": \"sg-1\", \"IpPermissions\": [\"tcp\"]}\n" +
		"]}"
	w := mustParse(t, "aws-ec2-describe-security-groups", text)
	checkInvariants(t, w)
	checkIssues(t, "rejects", w.rejects, fakeIssue{loc(2, 1), "security group is null, expected a JSON object"})
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(3, 2), "an entry of IpPermissions is a string"})
	if len(rowsOf(w, SecurityGroups)) != 1 || len(rowsOf(w, SecurityGroupRules)) != 0 {
		t.Errorf("rows %v", w.rows)
	}
}

// firstGroup decodes a describe-security-groups output and returns its
// first group.
func firstGroup(t *testing.T, text string) *jsonv.Object {
	t.Helper()
	v, err := decodeJSON([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	list, _ := v.(*jsonv.Object).Get("SecurityGroups")
	return list.([]any)[0].(*jsonv.Object)
}
