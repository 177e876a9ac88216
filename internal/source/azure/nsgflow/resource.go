package nsgflow

import "strings"

// resource is what a flow log names in an Azure resource id.
type resource struct {
	subscription, resourceGroup string
	nsg                         string // networkSecurityGroups/<name>
	region                      string // from networkWatchers/NetworkWatcher_<region>
}

// parseResourceID reads /SUBSCRIPTIONS/<id>/RESOURCEGROUPS/<rg>/PROVIDERS/
// MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/<name> and its kin. Flow logs
// write them in upper case; the segment names are matched in any case.
func parseResourceID(id string) resource {
	var r resource
	parts := strings.Split(strings.Trim(id, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		value := parts[i+1]
		switch strings.ToLower(parts[i]) {
		case "subscriptions":
			r.subscription = strings.ToLower(value)
		case "resourcegroups":
			r.resourceGroup = value
		case "networksecuritygroups":
			r.nsg = value
		case "networkwatchers":
			// Network Watcher is created per region as NetworkWatcher_<region>.
			if name := strings.ToLower(value); strings.HasPrefix(name, "networkwatcher_") {
				r.region = strings.TrimPrefix(name, "networkwatcher_")
			}
		}
	}
	return r
}

// lowerJoin writes NSGList_s as Traffic Analytics does:
// <subscription>/<resource group>/<nsg>, in lower case.
func lowerJoin(parts ...string) string {
	return strings.ToLower(strings.Join(parts, "/"))
}
