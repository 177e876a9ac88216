package diagnostic

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// parseGraph reads a Microsoft Graph auditLogs page: sign-ins go to
// SigninLogs (AADManagedIdentitySignInLogs for managed identities),
// directory audits to AuditLogs. Each entry is told by its own members;
// the page's @odata.context decides for entries too cut down to tell.
func parseGraph(ctx context.Context, in source.Input, out source.RowWriter) error {
	var pageKind string
	onMember := func(key string, raw json.RawMessage) {
		if key == "@odata.context" {
			c := strings.ToLower(scalarText(raw))
			switch {
			case strings.Contains(c, "auditlogs/signins"):
				pageKind = "signIn"
			case strings.Contains(c, "auditlogs/directoryaudits"):
				pageKind = "audit"
			}
		}
	}
	each := func(loc source.Location, raw json.RawMessage) error {
		o, ok := parseObject(raw)
		if !ok {
			out.Reject(loc, notObject("the entry", raw))
			return nil
		}
		names := map[string]string{}
		for k := range o {
			names[k] = ""
		}
		kind := pageKind
		switch {
		case isGraphSignIn(names):
			kind = "signIn"
		case isGraphAudit(names):
			kind = "audit"
		}
		switch kind {
		case "signIn":
			return signIn(graphSignInTable(o, in.Table), object{}, o, "createdDateTime").write(out, loc)
		case "audit":
			return audit(object{}, o, "activityDateTime").write(out, loc)
		}
		out.Reject(loc, "neither a sign-in (createdDateTime, userPrincipalName) nor a directory audit (activityDateTime, activityDisplayName)")
		return nil
	}
	return newStream(ctx, in.R).values("value", onMember, each)
}

// graphSignInTable is AADManagedIdentitySignInLogs for managed identity
// sign-ins (the beta API's signInEventTypes says so, or the user did),
// SigninLogs otherwise.
func graphSignInTable(o object, want string) *source.Table {
	if strings.EqualFold(want, azure.AADManagedIdentitySignInLogs.Name) ||
		strings.Contains(strings.ToLower(string(o.get("signInEventTypes"))), "managedidentity") {
		return azure.AADManagedIdentitySignInLogs
	}
	return azure.SigninLogs
}
