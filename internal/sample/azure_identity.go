package sample

import (
	"fmt"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// Entra ID: user sign-ins, managed-identity sign-ins, directory audits,
// UEBA rows and role assignments.

// signin is one Entra ID sign-in (of a user, or of a managed identity when
// mi is set).
type signin struct {
	t          time.Time
	id, corr   string
	user       *azUser
	mi         *azIdentity
	ip         string
	errorCode  int // 0: success; 50126: bad user name or password
	mfa        bool
	app, appID string
	ua         string
	country    string
	city       string
}

func (s *signin) resultType() string { return fmt.Sprint(s.errorCode) }

const (
	badPassword   = 50126
	appPortal     = "Azure Portal"
	appPortalID   = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"
	appCLI        = "Microsoft Azure CLI"
	appCLIID      = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
	appOffice     = "Office 365 Exchange Online"
	appOfficeID   = "00000002-0000-0ff1-ce00-000000000000"
	armResourceID = "797f4846-ba00-4fd7-ba43-dac1f8f63013" // Azure Resource Manager's service principal
	uaEdge        = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0"
	uaSpray       = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.93 Safari/537.36"
)

// authDetails is the AuthenticationDetails array of a sign-in.
func (s *signin) authDetails() []obj {
	step := obj{
		{"authenticationStepDateTime", isoS(s.t)},
		{"authenticationMethod", "Password"},
		{"authenticationMethodDetail", "Password in the cloud"},
		{"succeeded", s.errorCode == 0},
		{"authenticationStepResultDetail", map[bool]string{true: "Correct password", false: "Invalid username or password or Invalid on-premise username or password."}[s.errorCode == 0]},
		{"authenticationStepRequirement", "Primary authentication"},
	}
	out := []obj{step}
	if s.mfa && s.errorCode == 0 {
		out = append(out, obj{
			{"authenticationStepDateTime", isoS(s.t.Add(9 * time.Second))},
			{"authenticationMethod", "Mobile app notification"},
			{"authenticationMethodDetail", ""},
			{"succeeded", true},
			{"authenticationStepResultDetail", "MFA successfully completed"},
			{"authenticationStepRequirement", "Primary authentication"},
		})
	}
	return out
}

func (s *signin) status() obj {
	if s.errorCode == 0 {
		return obj{{"errorCode", 0}}
	}
	return obj{{"errorCode", s.errorCode}, {"failureReason", "Error validating credentials due to invalid username or password."}}
}

func (s *signin) location() obj {
	return obj{{"city", s.city}, {"state", ""}, {"countryOrRegion", s.country}, {"geoCoordinates", obj{}}}
}

func (s *signin) device() obj {
	return obj{{"deviceId", ""}, {"operatingSystem", "Windows 10"}, {"browser", "Edge 122.0.0"}}
}

// diagRecord is the sign-in as a diagnostic setting writes it to storage.
func (w *azWorld) signinRecord(s *signin) obj {
	props := obj{
		{"id", s.id},
		{"createdDateTime", iso7(s.t)},
		{"userDisplayName", s.user.name},
		{"userPrincipalName", s.user.upn},
		{"userId", s.user.id},
		{"appId", s.appID},
		{"appDisplayName", s.app},
		{"ipAddress", s.ip},
		{"status", s.status()},
		{"clientAppUsed", "Browser"},
		{"userAgent", s.ua},
		{"deviceDetail", s.device()},
		{"location", s.location()},
		{"correlationId", s.corr},
		{"conditionalAccessStatus", "notApplied"},
		{"originalRequestId", s.id},
		{"isInteractive", true},
		{"tokenIssuerType", "AzureAD"},
		{"resourceDisplayName", "Windows Azure Service Management API"},
		{"resourceId", armResourceID},
		{"authenticationDetails", s.authDetails()},
		{"authenticationRequirement", map[bool]string{true: "multiFactorAuthentication", false: "singleFactorAuthentication"}[s.mfa]},
		{"riskDetail", "none"},
		{"riskLevelAggregated", "none"},
		{"riskLevelDuringSignIn", "none"},
		{"riskState", "none"},
		{"userType", "Member"},
		{"homeTenantId", w.tenant},
		{"resourceTenantId", w.tenant},
	}
	return obj{
		{"time", iso7(s.t)},
		{"resourceId", "/tenants/" + w.tenant + "/providers/Microsoft.aadiam"},
		{"operationName", "Sign-in activity"},
		{"operationVersion", "1.0"},
		{"category", "SignInLogs"},
		{"tenantId", w.tenant},
		{"resultType", s.resultType()},
		{"resultSignature", "None"},
		{"resultDescription", map[bool]string{true: "", false: "Invalid username or password or Invalid on-premise username or password."}[s.errorCode == 0]},
		{"durationMs", 0},
		{"callerIpAddress", s.ip},
		{"correlationId", s.corr},
		{"identity", s.user.name},
		{"Level", 4},
		{"location", s.country},
		{"properties", props},
	}
}

// signinRow is the sign-in as a SigninLogs row, for the portal export.
func (w *azWorld) signinRow(s *signin) laRow {
	details, _ := marshalJSON(s.authDetails(), "    ") // Log Analytics keeps this string pretty-printed
	desc := ""
	if s.errorCode != 0 {
		desc = "Invalid username or password or Invalid on-premise username or password."
	}
	return laRow{
		"AADTenantId": w.tenant, "AppDisplayName": s.app, "AppId": s.appID,
		"AuthenticationDetails": string(details), "AuthenticationProtocol": "none",
		"AuthenticationRequirement": map[bool]string{true: "multiFactorAuthentication", false: "singleFactorAuthentication"}[s.mfa],
		"Category":                  "SignInLogs", "ClientAppUsed": "Browser", "ConditionalAccessStatus": "notApplied",
		"CorrelationId": s.corr, "CreatedDateTime": s.t, "DeviceDetail": jsonText(s.device()), "DurationMs": int64(0),
		"HomeTenantId": w.tenant, "Id": s.id, "Identity": s.user.name, "IPAddress": s.ip, "IsInteractive": true, "IsRisky": false,
		"Level": "4", "Location": s.country, "LocationDetails": jsonText(s.location()), "OperationName": "Sign-in activity",
		"OperationVersion": "1.0", "OriginalRequestId": s.id, "ResourceDisplayName": "Windows Azure Service Management API",
		"ResourceId": "/tenants/" + w.tenant + "/providers/Microsoft.aadiam", "ResourceTenantId": w.tenant,
		"ResultDescription": desc, "ResultSignature": "None", "ResultType": s.resultType(), "RiskDetail": "none",
		"RiskLevelAggregated": "none", "RiskLevelDuringSignIn": "none", "RiskState": "none", "SourceSystem": "Azure AD",
		"Status": jsonText(s.status()), "TimeGenerated": s.t, "TokenIssuerType": "AzureAD", "UserAgent": s.ua,
		"UserDisplayName": s.user.name, "UserId": s.user.id, "UserPrincipalName": s.user.upn, "UserType": "Member",
	}
}

// diagPath is where a diagnostic setting puts an hour's blob of a
// category, in the logs storage account (insights-logs-<category>/
// resourceId=<id>/y=/m=/d=/h=/m=00/PT1H.json).
func diagPath(category, resourceID string, hourStart time.Time) string {
	return fmt.Sprintf("storage/stcontosologs/insights-logs-%s/resourceId=%s/y=%04d/m=%02d/d=%02d/h=%02d/m=00/PT1H.json",
		category, resourceID, hourStart.Year(), int(hourStart.Month()), hourStart.Day(), hourStart.Hour())
}

// writeHourly writes records in hourly {"records":[…]} blobs.
func writeHourly[T any](o *azOut, xs []T, when func(T) time.Time, path func(time.Time) string, rec func(T) obj) error {
	for i := 0; i < len(xs); {
		h := when(xs[i]).Truncate(time.Hour)
		var recs []obj
		for ; i < len(xs) && when(xs[i]).Truncate(time.Hour).Equal(h); i++ {
			recs = append(recs, rec(xs[i]))
		}
		if err := o.writeJSON(path(h), obj{{"records", recs}}, ""); err != nil {
			return err
		}
	}
	return nil
}

// signinCutover is when the sign-in diagnostic setting was created: sign-ins
// before it reach the case only through the portal's CSV export.
var signinCutover = time.Unix(bgStart+2*day, 0).UTC()

func writeSignins(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2010)
	add := func(s *signin) {
		s.id, s.corr = randGUID(r), randGUID(r)
		if s.app == "" {
			s.app, s.appID = appPortal, appPortalID
		}
		if s.ua == "" {
			s.ua = uaEdge
		}
		if s.country == "" {
			s.country, s.city = "US", "Seattle"
		}
		o.signins = append(o.signins, s)
	}
	// Background: everyday sign-ins from the office and from home.
	for i := 0; i < scaled(500, scale); i++ {
		u := pick(r, w.users[1:])
		ip := w.officeIP
		if r.IntN(3) == 0 {
			ip = w.homeIPs[u.upn]
		}
		app, appID := pick(r, []string{appPortal, appOffice}), ""
		if app == appPortal {
			appID = appPortalID
		} else {
			appID = appOfficeID
		}
		add(&signin{t: azRandTime(r), user: u, ip: ip, mfa: u != w.users[5], app: app, appID: appID})
	}
	// The victim's own sign-ins: office, MFA not enforced for her.
	for d := int64(0); d < 4; d++ {
		add(&signin{t: time.Unix(bgStart+d*day+8*hour+r.Int64N(hour), 0).UTC(), user: w.victim, ip: w.officeIP})
	}
	// Benign failures: a few users mistype their password at home, then
	// get in; one at the office. Fixed counts, far below the hunts' 10.
	for i, u := range []*azUser{w.users[5], w.users[9], w.users[16], w.users[24]} {
		start := time.Unix(bgStart+int64(i+1)*day+14*hour+r.Int64N(2*hour), 0).UTC()
		n := 2 + i%3
		for k := 0; k < n; k++ {
			add(&signin{t: start.Add(time.Duration(k) * 40 * time.Second), user: u, ip: w.homeIPs[u.upn], errorCode: badPassword})
		}
		add(&signin{t: start.Add(time.Duration(n) * 40 * time.Second), user: u, ip: w.homeIPs[u.upn], mfa: true})
	}
	for k := 0; k < 3; k++ {
		add(&signin{t: azAt(9, 15, 10+20*k, 0), user: w.users[12], ip: w.officeIP, errorCode: badPassword})
	}
	// The spray: every user once from one address, 08:40–08:55; the
	// victim's password works (no MFA), and the attacker signs in twice
	// more.
	for i, u := range w.users {
		t := azAt(8, 40, 0, 0).Add(time.Duration(i) * 22 * time.Second)
		s := &signin{t: t, user: u, ip: w.sprayIP, errorCode: badPassword, ua: uaSpray, country: "NL", city: "Amsterdam"}
		if u == w.victim {
			s.errorCode = 0
			s.t = azAt(8, 56, 3, 0)
		}
		add(s)
	}
	add(&signin{t: azAt(9, 1, 12, 0), user: w.victim, ip: w.sprayIP, ua: uaSpray, country: "NL", city: "Amsterdam"})
	add(&signin{t: azAt(9, 2, 40, 0), user: w.victim, ip: w.sprayIP, ua: "python/3.11.8 (Linux-6.6.9-amd64-x86_64-with-glibc2.37) AZURECLI/2.58.0", app: appCLI, appID: appCLIID, country: "NL", city: "Amsterdam"})

	byTime(o.signins, func(s *signin) time.Time { return s.t })
	var early, late []*signin
	for _, s := range o.signins {
		if s.t.Before(signinCutover) {
			early = append(early, s)
		} else {
			late = append(late, s)
		}
	}
	o.rows["SigninLogs"] += int64(len(o.signins))
	rows := make([]laRow, len(early))
	for i, s := range early {
		rows[i] = w.signinRow(s)
	}
	body, err := laCSV(azure.SigninLogs, rows)
	if err != nil {
		return err
	}
	if err := o.writeFile("exports/SigninLogs_export.csv", body); err != nil {
		return err
	}
	rid := "/tenants/" + w.tenant + "/providers/Microsoft.aadiam"
	return writeHourly(o, late, func(s *signin) time.Time { return s.t },
		func(h time.Time) string { return diagPath("signinlogs", rid, h) }, w.signinRecord)
}

