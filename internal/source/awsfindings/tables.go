// Package awsfindings reads the findings of AWS's detection services —
// GuardDuty, Macie, Inspector — and CloudWatch Logs data-protection audit
// reports, in the shapes a responder is handed them (CLI output, S3
// exports, EventBridge events), into one case table each.
//
// Every table keeps the whole finding in "raw", in the shape the AWS CLI
// prints it, so that a drop-in for `aws guardduty get-findings … | jq`
// can answer from raw alone: PascalCase for GuardDuty (exports and
// EventBridge events, which are camelCase, are converted), camelCase for
// Macie and Inspector, whose APIs are camelCase.
package awsfindings

import "github.com/cloudhunt/cloudhunt/internal/source"

// GuardDutyTable holds GuardDuty findings, one row per finding.
var GuardDutyTable = &source.Table{
	Name:       "guardduty_findings",
	Doc:        "Amazon GuardDuty findings, one row per finding (the latest state given for it).",
	TimeColumn: "UpdatedAt",
	Columns: []source.Column{
		{Name: "Id", Type: "VARCHAR"},
		{Name: "Type", Type: "VARCHAR", Doc: "ThreatPurpose:ResourceType/ThreatFamily…, e.g. UnauthorizedAccess:EC2/SSHBruteForce"},
		{Name: "Title", Type: "VARCHAR"},
		{Name: "Description", Type: "VARCHAR"},
		{Name: "Severity", Type: "DOUBLE", Doc: "1–3.9 low, 4–6.9 medium, 7–8.9 high, 9–10 critical"},
		{Name: "AccountId", Type: "VARCHAR"},
		{Name: "Region", Type: "VARCHAR"},
		{Name: "Partition", Type: "VARCHAR"},
		{Name: "Arn", Type: "VARCHAR"},
		{Name: "SchemaVersion", Type: "VARCHAR"},
		{Name: "CreatedAt", Type: "TIMESTAMP"},
		{Name: "UpdatedAt", Type: "TIMESTAMP", Doc: "when the finding last changed; places the row in time"},
		{Name: "ResourceType", Type: "VARCHAR", Doc: "Resource.ResourceType: Instance, AccessKey, S3Bucket, EKSCluster, …"},
		{Name: "InstanceId", Type: "VARCHAR", Doc: "Resource.InstanceDetails.InstanceId"},
		{Name: "InstanceType", Type: "VARCHAR"},
		{Name: "ImageId", Type: "VARCHAR"},
		{Name: "PrivateIpAddress", Type: "VARCHAR", Doc: "of the instance's first network interface"},
		{Name: "PublicIp", Type: "VARCHAR", Doc: "of the instance's first network interface"},
		{Name: "AccessKeyId", Type: "VARCHAR", Doc: "Resource.AccessKeyDetails.AccessKeyId"},
		{Name: "UserName", Type: "VARCHAR", Doc: "Resource.AccessKeyDetails.UserName"},
		{Name: "UserType", Type: "VARCHAR"},
		{Name: "PrincipalId", Type: "VARCHAR"},
		{Name: "DetectorId", Type: "VARCHAR", Doc: "Service.DetectorId"},
		{Name: "Archived", Type: "BOOLEAN", Doc: "Service.Archived"},
		{Name: "Count", Type: "BIGINT", Doc: "Service.Count: how many times the activity was seen"},
		{Name: "EventFirstSeen", Type: "TIMESTAMP"},
		{Name: "EventLastSeen", Type: "TIMESTAMP"},
		{Name: "ResourceRole", Type: "VARCHAR", Doc: "TARGET (the resource was acted on) or ACTOR (it acted)"},
		{Name: "ActionType", Type: "VARCHAR", Doc: "NETWORK_CONNECTION, AWS_API_CALL, DNS_REQUEST, PORT_PROBE, KUBERNETES_API_CALL, RDS_LOGIN_ATTEMPT"},
		{Name: "Api", Type: "VARCHAR", Doc: "AwsApiCallAction.Api"},
		{Name: "CallerType", Type: "VARCHAR", Doc: "AwsApiCallAction.CallerType"},
		{Name: "UserAgent", Type: "VARCHAR", Doc: "AwsApiCallAction.UserAgent"},
		{Name: "Domain", Type: "VARCHAR", Doc: "DnsRequestAction.Domain"},
		{Name: "RemoteIpAddress", Type: "VARCHAR", Doc: "the action's RemoteIpDetails.IpAddressV4 (for port probes: the first probe's)"},
		{Name: "RemoteCountry", Type: "VARCHAR", Doc: "RemoteIpDetails.Country.CountryName"},
		{Name: "RemoteCountryCode", Type: "VARCHAR"},
		{Name: "RemoteCity", Type: "VARCHAR"},
		{Name: "RemoteOrg", Type: "VARCHAR", Doc: "RemoteIpDetails.Organization.Org"},
		{Name: "RemoteAsn", Type: "VARCHAR"},
		{Name: "RemoteAsnOrg", Type: "VARCHAR"},
		{Name: "RemoteIsp", Type: "VARCHAR"},
		{Name: "RemotePort", Type: "BIGINT"},
		{Name: "LocalIpAddress", Type: "VARCHAR"},
		{Name: "LocalPort", Type: "BIGINT", Doc: "LocalPortDetails.Port, e.g. 22 for SSH brute force"},
		{Name: "LocalPortName", Type: "VARCHAR"},
		{Name: "Protocol", Type: "VARCHAR", Doc: "NetworkConnectionAction.Protocol: TCP, UDP"},
		{Name: "ConnectionDirection", Type: "VARCHAR", Doc: "INBOUND, OUTBOUND, UNKNOWN"},
		{Name: "Blocked", Type: "BOOLEAN"},
		{Name: "raw", Type: "JSON", Doc: "the finding as `aws guardduty get-findings` prints it (PascalCase)"},
	},
}

