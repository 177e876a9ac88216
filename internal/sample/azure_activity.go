package sample

import (
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// The Azure activity log: the attack day as `az monitor activity-log list`
// printed it, the other days as rows of `az monitor log-analytics query`.

// activityEvent is one activity log event.
type activityEvent struct {
	t          time.Time
	op         string // e.g. Microsoft.Compute/virtualMachines/write
	opName     string // its localized name
	status     string // Started, Succeeded or Failed
	caller     string // UPN, or a service principal's object id
	callerName string
	mi         *azIdentity // set when the caller is a managed identity
	ip         string
	resourceID string
	corr       string
	dataID     string
	method     string
}

// laStatus is the status as AzureActivity's ActivityStatusValue spells it
// today (Start, Success, Failure); the activity log API keeps the older
// Started, Succeeded, Failed.
func laStatus(s string) string {
	switch s {
	case "Started":
		return "Start"
	case "Succeeded":
		return "Success"
	}
	return "Failure"
}

// resourceParts splits a resource id into resource group, provider and name.
func resourceParts(id string) (rg, provider, name string) {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		switch strings.ToLower(parts[i]) {
		case "resourcegroups":
			rg = parts[i+1]
		case "providers":
			provider = parts[i+1]
		}
	}
	return rg, provider, parts[len(parts)-1]
}

func (w *azWorld) activityClaims(e *activityEvent) map[string]any {
	c := map[string]any{
		"aud": "https://management.core.windows.net/", "iss": "https://sts.windows.net/" + w.tenant + "/",
		"iat": e.t.Add(-10 * time.Minute).Unix(), "nbf": e.t.Add(-10 * time.Minute).Unix(), "exp": e.t.Add(70 * time.Minute).Unix(),
		"http://schemas.microsoft.com/identity/claims/tenantid": w.tenant,
		"ver": "1.0",
	}
	if e.mi != nil {
		c["appid"] = e.mi.appID
		c["idtyp"] = "app"
		c["http://schemas.microsoft.com/identity/claims/objectidentifier"] = e.mi.spID
		c["xms_mirid"] = "/subscriptions/" + w.sub + "/resourcegroups/rg-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + e.mi.name
	} else {
		c["appid"] = appPortalID
		c["name"] = e.callerName
		c["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"] = e.caller
		c["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"] = e.caller
	}
	if e.ip != "" {
		c["ipaddr"] = e.ip
	}
	for k, v := range c {
		if n, ok := v.(int64); ok {
			c[k] = itoa64(n) // JWT claims reach the activity log as strings
		}
	}
	return c
}

func itoa64(n int64) string { return pyStr(n) }

func (w *azWorld) activityJSON(e *activityEvent) map[string]any {
	rg, provider, _ := resourceParts(e.resourceID)
	resType := provider + "/" + strings.SplitN(strings.SplitN(e.resourceID, "/providers/"+provider+"/", 2)[1], "/", 2)[0]
	lv := func(v string) map[string]any { return map[string]any{"value": v, "localizedValue": v} }
	eventName := "EndRequest"
	if e.status == "Started" {
		eventName = "BeginRequest"
	}
	return map[string]any{
		"authorization":  map[string]any{"action": e.op, "scope": e.resourceID},
		"caller":         e.caller,
		"channels":       "Operation",
		"claims":         w.activityClaims(e),
		"correlationId":  e.corr,
		"description":    "",
		"eventDataId":    e.dataID,
		"eventName":      map[string]any{"value": eventName, "localizedValue": map[string]string{"EndRequest": "End request", "BeginRequest": "Begin request"}[eventName]},
		"category":       lv("Administrative"),
		"eventTimestamp": iso7(e.t),
		"httpRequest":    map[string]any{"clientRequestId": e.dataID[:8] + e.corr[8:], "clientIpAddress": e.ip, "method": e.method},
		"id":             e.resourceID + "/events/" + e.dataID + "/ticks/" + pyStr(e.t.UnixNano()/100+621355968000000000),
		"level":          "Informational",
		"operationId":    e.corr,
		"operationName":  map[string]any{"value": e.op, "localizedValue": e.opName},
		"properties": map[string]any{"eventCategory": "Administrative", "entity": e.resourceID, "message": e.op,
			"hierarchy": w.tenant + "/" + w.sub},
		"relatedEvents":        []any{},
		"resourceGroupName":    rg,
		"resourceId":           e.resourceID,
		"resourceProviderName": lv(provider),
		"resourceType":         lv(resType),
		"status":               lv(e.status),
		"subStatus":            lv(""),
		"submissionTimestamp":  iso7(e.t.Add(2 * time.Minute)),
		"subscriptionId":       w.sub,
		"tenantId":             w.tenant,
	}
}