func (w *azWorld) miRecord(s *signin) obj {
	props := obj{
		{"id", s.id},
		{"createdDateTime", iso7(s.t)},
		{"appId", s.mi.appID},
		{"ipAddress", s.ip},
		{"status", obj{{"errorCode", 0}}},
		{"correlationId", s.corr},
		{"servicePrincipalId", s.mi.spID},
		{"servicePrincipalName", s.mi.name},
		{"resourceDisplayName", "Azure Resource Manager"},
		{"resourceId", armResourceID},
		{"managedIdentityType", "userAssigned"},
		{"authenticationProcessingDetails", []obj{{{"key", "Azure AD App Authentication Library"}, {"value", "Family: Unknown Library: Unknown 1.0.0 Platform: Unknown"}}}},
	}
	return obj{
		{"time", iso7(s.t)},
		{"resourceId", "/tenants/" + w.tenant + "/providers/Microsoft.aadiam"},
		{"operationName", "Sign-in activity"},
		{"operationVersion", "1.0"},
		{"category", "ManagedIdentitySignInLogs"},
		{"tenantId", w.tenant},
		{"resultType", "0"},
		{"resultSignature", "None"},
		{"durationMs", 0},
		{"callerIpAddress", s.ip},
		{"correlationId", s.corr},
		{"identity", s.mi.name},
		{"Level", 4},
		{"location", "eastus"},
		{"properties", props},
	}
}

