// Package vpcflow reads Amazon VPC flow log records (S3 text files of any
// field order and version, and CloudWatch Logs exports) into the case table
// "vpc_flow_logs", under the column names of Athena's flow-log table.
package vpcflow

import "github.com/cloudhunt/cloudhunt/internal/source"

// Table holds one row per flow record. Version 2 fields carry the names of
// Athena's classic DDL (sourceaddress, destinationport, numbytes …), which the
// playbook's queries use; later fields carry the current DDL's names.
// Fields absent from a file's format, and "-" values, are NULL.
var Table = &source.Table{
	Name:       "vpc_flow_logs",
	Doc:        "Amazon VPC flow log records, one row per record.",
	TimeColumn: "start_time",
	Columns: []source.Column{
		{Name: "version", Type: "INTEGER"},
		{Name: "account", Type: "VARCHAR", Doc: "account-id (text: keeps leading zeros; may be 'unknown')"},
		{Name: "interfaceid", Type: "VARCHAR"},
		{Name: "sourceaddress", Type: "VARCHAR", Doc: "srcaddr"},
		{Name: "destinationaddress", Type: "VARCHAR", Doc: "dstaddr"},
		{Name: "sourceport", Type: "INTEGER"},
		{Name: "destinationport", Type: "INTEGER"},
		{Name: "protocol", Type: "INTEGER", Doc: "IANA protocol number (6 TCP, 17 UDP, 1 ICMP)"},
		{Name: "numpackets", Type: "BIGINT"},
		{Name: "numbytes", Type: "BIGINT"},
		{Name: "starttime", Type: "BIGINT", Doc: "start, Unix seconds"},
		{Name: "endtime", Type: "BIGINT", Doc: "end, Unix seconds"},
		{Name: "action", Type: "VARCHAR", Doc: "ACCEPT or REJECT"},
		{Name: "logstatus", Type: "VARCHAR", Doc: "OK, NODATA or SKIPDATA"},
		{Name: "vpc_id", Type: "VARCHAR"},
		{Name: "subnet_id", Type: "VARCHAR"},
		{Name: "instance_id", Type: "VARCHAR"},
		{Name: "tcp_flags", Type: "INTEGER"},
		{Name: "type", Type: "VARCHAR", Doc: "IPv4, IPv6 or EFA"},
		{Name: "pkt_srcaddr", Type: "VARCHAR"},
		{Name: "pkt_dstaddr", Type: "VARCHAR"},
		{Name: "region", Type: "VARCHAR"},
		{Name: "az_id", Type: "VARCHAR"},
		{Name: "sublocation_type", Type: "VARCHAR"},
		{Name: "sublocation_id", Type: "VARCHAR"},
		{Name: "pkt_src_aws_service", Type: "VARCHAR"},
		{Name: "pkt_dst_aws_service", Type: "VARCHAR"},
		{Name: "flow_direction", Type: "VARCHAR", Doc: "ingress or egress"},
		{Name: "traffic_path", Type: "INTEGER"},
		{Name: "ecs_cluster_arn", Type: "VARCHAR"},
		{Name: "ecs_cluster_name", Type: "VARCHAR"},
		{Name: "ecs_container_instance_arn", Type: "VARCHAR"},
		{Name: "ecs_container_instance_id", Type: "VARCHAR"},
		{Name: "ecs_container_id", Type: "VARCHAR"},
		{Name: "ecs_second_container_id", Type: "VARCHAR"},
		{Name: "ecs_service_name", Type: "VARCHAR"},
		{Name: "ecs_task_definition_arn", Type: "VARCHAR"},
		{Name: "ecs_task_arn", Type: "VARCHAR"},
		{Name: "ecs_task_id", Type: "VARCHAR"},
		{Name: "reject_reason", Type: "VARCHAR"},
		{Name: "resource_id", Type: "VARCHAR", Doc: "resource-id (a later field than v8)"},
		{Name: "encryption_status", Type: "INTEGER", Doc: "encryption-status (a later field than v8): 0 not encrypted, 1 Nitro hardware, 2 application layer (TLS), 3 both"},
		{Name: "start_time", Type: "TIMESTAMP", Doc: "start as a timestamp (UTC), for time windows"},
		{Name: "log_group", Type: "VARCHAR", Doc: "CloudWatch Logs group, when the records came from a CloudWatch Logs export"},
		{Name: "log_stream", Type: "VARCHAR", Doc: "CloudWatch Logs stream (the interface id), when known"},
	},
}