func (w *azWorld) activityRow(e *activityEvent) laRow {
	rg, provider, name := resourceParts(e.resourceID)
	auth := jsonText(obj{{"action", e.op}, {"scope", e.resourceID}})
	claims := jsonText(w.activityClaims(e))
	http := jsonText(obj{{"clientRequestId", e.dataID[:8] + e.corr[8:]}, {"clientIpAddress", e.ip}, {"method", e.method}})
	props := jsonText(obj{{"eventCategory", "Administrative"}, {"entity", e.resourceID}, {"message", e.op}, {"hierarchy", w.tenant + "/" + w.sub}})
	return laRow{
		"ActivityStatus": e.status, "ActivityStatusValue": laStatus(e.status), "Authorization": auth, "Authorization_d": auth,
		"Caller": e.caller, "CallerIpAddress": e.ip, "Category": "Administrative", "CategoryValue": "Administrative",
		"Claims": claims, "Claims_d": claims, "CorrelationId": e.corr, "EventDataId": e.dataID,
		"EventSubmissionTimestamp": e.t.Add(2 * time.Minute), "Hierarchy": w.tenant + "/" + w.sub, "HTTPRequest": http,
		"Level": "Informational", "OperationId": e.corr, "OperationName": e.opName,
		"OperationNameValue": strings.ToUpper(e.op), // Log Analytics upper-cases it
		"Properties":         props, "Properties_d": props, "Resource": name, "ResourceGroup": strings.ToUpper(rg),
		"ResourceId": e.resourceID, "_ResourceId": strings.ToLower(e.resourceID), // Log Analytics lower-cases _ResourceId "ResourceProvider": provider,
		"ResourceProviderValue": strings.ToUpper(provider), "SourceSystem": "Azure", "SubscriptionId": w.sub,
		"_SubscriptionId": w.sub, "TenantId": w.workspace, "TimeGenerated": e.t,
	}
}

// Operations of the sample.
const (
	opVMWrite     = "Microsoft.Compute/virtualMachines/write"
	opVMDelete    = "Microsoft.Compute/virtualMachines/delete"
	opVMExtension = "Microsoft.Compute/virtualMachines/extensions/write"
	opRunCommand  = "Microsoft.Compute/virtualMachines/runCommand/action"
)

var opNames = map[string]string{
	opVMWrite:     "Create or Update Virtual Machine",
	opVMDelete:    "Delete Virtual Machine",
	opVMExtension: "Create or Update Virtual Machine Extension",
	opRunCommand:  "Run Command on Virtual Machine",
	"Microsoft.Compute/virtualMachines/start/action":                  "Start Virtual Machine",
	"Microsoft.Compute/virtualMachines/deallocate/action":             "Deallocate Virtual Machine",
	"Microsoft.Compute/disks/write":                                   "Create or Update Disk",
	"Microsoft.Network/networkSecurityGroups/write":                   "Create or Update Network Security Group",
	"Microsoft.Storage/storageAccounts/listKeys/action":               "List Storage Account Keys",
	"Microsoft.Authorization/roleAssignments/write":                   "Create role assignment",
	"Microsoft.ContainerInstance/containerGroups/write":               "Create or Update Container Group",
	"Microsoft.Storage/storageAccounts/blobServices/containers/write": "Put blob container",
}