func writeManagedIdentitySignins(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2020)
	for i := 0; i < scaled(60, scale); i++ {
		mi := &w.benignMI
		if i%3 == 0 {
			mi = &w.mi
		}
		o.miSignins = append(o.miSignins, &signin{t: azRandTime(r), mi: mi, id: randGUID(r), corr: randGUID(r)})
	}
	// The token the attacker steals from web-vm-01's metadata endpoint.
	o.miSignins = append(o.miSignins, &signin{t: azAt(9, 38, 2, 511), mi: &w.mi, id: randGUID(r), corr: randGUID(r)})
	byTime(o.miSignins, func(s *signin) time.Time { return s.t })
	o.rows["AADManagedIdentitySignInLogs"] += int64(len(o.miSignins))
	rid := "/tenants/" + w.tenant + "/providers/Microsoft.aadiam"
	return writeHourly(o, o.miSignins, func(s *signin) time.Time { return s.t },
		func(h time.Time) string { return diagPath("managedidentitysigninlogs", rid, h) }, w.miRecord)
}

// auditEvent is a Microsoft Entra ID directory audit.
type auditEvent struct {
	t        time.Time
	id       string
	activity string
	category string
	opType   string
	actor    *azUser
	target   *azUser
	group    string
	groupID  string
	corr     string
}

