package linuxauth

import (
	"strings"
	"testing"
)

var (
	secureSample = strings.Join([]string{
		"Mar  8 10:00:01 web01 sshd[1234]: Invalid user admin from 203.0.113.9 port 51234",
		"Mar  8 10:00:01 web01 sshd[1234]: pam_unix(sshd:auth): check pass; user unknown",
		"Mar  8 10:00:03 web01 sshd[1234]: Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2",
		"Mar  8 10:00:04 web01 sshd[1234]: Connection closed by invalid user admin 203.0.113.9 port 51234 [preauth]",
	}, "\n") + "\n"
	authLogSample = strings.Join([]string{
		"Mar  8 10:17:01 ubuntu CRON[4242]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
		"Mar  8 10:17:01 ubuntu CRON[4242]: pam_unix(cron:session): session closed for user root",
		"Mar  8 10:20:11 ubuntu systemd-logind[612]: New session 7 of user azureuser.",
		"Mar  8 10:20:15 ubuntu sudo:  azureuser : TTY=pts/0 ; PWD=/home/azureuser ; USER=root ; COMMAND=/usr/bin/id",
	}, "\n") + "\n"
	journalText = "-- Logs begin at Fri 2024-03-01 00:00:01 UTC, end at Fri 2024-03-08 10:30:00 UTC. --\n" +
		"Mar 08 10:00:01 web01 sshd[1234]: Failed password for root from 203.0.113.9 port 22 ssh2\n" +
		"Mar 08 10:00:02 web01 sshd[1234]: Failed password for root from 203.0.113.9 port 22 ssh2\n"
	journalJSON = `{"__REALTIME_TIMESTAMP":"1709892001000000","_HOSTNAME":"web01","SYSLOG_IDENTIFIER":"sshd","_PID":"1","MESSAGE":"Failed password for root"}` + "\n" +
		`{"__REALTIME_TIMESTAMP":"1709892002000000","_HOSTNAME":"web01","SYSLOG_IDENTIFIER":"sudo","MESSAGE":"pam_unix(sudo:auth): authentication failure"}` + "\n"
	isoSample = "2024-03-08T10:00:01.123456+00:00 web01 sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n" +
		"2024-03-08T10:00:02.123456+00:00 web01 sudo[2]: pam_unix(sudo:auth): authentication failure\n"
)

func TestSniff(t *testing.T) {
	cases := []struct {
		name string
		head string
		want bool
	}{
		{"/var/log/secure", secureSample, true},
		{"/var/log/auth.log", authLogSample, true},
		{"journalctl text", journalText, true},
		{"journalctl -o json", journalJSON, true},
		{"rsyslog ISO timestamps", isoSample, true},
		{"a single auth line", "Mar  8 10:00:01 web01 sshd[1]: Accepted publickey for azureuser\n", true},
		{"syslog without auth programs", "Mar  8 10:00:01 web01 kernel: eth0 up\nMar  8 10:00:02 web01 systemd[1]: Started x.\nMar  8 10:00:03 web01 dhclient[9]: bound\n", false},
		{"mostly not syslog", "Mar  8 10:00:01 web01 sshd[1]: a\nMar  8 10:00:02 web01 sshd[1]: b\nplain\ntext\nlines\nhere\n", false},
		{"CloudWatch Logs export of CloudTrail",
			`2024-03-08T10:00:00.000Z {"eventVersion":"1.08","userIdentity":{"type":"Root"},"eventTime":"2024-03-08T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin"}` + "\n" +
				`2024-03-08T10:00:01.000Z {"eventVersion":"1.08","eventName":"sshd"}` + "\n", false},
		{"CloudWatch Logs export of flow logs",
			"2024-03-08T10:00:00.000Z 2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 22 6 10 8400 1709892672 1709892732 ACCEPT OK\n" +
				"2024-03-08T10:00:00.000Z 2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 22 6 10 8400 1709892672 1709892732 REJECT OK\n", false},
		{"CloudTrail JSON lines", `{"eventVersion":"1.08","eventName":"RunInstances"}` + "\n", false},
		{"VPC flow log text", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n", false},
		{"empty", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := (authFormat{}).Sniff("secure", []byte(c.head)); got != c.want {
				t.Errorf("Sniff = %v, want %v", got, c.want)
			}
		})
	}
}