func writeActivity(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2060)
	// op adds an operation: a Started event and its outcome (started is
	// false for operations the log records once).
	op := func(t time.Time, name, resourceID, status string, caller *azUser, mi *azIdentity, ip string, started bool) {
		corr := randGUID(r)
		e := activityEvent{t: t, op: name, opName: opNames[name], status: status, ip: ip, resourceID: resourceID, corr: corr, method: "POST"}
		if strings.HasSuffix(name, "/write") {
			e.method = "PUT"
		} else if strings.HasSuffix(name, "/delete") {
			e.method = "DELETE"
		}
		if mi != nil {
			e.caller, e.mi = mi.spID, mi
		} else {
			e.caller, e.callerName = caller.upn, caller.name
		}
		if started {
			s := e
			s.status, s.dataID = "Started", randGUID(r)
			s.t = t.Add(-time.Duration(2+r.IntN(60)) * time.Second)
			o.activity = append(o.activity, &s)
		}
		e.dataID = randGUID(r)
		o.activity = append(o.activity, &e)
	}
	sub := "/subscriptions/" + w.sub
	storageID := func(acct string) string {
		return sub + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/" + acct
	}
	existing := w.vms[1:] // web-vm-01 is never rewritten
	for i := 0; i < scaled(150, scale); i++ {
		t := azRandTime(r)
		vm := pick(r, existing)
		switch k := r.IntN(10); {
		case k < 3:
			status := "Succeeded"
			if r.IntN(6) == 0 {
				status = "Failed" // a look-alike: a write that did not go through
			}
			op(t, opVMWrite, w.vmID(vm), status, w.admin, nil, w.officeIP, true)
		case k < 5:
			op(t, pick(r, []string{"Microsoft.Compute/virtualMachines/start/action", "Microsoft.Compute/virtualMachines/deallocate/action"}),
				w.vmID(vm), "Succeeded", w.admin, nil, w.officeIP, true)
		case k < 6:
			op(t, "Microsoft.Compute/disks/write", sub+"/resourceGroups/"+vm.rg+"/providers/Microsoft.Compute/disks/"+vm.name+"_OsDisk_1",
				"Succeeded", w.admin, nil, w.officeIP, true)
		case k < 7:
			op(t, "Microsoft.Network/networkSecurityGroups/write", sub+"/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web",
				"Succeeded", w.admin, nil, w.officeIP, true)
		default:
			// The backup runner's managed identity, from inside Azure: no
			// caller address.
			op(t, "Microsoft.Storage/storageAccounts/listKeys/action", storageID("stcontosodata"), "Succeeded", nil, &w.benignMI, "", false)
		}
	}
	// web-vm-01's own identity lists keys from inside the VM now and then.
	for d := int64(0); d < 7; d++ {
		op(time.Unix(bgStart+d*day+3*hour+r.Int64N(hour), 0).UTC(), "Microsoft.Storage/storageAccounts/listKeys/action",
			storageID("stcontosodata"), "Succeeded", nil, &w.mi, "", false)
	}

	// The attack.
	v, ip := w.victim, w.sprayIP
	op(azAt(9, 7, 31, 0), "Microsoft.Authorization/roleAssignments/write", sub+"/providers/Microsoft.Authorization/roleAssignments/"+w.guidOf("ra", w.victim.id, "Owner", sub),
		"Succeeded", v, nil, ip, true)
	op(azAt(9, 11, 40, 0), opVMWrite, w.vmID(w.buildVM), "Succeeded", v, nil, ip, true)
	op(azAt(9, 25, 2, 0), opVMWrite, w.vmID(w.buildVM), "Succeeded", v, nil, ip, true)
	op(azAt(9, 26, 48, 0), opVMExtension, w.vmID(w.buildVM)+"/extensions/CustomScript", "Succeeded", v, nil, ip, true)
	op(azAt(9, 30, 15, 0), opRunCommand, w.vmID(w.webVM), "Succeeded", v, nil, ip, false)
	op(azAt(9, 31, 2, 0), opRunCommand, w.vmID(w.webVM), "Failed", v, nil, ip, false)
	op(azAt(9, 50, 5, 0), "Microsoft.ContainerInstance/containerGroups/write", sub+"/resourceGroups/rg-prod/providers/Microsoft.ContainerInstance/containerGroups/cg-batch-worker",
		"Succeeded", v, nil, ip, true)
	op(azAt(9, 41, 7, 0), "Microsoft.Storage/storageAccounts/listKeys/action", storageID("stcontosodata"), "Succeeded", nil, &w.mi, w.miIP, false)
	op(azAt(9, 42, 30, 0), "Microsoft.Storage/storageAccounts/listKeys/action", storageID("stcontosofiles"), "Succeeded", nil, &w.mi, w.miIP, false)
	op(azAt(9, 44, 51, 0), "Microsoft.Storage/storageAccounts/blobServices/containers/write", storageID("stcontosodata")+"/blobServices/default/containers/backup-tmp",
		"Succeeded", nil, &w.mi, w.miIP, false)
	op(azAt(12, 0, 41, 0), opVMDelete, w.vmID(w.legacyVM), "Succeeded", v, nil, ip, true)
	// A benign write on the attack day, by the admin.
	op(azAt(15, 12, 9, 0), opVMWrite, w.vmID(w.vms[4]), "Succeeded", w.admin, nil, w.officeIP, true)

	byTime(o.activity, func(e *activityEvent) time.Time { return e.t })
	o.rows["AzureActivity"] += int64(len(o.activity))
	dayStart, dayEnd := time.Unix(attackDay, 0).UTC(), time.Unix(attackDay+day, 0).UTC()
	var list []map[string]any
	var rows []laRow
	for i := len(o.activity) - 1; i >= 0; i-- { // the activity log lists newest first
		e := o.activity[i]
		if !e.t.Before(dayStart) && e.t.Before(dayEnd) {
			list = append(list, w.activityJSON(e))
		}
	}
	for _, e := range o.activity {
		if e.t.Before(dayStart) || !e.t.Before(dayEnd) {
			rows = append(rows, w.activityRow(e))
		}
	}
	if err := o.writeJSON("cli/az-monitor-activity-log-list-2024-03-08.json", list, "  "); err != nil {
		return err
	}
	return o.writeJSON("exports/AzureActivity-query.json", azRows(azure.AzureActivity, rows), "  ")
}