// The activities that make az-user-groups findings.
var groupChanges = map[string]bool{"Add member to group": true, "Add owner to group": true, "Add member to role": true}

func (w *azWorld) graphAudit(a *auditEvent) obj {
	targets := []obj{{
		{"id", a.target.id}, {"displayName", nil}, {"type", "User"}, {"userPrincipalName", a.target.upn}, {"groupType", nil},
		{"modifiedProperties", []obj{}},
	}}
	if a.group != "" {
		targets[0][5].v = []obj{
			{{"displayName", "Group.ObjectID"}, {"oldValue", nil}, {"newValue", `"` + a.groupID + `"`}},
			{{"displayName", "Group.DisplayName"}, {"oldValue", nil}, {"newValue", `"` + a.group + `"`}},
		}
		targets = append(targets, obj{{"id", a.groupID}, {"displayName", a.group}, {"type", "Group"}, {"userPrincipalName", nil},
			{"groupType", "unifiedGroups"}, {"modifiedProperties", []obj{}}})
	}
	return obj{
		{"id", a.id},
		{"category", a.category},
		{"correlationId", a.corr},
		{"result", "success"},
		{"resultReason", ""},
		{"activityDisplayName", a.activity},
		{"activityDateTime", isoS(a.t)},
		{"loggedByService", "Core Directory"},
		{"operationType", a.opType},
		{"initiatedBy", obj{{"app", nil}, {"user", obj{{"id", a.actor.id}, {"displayName", nil}, {"userPrincipalName", a.actor.upn},
			{"ipAddress", ""}, {"userType", nil}, {"homeTenantId", nil}, {"homeTenantName", nil}}}}},
		{"targetResources", targets},
		{"additionalDetails", []obj{}},
	}
}

