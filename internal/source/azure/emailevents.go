package azure

import "github.com/cloudhunt/cloudhunt/internal/source"

// EmailEvents is Microsoft Defender for Office 365's e-mail table as Log
// Analytics (Microsoft Sentinel) holds it: advanced hunting's columns
// (learn.microsoft.com defender-xdr advanced-hunting-emailevents-table) plus
// the workspace's TimeGenerated, TenantId, SourceSystem and Type, in
// alphabetical order as the Azure Monitor reference lists them.
var EmailEvents = &source.Table{
	Name:       "EmailEvents",
	Doc:        "Microsoft Defender for Office 365 e-mail events: one row per message and recipient, with the filtering verdict.",
	TimeColumn: "TimeGenerated",
	Columns: []source.Column{
		{Name: "AdditionalFields", Type: "JSON", Doc: "additional information about the event"},
		{Name: "AttachmentCount", Type: "INTEGER", Doc: "number of attachments"},
		{Name: "AuthenticationDetails", Type: "VARCHAR", Doc: "string holding JSON text. SPF, DKIM, DMARC and CompAuth verdicts"},
		{Name: "BulkComplaintLevel", Type: "INTEGER", Doc: "bulk complaint level (BCL)"},
		{Name: "ConfidenceLevel", Type: "VARCHAR", Doc: `string holding JSON text. spam and phish confidence, e.g. {"Spam":"High"}`},
		{Name: "Connectors", Type: "VARCHAR", Doc: "connectors the message was routed through"},
		{Name: "DeliveryAction", Type: "VARCHAR", Doc: "Delivered, Junked, Blocked or Replaced"},
		{Name: "DeliveryLocation", Type: "VARCHAR", Doc: "Inbox/Folder, On-premises/External, Junk, Quarantine, Failed, Dropped or Deleted items"},
		{Name: "DetectionMethods", Type: "VARCHAR", Doc: `string holding JSON text. e.g. {"Spam":["DomainList"]}`},
		{Name: "EmailAction", Type: "VARCHAR", Doc: "final action taken on the message"},
		{Name: "EmailActionPolicy", Type: "VARCHAR", Doc: "policy that took effect"},
		{Name: "EmailActionPolicyGuid", Type: "VARCHAR", Doc: "id of that policy"},
		{Name: "EmailClusterId", Type: "BIGINT", Doc: "group of similar messages"},
		{Name: "EmailDirection", Type: "VARCHAR", Doc: "Inbound, Outbound or Intra-org"},
		{Name: "EmailLanguage", Type: "VARCHAR", Doc: "detected language"},
		{Name: "InternetMessageId", Type: "VARCHAR", Doc: "the Message-ID header"},
		{Name: "LatestDeliveryAction", Type: "VARCHAR", Doc: "last known action on the message"},
		{Name: "LatestDeliveryLocation", Type: "VARCHAR", Doc: "last known location of the message"},
		{Name: "NetworkMessageId", Type: "VARCHAR", Doc: "message id given by Microsoft 365 (MessageTrace.MessageTraceId)"},
		{Name: "OrgLevelAction", Type: "VARCHAR", Doc: ""},
		{Name: "OrgLevelPolicy", Type: "VARCHAR", Doc: ""},
		{Name: "RecipientEmailAddress", Type: "VARCHAR", Doc: "recipient address, after distribution list expansion"},
		{Name: "RecipientObjectId", Type: "VARCHAR", Doc: "recipient's Entra ID object id"},
		{Name: "ReportId", Type: "VARCHAR", Doc: "event id"},
		{Name: "SenderDisplayName", Type: "VARCHAR", Doc: "sender's display name"},
		{Name: "SenderFromAddress", Type: "VARCHAR", Doc: "address in the From header, the one recipients see"},
		{Name: "SenderFromDomain", Type: "VARCHAR", Doc: "domain of the From header"},
		{Name: "SenderIPv4", Type: "VARCHAR", Doc: "IPv4 address of the last server that relayed the message"},
		{Name: "SenderIPv6", Type: "VARCHAR", Doc: "IPv6 address of the last server that relayed the message"},
		{Name: "SenderMailFromAddress", Type: "VARCHAR", Doc: "envelope sender (MAIL FROM, Return-Path)"},
		{Name: "SenderMailFromDomain", Type: "VARCHAR", Doc: "envelope sender's domain"},
		{Name: "SenderObjectId", Type: "VARCHAR", Doc: "sender's Entra ID object id"},
		{Name: "SourceSystem", Type: "VARCHAR", Doc: ""},
		{Name: "Subject", Type: "VARCHAR", Doc: "subject"},
		{Name: "TenantId", Type: "VARCHAR", Doc: "workspace id"},
		{Name: "ThreatNames", Type: "VARCHAR", Doc: "detection names"},
		{Name: "ThreatTypes", Type: "VARCHAR", Doc: "verdicts: Spam, Phish, Malware, comma-separated"},
		{Name: "TimeGenerated", Type: "TIMESTAMP", Doc: ""},
		{Name: "Timestamp", Type: "TIMESTAMP", Doc: "when the event was recorded"},
		{Name: "Type", Type: "VARCHAR", Doc: "the name of the table"},
		{Name: "UrlCount", Type: "INTEGER", Doc: "number of URLs in the message"},
		{Name: "UserLevelAction", Type: "VARCHAR", Doc: ""},
		{Name: "UserLevelPolicy", Type: "VARCHAR", Doc: ""},
	},
}
