// Package msgtrace reads Exchange Online message traces — the evidence of
// the playbook's two e-mail hunts, whose steps are clicks in the Microsoft
// 365 and Exchange admin centers — into the case table MessageTrace, and
// defines EmailEvents, the Defender for Office 365 table that Log Analytics
// exports carry (package laexport reads those once the table is known).
//
// Two exports of a message trace are read, each recognised by its header:
//
//   - msgtrace-powershell: `Get-MessageTrace | Export-Csv` (and
//     Get-MessageTraceV2): one row per message and recipient, columns
//     Received, SenderAddress, RecipientAddress, Subject, Status, ToIP,
//     FromIP, Size, MessageId, MessageTraceId, Organization …; Windows
//     PowerShell's "#TYPE …" first line is allowed.
//   - msgtrace-report: the Exchange admin center's downloadable message
//     trace report (`Start-HistoricalSearch -ReportType MessageTrace`):
//     one row per message, columns origin_timestamp_utc, sender_address,
//     recipient_status, message_subject, total_bytes, message_id,
//     network_message_id, original_client_ip, directionality,
//     connector_id, delivery_priority. The report is often UTF-16; both
//     UTF-8 and UTF-16 (with a byte order mark) are read.
//
// Both land in MessageTrace under one naming, one row per message and
// recipient:
//
//	MessageTrace      Get-MessageTrace   message trace report
//	TimeGenerated     Received           origin_timestamp_utc
//	SenderAddress     SenderAddress      sender_address
//	SenderDomain      (the part of the sender address after its last @, lower-cased)
//	RecipientAddress  RecipientAddress   recipient_status, before "##" (one row per recipient)
//	RecipientStatus   —                  recipient_status, after "##" ("Receive, Deliver")
//	Status            Status             the last event of RecipientStatus, as Get-MessageTrace
//	                                     words it (Deliver → Delivered, Fail → Failed …)
//	Subject           Subject            message_subject
//	FromIP            FromIP             original_client_ip
//	ToIP              ToIP               —
//	Size              Size               total_bytes
//	MessageId         MessageId          message_id
//	MessageTraceId    MessageTraceId     network_message_id (the same id: EmailEvents'
//	                                     NetworkMessageId)
//	Directionality    —                  directionality ("Incoming", "Originating";
//	                                     1 and 2 written as those)
//	ConnectorId       —                  connector_id
//	DeliveryPriority  —                  delivery_priority
//	Organization      Organization       —
//	Raw               the whole CSV row as a JSON object, header → cell text
//
// The admin center's extended report (one row per event, date_time_utc,
// event_id …) is recognised and skipped, with the reason: its rows are
// events, not messages, and counting them would count each message many
// times.
package msgtrace