func writeAuditLogs(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2030)
	newID := func() string {
		return "Directory_" + string(appendAlnum(nil, r, 5)) + "_" + fmt.Sprintf("%08d", r.IntN(1e8))
	}
	kinds := []struct{ activity, category, op string }{
		{"Update user", "UserManagement", "Update"},
		{"Add user", "UserManagement", "Add"},
		{"Update group", "GroupManagement", "Update"},
		{"Remove member from group", "GroupManagement", "Unassign"},
		{"Change user password", "UserManagement", "Update"},
	}
	for i := 0; i < scaled(80, scale); i++ {
		k := pick(r, kinds)
		a := &auditEvent{t: azRandTime(r).Truncate(time.Second), id: newID(), activity: k.activity, category: k.category, opType: k.op,
			actor: w.admin, target: pick(r, w.users), corr: randGUID(r)}
		if k.category == "GroupManagement" {
			a.group, a.groupID = "Finance-Team", w.guidOf("group", "finance")
		}
		o.audits = append(o.audits, a)
	}
	o.audits = append(o.audits, &auditEvent{t: azAt(9, 5, 12, 0), id: newID(), activity: "Add member to group", category: "GroupManagement",
		opType: "Assign", actor: w.victim, target: w.victim, group: w.adminGroup, groupID: w.adminGrpID, corr: randGUID(r)})
	o.rows["AuditLogs"] += int64(len(o.audits))

	// Graph pages: newest first, 50 a page, linked by @odata.nextLink.
	sorted := append([]*auditEvent(nil), o.audits...)
	byTime(sorted, func(a *auditEvent) time.Time { return a.t })
	for i, j := 0, len(sorted)-1; i < j; i, j = i+1, j-1 {
		sorted[i], sorted[j] = sorted[j], sorted[i]
	}
	const pageSize = 50
	for p := 0; p*pageSize < len(sorted); p++ {
		end := min(len(sorted), (p+1)*pageSize)
		var value []obj
		for _, a := range sorted[p*pageSize : end] {
			value = append(value, w.graphAudit(a))
		}
		page := obj{{"@odata.context", "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits"}, {"value", value}}
		if end < len(sorted) {
			page = append(page, member{"@odata.nextLink", "https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=" + string(appendAlnum(nil, r, 40))})
		}
		if err := o.writeJSON(fmt.Sprintf("graph/directoryAudits-page-%03d.json", p+1), page, ""); err != nil {
			return err
		}
	}
	return nil
}

// behaviorRow is a UEBA row of a sign-in.
type behaviorRow struct {
	s        *signin
	insights obj
	flagged  bool // CountryUncommonlyConnectedFromAmongPeers or FirstTimeUserConnectedFromCountry
}

func writeBehavior(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2040)
	insights := func(first, peers, isp bool) obj {
		return obj{{"FirstTimeUserConnectedFromCountry", first}, {"CountryUncommonlyConnectedFromAmongPeers", peers},
			{"CountryUncommonlyConnectedFromInTenant", peers}, {"FirstTimeConnectionViaISPInTenant", isp},
			{"ISPUncommonlyUsedAmongPeers", isp}, {"ActionUncommonlyPerformedByUser", false}}
	}
	attacker := azAt(8, 56, 3, 0)
	for _, s := range o.signins {
		switch {
		case s.errorCode != 0 || s.ip == w.sprayIP && !s.t.Equal(attacker):
			continue
		case s.t.Equal(attacker):
			o.behavior = append(o.behavior, &behaviorRow{s: s, insights: insights(true, true, true), flagged: true})
		case r.IntN(4) == 0:
			// A benign look-alike now and then: a new ISP, same country.
			isp := r.IntN(10) == 0
			o.behavior = append(o.behavior, &behaviorRow{s: s, insights: insights(false, false, isp)})
		}
	}
	rows := make([]laRow, len(o.behavior))
	for i, b := range o.behavior {
		s := b.s
		prio := int64(0)
		if b.flagged {
			prio = 7
		}
		rows[i] = laRow{"ActionType": "Sign-in", "ActivityInsights": jsonText(b.insights), "ActivityType": "LogOn",
			"EventSource": "Azure AD", "EventVendor": "Microsoft", "InvestigationPriority": prio, "SourceIPAddress": s.ip,
			"SourceIPLocation": s.country, "SourceRecordId": s.id, "SourceSystem": "Azure", "TenantId": w.workspace,
			"TimeGenerated": s.t.Add(4 * time.Minute), "TimeProcessed": s.t.Add(5 * time.Minute), "UserName": s.user.upn[:len(s.user.upn)-len("@contoso.com")],
			"UserPrincipalName": s.user.upn, "UsersInsights": jsonText(obj{{"AccountObjectID", s.user.id}, {"IsDormantAccount", false}}),
			"DevicesInsights": jsonText(obj{{"Browser", "Edge"}, {"OS", "Windows 10"}})}
	}
	o.rows["BehaviorAnalytics"] += int64(len(rows))
	return o.writeJSON("exports/BehaviorAnalytics-query.json", azRows(azure.BehaviorAnalytics, rows), "  ")
}