// MacieTable holds Macie findings, one row per finding.
var MacieTable = &source.Table{
	Name:       "macie_findings",
	Doc:        "Amazon Macie findings (sensitive data and policy findings), one row per finding.",
	TimeColumn: "updatedAt",
	Columns: []source.Column{
		{Name: "id", Type: "VARCHAR"},
		{Name: "type", Type: "VARCHAR", Doc: "e.g. SensitiveData:S3Object/Financial, Policy:IAMUser/S3BucketPublic"},
		{Name: "category", Type: "VARCHAR", Doc: "CLASSIFICATION (sensitive data) or POLICY"},
		{Name: "title", Type: "VARCHAR"},
		{Name: "description", Type: "VARCHAR"},
		{Name: "severity", Type: "VARCHAR", Doc: "severity.description: Low, Medium, High"},
		{Name: "severityScore", Type: "BIGINT", Doc: "severity.score"},
		{Name: "accountId", Type: "VARCHAR"},
		{Name: "region", Type: "VARCHAR"},
		{Name: "createdAt", Type: "TIMESTAMP"},
		{Name: "updatedAt", Type: "TIMESTAMP", Doc: "places the row in time"},
		{Name: "archived", Type: "BOOLEAN"},
		{Name: "count", Type: "BIGINT", Doc: "occurrences of the finding"},
		{Name: "bucketName", Type: "VARCHAR", Doc: "resourcesAffected.s3Bucket.name"},
		{Name: "objectKey", Type: "VARCHAR", Doc: "resourcesAffected.s3Object.key"},
		{Name: "sensitiveDataCategories", Type: "JSON", Doc: `JSON array of classificationDetails.result.sensitiveData[].category: FINANCIAL_INFORMATION, PERSONAL_INFORMATION, CREDENTIALS, CUSTOM_IDENTIFIER`},
		{Name: "sensitiveDataTypes", Type: "JSON", Doc: "JSON array of the detection types, e.g. CREDIT_CARD_NUMBER, AWS_CREDENTIALS"},
		{Name: "sensitiveDataCount", Type: "BIGINT", Doc: "sum of sensitiveData[].totalCount and customDataIdentifiers.totalCount"},
		{Name: "originType", Type: "VARCHAR", Doc: "SENSITIVE_DATA_DISCOVERY_JOB or AUTOMATED_SENSITIVE_DATA_DISCOVERY"},
		{Name: "jobId", Type: "VARCHAR"},
		{Name: "raw", Type: "JSON", Doc: "the finding as `aws macie2 get-findings` prints it (camelCase)"},
	},
}

