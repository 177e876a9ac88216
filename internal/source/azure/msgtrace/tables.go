package msgtrace

import (
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// Tables lists the tables of this package, for the case's table list.
// EmailEvents is in azure.Tables already.
var Tables = []*source.Table{MessageTrace}

// MessageTrace holds Exchange Online message traces, one row per message
// and recipient. The package doc gives the mapping from each export.
var MessageTrace = &source.Table{
	Name:       "MessageTrace",
	Doc:        "Exchange Online message trace (Get-MessageTrace or the admin center's message trace report), one row per message and recipient.",
	TimeColumn: "TimeGenerated",
	Columns: []source.Column{
		{Name: "TimeGenerated", Type: "TIMESTAMP", Doc: "when Exchange Online received the message (UTC)"},
		{Name: "SenderAddress", Type: "VARCHAR", Doc: "envelope sender address"},
		{Name: "SenderDomain", Type: "VARCHAR", Doc: "the sender address's domain, lower-cased"},
		{Name: "RecipientAddress", Type: "VARCHAR", Doc: "recipient address"},
		{Name: "RecipientStatus", Type: "VARCHAR", Doc: `the report's events for this recipient, e.g. "Receive, Deliver"`},
		{Name: "Status", Type: "VARCHAR", Doc: "Delivered, Failed, Pending, Expanded, FilteredAsSpam, Quarantined, GettingStatus or None"},
		{Name: "Subject", Type: "VARCHAR", Doc: "subject (the report keeps its first 256 characters)"},
		{Name: "FromIP", Type: "VARCHAR", Doc: "address of the server or client that sent the message; empty for mail sent from Exchange Online"},
		{Name: "ToIP", Type: "VARCHAR", Doc: "address the service delivered to; empty for mail delivered into Exchange Online"},
		{Name: "Size", Type: "BIGINT", Doc: "message size in bytes, attachments included"},
		{Name: "MessageId", Type: "VARCHAR", Doc: "the Message-ID header"},
		{Name: "MessageTraceId", Type: "VARCHAR", Doc: "network message id, a GUID (EmailEvents.NetworkMessageId)"},
		{Name: "Directionality", Type: "VARCHAR", Doc: "Incoming or Originating (the report only)"},
		{Name: "ConnectorId", Type: "VARCHAR", Doc: "source or destination connector (the report only)"},
		{Name: "DeliveryPriority", Type: "VARCHAR", Doc: "High, Normal or Low (the report only)"},
		{Name: "Organization", Type: "VARCHAR", Doc: "the tenant's domain (Get-MessageTrace only)"},
		{Name: "Raw", Type: "JSON", Doc: "the export's whole row: header → cell text"},
	},
}

// EmailEvents is azure.EmailEvents: a Log Analytics table, so that the
// generic Log Analytics export formats recognise it too.
var EmailEvents = azure.EmailEvents
