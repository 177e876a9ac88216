package vpcflow

import "strings"

// flowFields maps each flow log field, as a file's header (or a custom
// format's ${field} list) names it, to its column in Table. Fields are listed
// by the version that introduced them; version 2 fields take the classic
// Athena names, later ones the hyphen-to-underscore names of the current DDL.
var flowFields = []struct{ field, column string }{
	// Version 2: the default format, in its order.
	{"version", "version"},
	{"account-id", "account"},
	{"interface-id", "interfaceid"},
	{"srcaddr", "sourceaddress"},
	{"dstaddr", "destinationaddress"},
	{"srcport", "sourceport"},
	{"dstport", "destinationport"},
	{"protocol", "protocol"},
	{"packets", "numpackets"},
	{"bytes", "numbytes"},
	{"start", "starttime"},
	{"end", "endtime"},
	{"action", "action"},
	{"log-status", "logstatus"},
	// Version 3.
	{"vpc-id", "vpc_id"},
	{"subnet-id", "subnet_id"},
	{"instance-id", "instance_id"},
	{"tcp-flags", "tcp_flags"},
	{"type", "type"},
	{"pkt-srcaddr", "pkt_srcaddr"},
	{"pkt-dstaddr", "pkt_dstaddr"},
	// Version 4.
	{"region", "region"},
	{"az-id", "az_id"},
	{"sublocation-type", "sublocation_type"},
	{"sublocation-id", "sublocation_id"},
	// Version 5.
	{"pkt-src-aws-service", "pkt_src_aws_service"},
	{"pkt-dst-aws-service", "pkt_dst_aws_service"},
	{"flow-direction", "flow_direction"},
	{"traffic-path", "traffic_path"},
	// Version 7 (there is no version 6): ECS.
	{"ecs-cluster-arn", "ecs_cluster_arn"},
	{"ecs-cluster-name", "ecs_cluster_name"},
	{"ecs-container-instance-arn", "ecs_container_instance_arn"},
	{"ecs-container-instance-id", "ecs_container_instance_id"},
	{"ecs-container-id", "ecs_container_id"},
	{"ecs-second-container-id", "ecs_second_container_id"},
	{"ecs-service-name", "ecs_service_name"},
	{"ecs-task-definition-arn", "ecs_task_definition_arn"},
	{"ecs-task-arn", "ecs_task_arn"},
	{"ecs-task-id", "ecs_task_id"},
	// Version 8.
	{"reject-reason", "reject_reason"},
	// Later versions.
	{"resource-id", "resource_id"},
	{"encryption-status", "encryption_status"},
}

// defaultFields is the default format: CloudWatch Logs records and header-less
// text follow it, since nothing in the record says otherwise.
var defaultFields = []string{
	"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
	"protocol", "packets", "bytes", "start", "end", "action", "log-status",
}

// fieldColumn returns the column that holds a field, or "" for a field this
// package does not know.
func fieldColumn(field string) string {
	for _, f := range flowFields {
		if f.field == field {
			return f.column
		}
	}
	return ""
}

// fieldName strips the ${…} of a custom format string, so that a header
// copied from a LogFormat ("${vpc-id} ${srcaddr}") reads like a real one.
func fieldName(token string) string {
	if strings.HasPrefix(token, "${") && strings.HasSuffix(token, "}") {
		return token[2 : len(token)-1]
	}
	return token
}

// columnIndex returns the position of a column in Table.Columns. Every name
// passed here is one of the package's own, so a miss is a bug.
func columnIndex(name string) int {
	for i, c := range Table.Columns {
		if c.Name == name {
			return i
		}
	}
	panic("vpcflow: Table has no column " + name)
}
