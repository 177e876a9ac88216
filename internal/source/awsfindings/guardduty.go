package awsfindings

import (
	"fmt"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// guardDutyRow makes a guardduty_findings row of a finding in any of its
// shapes: PascalCase as the CLI prints it, camelCase as exported, or
// inside an EventBridge event.
func guardDutyRow(v any) ([]any, []string, error) {
	o, err := asObject(v, "a GuardDuty finding")
	if err != nil {
		return nil, nil, err
	}
	if detail, isEvent, err := eventDetail(o, "aws.guardduty", "GuardDuty Finding"); isEvent {
		if err != nil {
			return nil, nil, err
		}
		o = detail
	}
	if !isPascalFinding(o) {
		o = pascalFinding(o).(*jsonv.Object)
	}
	if get(o, "Id") == nil && get(o, "Type") == nil {
		return nil, nil, fmt.Errorf("no Id or Type: not a GuardDuty finding")
	}

	f := &fields{}
	res := get(o, "Resource")
	inst := get(res, "InstanceDetails")
	nic := first(get(inst, "NetworkInterfaces"))
	key := get(res, "AccessKeyDetails")
	svc := get(o, "Service")
	action := get(svc, "Action")
	conn := get(action, "NetworkConnectionAction")
	api := get(action, "AwsApiCallAction")
	k8s := get(action, "KubernetesApiCallAction")
	dns := get(action, "DnsRequestAction")
	probe := get(action, "PortProbeAction")
	probe1 := first(get(probe, "PortProbeDetails"))
	remote := firstNonNil(get(conn, "RemoteIpDetails"), get(api, "RemoteIpDetails"),
		get(k8s, "RemoteIpDetails"), get(action, "RdsLoginAttemptAction", "RemoteIpDetails"),
		get(probe1, "RemoteIpDetails"))
	localPort := firstNonNil(get(conn, "LocalPortDetails"), get(probe1, "LocalPortDetails"))
	localIP := firstNonNil(get(conn, "LocalIpDetails"), get(probe1, "LocalIpDetails"))

	updated := f.timestamp("UpdatedAt", get(o, "UpdatedAt"))
	needTime(f, GuardDutyTable, updated)
	values := row(GuardDutyTable, map[string]any{
		"Id":                  f.text("Id", get(o, "Id")),
		"Type":                f.text("Type", get(o, "Type")),
		"Title":               f.text("Title", get(o, "Title")),
		"Description":         f.text("Description", get(o, "Description")),
		"Severity":            f.double("Severity", get(o, "Severity")),
		"AccountId":           f.text("AccountId", get(o, "AccountId")),
		"Region":              f.text("Region", get(o, "Region")),
		"Partition":           f.text("Partition", get(o, "Partition")),
		"Arn":                 f.text("Arn", get(o, "Arn")),
		"SchemaVersion":       f.text("SchemaVersion", get(o, "SchemaVersion")),
		"CreatedAt":           f.timestamp("CreatedAt", get(o, "CreatedAt")),
		"UpdatedAt":           updated,
		"ResourceType":        f.text("Resource.ResourceType", get(res, "ResourceType")),
		"InstanceId":          f.text("InstanceDetails.InstanceId", get(inst, "InstanceId")),
		"InstanceType":        f.text("InstanceDetails.InstanceType", get(inst, "InstanceType")),
		"ImageId":             f.text("InstanceDetails.ImageId", get(inst, "ImageId")),
		"PrivateIpAddress":    f.text("NetworkInterfaces[0].PrivateIpAddress", get(nic, "PrivateIpAddress")),
		"PublicIp":            f.text("NetworkInterfaces[0].PublicIp", get(nic, "PublicIp")),
		"AccessKeyId":         f.text("AccessKeyDetails.AccessKeyId", get(key, "AccessKeyId")),
		"UserName":            f.text("AccessKeyDetails.UserName", get(key, "UserName")),
		"UserType":            f.text("AccessKeyDetails.UserType", get(key, "UserType")),
		"PrincipalId":         f.text("AccessKeyDetails.PrincipalId", get(key, "PrincipalId")),
		"DetectorId":          f.text("Service.DetectorId", get(svc, "DetectorId")),
		"Archived":            f.boolean("Service.Archived", get(svc, "Archived")),
		"Count":               f.integer("Service.Count", get(svc, "Count")),
		"EventFirstSeen":      f.timestamp("Service.EventFirstSeen", get(svc, "EventFirstSeen")),
		"EventLastSeen":       f.timestamp("Service.EventLastSeen", get(svc, "EventLastSeen")),
		"ResourceRole":        f.text("Service.ResourceRole", get(svc, "ResourceRole")),
		"ActionType":          f.text("Action.ActionType", get(action, "ActionType")),
		"Api":                 f.text("AwsApiCallAction.Api", get(api, "Api")),
		"CallerType":          f.text("AwsApiCallAction.CallerType", get(api, "CallerType")),
		"UserAgent":           f.text("UserAgent", firstNonNil(get(api, "UserAgent"), get(k8s, "UserAgent"))),
		"Domain":              f.text("DnsRequestAction.Domain", get(dns, "Domain")),
		"RemoteIpAddress":     f.text("RemoteIpDetails.IpAddressV4", firstNonNil(get(remote, "IpAddressV4"), get(remote, "IpAddressV6"))),
		"RemoteCountry":       f.text("RemoteIpDetails.Country.CountryName", get(remote, "Country", "CountryName")),
		"RemoteCountryCode":   f.text("RemoteIpDetails.Country.CountryCode", get(remote, "Country", "CountryCode")),
		"RemoteCity":          f.text("RemoteIpDetails.City.CityName", get(remote, "City", "CityName")),
		"RemoteOrg":           f.text("RemoteIpDetails.Organization.Org", get(remote, "Organization", "Org")),
		"RemoteAsn":           f.text("RemoteIpDetails.Organization.Asn", get(remote, "Organization", "Asn")),
		"RemoteAsnOrg":        f.text("RemoteIpDetails.Organization.AsnOrg", get(remote, "Organization", "AsnOrg")),
		"RemoteIsp":           f.text("RemoteIpDetails.Organization.Isp", get(remote, "Organization", "Isp")),
		"RemotePort":          f.integer("RemotePortDetails.Port", get(conn, "RemotePortDetails", "Port")),
		"LocalIpAddress":      f.text("LocalIpDetails.IpAddressV4", firstNonNil(get(localIP, "IpAddressV4"), get(localIP, "IpAddressV6"))),
		"LocalPort":           f.integer("LocalPortDetails.Port", get(localPort, "Port")),
		"LocalPortName":       f.text("LocalPortDetails.PortName", get(localPort, "PortName")),
		"Protocol":            f.text("Protocol", firstNonNil(get(conn, "Protocol"), get(dns, "Protocol"))),
		"ConnectionDirection": f.text("NetworkConnectionAction.ConnectionDirection", get(conn, "ConnectionDirection")),
		"Blocked":             f.boolean("Blocked", firstNonNil(get(conn, "Blocked"), get(probe, "Blocked"), get(dns, "Blocked"))),
		"raw":                 string(appendJSON(nil, o)),
	})
	return values, f.warns, nil
}
