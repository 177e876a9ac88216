package awsfindings

import (
	"testing"
)

// TestMacie reads get-findings output and EventBridge events.
func TestMacie(t *testing.T) {
	want := map[string]any{
		"id": "m1", "type": "SensitiveData:S3Object/Multiple", "category": "CLASSIFICATION",
		"title":       "The S3 object contains financial information.",
		"description": "The S3 object contains financial information. <b>Review</b> it.",
		"severity":    "High", "severityScore": int64(3), "accountId": "111122223333", "region": "us-east-1",
		"createdAt": ts("2024-03-08T12:00:00.123Z"), "updatedAt": ts("2024-03-08T12:00:00.123Z"),
		"archived": false, "count": int64(1), "bucketName": "payroll-exports", "objectKey": "2024/march/cards.csv",
		"sensitiveDataCategories": `["FINANCIAL_INFORMATION","PERSONAL_INFORMATION","CUSTOM_IDENTIFIER"]`,
		"sensitiveDataTypes":      `["CREDIT_CARD_NUMBER","USA_SOCIAL_SECURITY_NUMBER","NAME","EmployeeId"]`,
		"sensitiveDataCount":      int64(10),
		"originType":              "SENSITIVE_DATA_DISCOVERY_JOB", "jobId": "j1",
		"raw": macieFinding,
	}
	tests := []struct{ name, text string }{
		{"get-findings", indent(t, wrap("findings", macieFinding))},
		{"bare array", "[" + macieFinding + "]"},
		{"json lines", macieFinding + "\n"},
		{"EventBridge", event("aws.macie", "Macie Finding", macieFinding)},
	}
	for _, tt := range tests {
		w := mustParse(t, "macie-findings", tt.text)
		if len(w.rows) != 1 || len(w.warns) != 0 {
			t.Fatalf("%s: %d rows, warnings %v", tt.name, len(w.rows), w.warns)
		}
		checkColumns(t, tt.name, MacieTable, w.rows[0].vals, want)
	}
}

// TestMaciePolicyFinding: a policy finding has no sensitive data, so its
// lists are empty and its count NULL.
func TestMaciePolicyFinding(t *testing.T) {
	f := `{"category":"POLICY","id":"m2","policyDetails":{"action":{"actionType":"AWS_API_CALL"}},"resourcesAffected":{"s3Bucket":{"name":"open-bucket"}},"severity":{"description":"High","score":3},"type":"Policy:IAMUser/S3BucketPublic","updatedAt":"2024-03-08T13:00:00Z"}`
	w := mustParse(t, "macie-findings", wrap("findings", f))
	checkColumns(t, "policy", MacieTable, w.rows[0].vals, map[string]any{
		"id": "m2", "type": "Policy:IAMUser/S3BucketPublic", "category": "POLICY", "severity": "High",
		"severityScore": int64(3), "updatedAt": ts("2024-03-08T13:00:00Z"), "bucketName": "open-bucket",
		"sensitiveDataCategories": "[]", "sensitiveDataTypes": "[]",
	})
}