// roleAssignment is one line of `az role assignment list --all`.
type roleAssignment struct {
	id, principalID, principalName, principalType, role, roleID, scope, createdBy string
	created                                                                       time.Time
}

var privilegedRoles = map[string]bool{"Owner": true, "Contributor": true, "User Access Administrator": true, "Role Based Access Control Administrator": true}

func writeRoles(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2050)
	roleIDs := map[string]string{"Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
		"Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7", "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
		"Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"}
	subScope := "/subscriptions/" + w.sub
	add := func(pid, pname, ptype, role, scope string, created time.Time, by string) {
		o.roles = append(o.roles, &roleAssignment{id: w.guidOf("ra", pid, role, scope), principalID: pid, principalName: pname,
			principalType: ptype, role: role, roleID: roleIDs[role], scope: scope, created: created, createdBy: by})
	}
	old := time.Date(2023, 6, 12, 15, 4, 5, 0, time.UTC)
	add(w.admin.id, w.admin.upn, "User", "Owner", subScope, old, "")
	add(w.users[30].id, w.users[30].upn, "User", "User Access Administrator", subScope, old.Add(40*24*time.Hour), w.admin.id)
	add(w.guidOf("group", "devops"), "DevOps", "Group", "Contributor", subScope+"/resourceGroups/rg-prod", old.Add(90*24*time.Hour), w.admin.id)
	add(w.benignMI.spID, w.benignMI.appID, "ServicePrincipal", "Storage Blob Data Reader",
		subScope+"/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stcontosodata", old.Add(120*24*time.Hour), w.admin.id)
	rgs := []string{"rg-prod", "rg-data", "rg-infra"}
	for i, u := range w.users[1:] {
		if u == w.admin || i%3 == 2 {
			continue
		}
		created := time.Unix(bgStart-int64(r.IntN(300))*day, 0).UTC()
		add(u.id, u.upn, "User", "Reader", subScope+"/resourceGroups/"+rgs[i%3], created, w.admin.id)
	}
	// The attacker makes the victim Owner of the subscription.
	add(w.victim.id, w.victim.upn, "User", "Owner", subScope, azAt(9, 7, 31, 0), w.victim.id)
	byTime(o.roles, func(a *roleAssignment) time.Time { return a.created })

	var out []map[string]any
	for _, a := range o.roles {
		by := any(a.createdBy)
		if a.createdBy == "" {
			by = nil
		}
		out = append(out, map[string]any{
			"canDelegate": nil, "condition": nil, "conditionVersion": nil, "createdBy": by, "createdOn": iso7(a.created),
			"delegatedManagedIdentityResourceId": nil, "description": "",
			"id":   a.scope + "/providers/Microsoft.Authorization/roleAssignments/" + a.id,
			"name": a.id, "principalId": a.principalID, "principalName": a.principalName, "principalType": a.principalType,
			"roleDefinitionId":   subScope + "/providers/Microsoft.Authorization/roleDefinitions/" + a.roleID,
			"roleDefinitionName": a.role, "scope": a.scope, "type": "Microsoft.Authorization/roleAssignments",
			"updatedBy": by, "updatedOn": iso7(a.created),
		})
	}
	o.rows["AzureRoleAssignments"] += int64(len(out))
	return o.writeJSON("cli/az-role-assignment-list-all.json", out, "  ")
}
