package nsgflow

// wellKnown names the application protocol of a destination port, as
// Traffic Analytics' L7Protocol_s does for the common services.
var wellKnown = map[int]string{
	20: "ftp-data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp",
	53: "dns", 67: "dhcp", 69: "tftp", 80: "http", 88: "kerberos",
	110: "pop3", 123: "ntp", 135: "msrpc", 137: "netbios-ns", 138: "netbios-dgm",
	139: "netbios-ssn", 143: "imap", 161: "snmp", 389: "ldap", 443: "https",
	445: "smb", 465: "smtps", 514: "syslog", 587: "smtp", 636: "ldaps",
	993: "imaps", 995: "pop3s", 1433: "mssql", 1521: "oracle", 2049: "nfs",
	3306: "mysql", 3389: "rdp", 5432: "postgresql", 5671: "amqps", 5672: "amqp",
	5985: "winrm", 5986: "winrm", 6379: "redis", 8080: "http", 8443: "https",
	9200: "elasticsearch", 27017: "mongodb",
}

// l7Protocol is the application protocol for a destination port, or
// "unknown".
func l7Protocol(port int) string {
	if name, ok := wellKnown[port]; ok {
		return name
	}
	return "unknown"
}