// TestInspector reads list-findings output in CLI v2 and v1 time formats.
func TestInspector(t *testing.T) {
	w := mustParse(t, "inspector2-findings", indent(t, `{"findings":[`+inspNetwork+","+inspIMDS+","+inspPackage+`],"nextToken":"abc"}`))
	if len(w.rows) != 3 || len(w.warns) != 0 {
		t.Fatalf("%d rows, warnings %v", len(w.rows), w.warns)
	}
	checkColumns(t, "network", InspectorTable, w.rows[0].vals, map[string]any{
		"findingArn": "arn:aws:inspector2:us-east-1:111122223333:finding/n1", "awsAccountId": "111122223333",
		"type": "NETWORK_REACHABILITY", "severity": "MEDIUM", "status": "ACTIVE",
		"title":           "Port 22 is reachable from an Internet Gateway - TCP",
		"description":     "On the instance i-0abc1234def567890, the port range 22 to 22 is reachable from the InternetGateway igw-1 from an attached ENI eni-1.",
		"firstObservedAt": ts("2024-03-01T08:00:00.5Z"), "lastObservedAt": ts("2024-03-08T08:00:00Z"),
		"updatedAt":    ts("2024-03-08T08:00:00Z"),
		"resourceType": "AWS_EC2_INSTANCE", "resourceId": "i-0abc1234def567890", "region": "us-east-1",
		"instanceId": "i-0abc1234def567890", "openPortRangeBegin": int64(22), "openPortRangeEnd": int64(22),
		"protocol": "TCP", "imdsv1": false, "raw": inspNetwork,
	})
	checkColumns(t, "imds", InspectorTable, w.rows[1].vals, map[string]any{
		"findingArn": "arn:aws:inspector2:us-east-1:111122223333:finding/i1", "awsAccountId": "111122223333",
		"type": "PACKAGE_VULNERABILITY", "severity": "MEDIUM", "status": "ACTIVE",
		"title":           "EC2 instance accepts IMDSv1",
		"description":     "The instance allows Instance Metadata Service Version 1 requests.",
		"firstObservedAt": ts("2024-03-01T08:00:00.25Z"), "lastObservedAt": ts("2024-03-08T08:00:00Z"),
		"inspectorScore": 5.3, "resourceType": "AWS_EC2_INSTANCE", "resourceId": "i-0abc1234def567890",
		"region": "us-east-1", "instanceId": "i-0abc1234def567890", "imdsv1": true, "raw": inspIMDS,
	})
	checkColumns(t, "package", InspectorTable, w.rows[2].vals, map[string]any{
		"findingArn": "arn:aws:inspector2:us-east-1:111122223333:finding/p1", "awsAccountId": "111122223333",
		"type": "PACKAGE_VULNERABILITY", "severity": "CRITICAL", "status": "ACTIVE",
		"title":           "CVE-2021-44228 - log4j-core",
		"firstObservedAt": ts("2024-03-02T00:00:00Z"), "lastObservedAt": ts("2024-03-07T00:00:00Z"),
		"inspectorScore": 9.8, "exploitAvailable": "YES", "fixAvailable": "YES",
		"resourceType": "AWS_ECR_CONTAINER_IMAGE", "resourceId": "arn:aws:ecr:us-east-1:111122223333:repository/web/sha256:abc",
		"region": "us-east-1", "vulnerabilityId": "CVE-2021-44228", "imdsv1": false, "raw": inspPackage,
	})

	// The same finding from EventBridge.
	w = mustParse(t, "inspector2-findings", event("aws.inspector2", "Inspector2 Finding", inspNetwork))
	if got := col(InspectorTable, w.rows[0].vals, "raw"); got != inspNetwork {
		t.Errorf("EventBridge raw = %v", got)
	}
}

// TestMentionsIMDSv1 pins the phrases that flag a finding.
func TestMentionsIMDSv1(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Instance allows IMDSv1", true},
		{"uses instance metadata service version 1", true},
		{"Instance Metadata Service (IMDS) version 1 enabled", true},
		{"IMDS v1 reachable", true},
		{"IMDSv2 is required", false},
		{"Port 22 is reachable", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := mentionsIMDSv1(tt.text); got != tt.want {
			t.Errorf("mentionsIMDSv1(%q) = %v", tt.text, got)
		}
	}
}

// TestDataProtectionAudit reads audit reports as delivered to S3 or
// Firehose: one per line, or concatenated.
func TestDataProtectionAudit(t *testing.T) {
	want := map[string]any{
		"auditTimestamp":  ts("2023-01-23T21:11:20Z"),
		"resourceArn":     "arn:aws:logs:us-west-2:111122223333:log-group:/aws/lambda/MyLogGroup:*",
		"logGroup":        "/aws/lambda/MyLogGroup",
		"dataIdentifiers": `["EmailAddress","CreditCardNumber"]`,
		"detectionCount":  int64(3),
		"raw":             audit,
	}
	for _, text := range []string{audit + "\n" + audit + "\n", audit + audit, indent(t, audit) + "\n" + indent(t, audit)} {
		w := mustParse(t, "cwl-data-protection-audit", text)
		if len(w.rows) != 2 {
			t.Fatalf("%d rows", len(w.rows))
		}
		for _, r := range w.rows {
			checkColumns(t, "audit", DataProtectionTable, r.vals, want)
		}
	}
}
