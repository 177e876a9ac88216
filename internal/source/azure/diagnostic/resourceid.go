package diagnostic

import "strings"

// resourceID holds the parts of an Azure resource id the tables show:
// /subscriptions/<sub>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>/….
type resourceID struct {
	subscription  string
	resourceGroup string
	provider      string // e.g. Microsoft.Storage
	name          string // the last segment
}

// parseResourceID splits id; segment names match in any case, as the
// activity log writes ids in upper case.
func parseResourceID(id string) resourceID {
	var r resourceID
	parts := strings.Split(strings.Trim(id, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		switch strings.ToLower(parts[i]) {
		case "subscriptions":
			if r.subscription == "" {
				r.subscription = parts[i+1]
			}
		case "resourcegroups":
			if r.resourceGroup == "" {
				r.resourceGroup = parts[i+1]
			}
		case "providers":
			if r.provider == "" {
				r.provider = parts[i+1]
			}
		}
	}
	if len(parts) > 0 && parts[len(parts)-1] != "" {
		r.name = parts[len(parts)-1]
	}
	return r
}

// storageService tells the storage service of a storage resource log's
// resource id: …/storageAccounts/<acct>/blobServices/default → "blob".
func storageService(id string) string {
	lower := strings.ToLower(id)
	for _, svc := range []string{"blob", "file", "table", "queue"} {
		if strings.Contains(lower, "/"+svc+"services/") || strings.HasSuffix(lower, "/"+svc+"services") {
			return svc
		}
	}
	return ""
}