// InspectorTable holds Amazon Inspector (inspector2) findings.
var InspectorTable = &source.Table{
	Name:       "inspector_findings",
	Doc:        "Amazon Inspector findings (package and code vulnerabilities, network reachability), one row per finding.",
	TimeColumn: "lastObservedAt",
	Columns: []source.Column{
		{Name: "findingArn", Type: "VARCHAR"},
		{Name: "awsAccountId", Type: "VARCHAR"},
		{Name: "type", Type: "VARCHAR", Doc: "PACKAGE_VULNERABILITY, NETWORK_REACHABILITY, CODE_VULNERABILITY"},
		{Name: "severity", Type: "VARCHAR", Doc: "INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, UNTRIAGED"},
		{Name: "title", Type: "VARCHAR"},
		{Name: "description", Type: "VARCHAR"},
		{Name: "status", Type: "VARCHAR", Doc: "ACTIVE, SUPPRESSED, CLOSED"},
		{Name: "firstObservedAt", Type: "TIMESTAMP"},
		{Name: "lastObservedAt", Type: "TIMESTAMP", Doc: "places the row in time"},
		{Name: "updatedAt", Type: "TIMESTAMP"},
		{Name: "inspectorScore", Type: "DOUBLE"},
		{Name: "exploitAvailable", Type: "VARCHAR", Doc: "YES or NO"},
		{Name: "fixAvailable", Type: "VARCHAR", Doc: "YES, NO or PARTIAL"},
		{Name: "resourceType", Type: "VARCHAR", Doc: "resources[0].type: AWS_EC2_INSTANCE, AWS_ECR_CONTAINER_IMAGE, AWS_LAMBDA_FUNCTION, …"},
		{Name: "resourceId", Type: "VARCHAR", Doc: "resources[0].id"},
		{Name: "region", Type: "VARCHAR", Doc: "resources[0].region"},
		{Name: "instanceId", Type: "VARCHAR", Doc: "resources[0].id when it is an EC2 instance"},
		{Name: "vulnerabilityId", Type: "VARCHAR", Doc: "packageVulnerabilityDetails.vulnerabilityId, e.g. CVE-2023-1234"},
		{Name: "openPortRangeBegin", Type: "BIGINT", Doc: "networkReachabilityDetails.openPortRange.begin"},
		{Name: "openPortRangeEnd", Type: "BIGINT"},
		{Name: "protocol", Type: "VARCHAR", Doc: "networkReachabilityDetails.protocol: TCP, UDP"},
		{Name: "imdsv1", Type: "BOOLEAN", Doc: "the finding is about Instance Metadata Service version 1 (its title, description or remediation says so)"},
		{Name: "raw", Type: "JSON", Doc: "the finding as `aws inspector2 list-findings` prints it (camelCase)"},
	},
}

// DataProtectionTable holds CloudWatch Logs data-protection audit reports.
// They get their own table rather than macie_findings: a report is one log
// event of one log group with counts per data identifier; it has no id,
// type, severity or S3 object, and its raw shape is not Macie's.
var DataProtectionTable = &source.Table{
	Name:       "cwl_data_protection_findings",
	Doc:        "CloudWatch Logs data-protection audit findings: one row per log event found holding sensitive data.",
	TimeColumn: "auditTimestamp",
	Columns: []source.Column{
		{Name: "auditTimestamp", Type: "TIMESTAMP"},
		{Name: "resourceArn", Type: "VARCHAR", Doc: "the log group's ARN"},
		{Name: "logGroup", Type: "VARCHAR", Doc: "the log group's name, from resourceArn"},
		{Name: "dataIdentifiers", Type: "JSON", Doc: "JSON array of the data identifier names found, e.g. EmailAddress, CreditCardNumber"},
		{Name: "detectionCount", Type: "BIGINT", Doc: "sum of dataIdentifiers[].count"},
		{Name: "raw", Type: "JSON", Doc: "the report as written"},
	},
}

// Tables lists the tables this package fills.
var Tables = []*source.Table{GuardDutyTable, MacieTable, InspectorTable, DataProtectionTable}
