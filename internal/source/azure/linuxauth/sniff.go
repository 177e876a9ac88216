package linuxauth

import (
	"bytes"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// sniffLines is how many first lines sniffing reads.
const sniffLines = 20

// sniff claims a file whose first lines are mostly syslog lines and
// several of them from authentication programs. CloudWatch Logs exports
// (an ISO time then a JSON record or a flow record) never qualify: the
// "host" there is "{…" or a version number followed by no auth program.
func sniff(head []byte) bool {
	lines := headLines(head, sniffLines)
	total, syslog, auth := 0, 0, 0
	for _, line := range lines {
		if isJournalMarker(line) {
			continue
		}
		total++
		e, err := parseLine(line)
		if err != nil {
			continue
		}
		syslog++
		if isAuthProgram(e.program) {
			auth++
		}
	}
	return total > 0 && syslog*2 > total && auth >= min(2, total)
}

// isAuthProgram tells the programs that write to the auth facility.
func isAuthProgram(p string) bool {
	switch strings.ToLower(p) {
	case "sshd", "sshd-session", "sudo", "su", "login", "systemd-logind", "cron", "crond",
		"pam_unix", "polkitd", "passwd", "chpasswd", "useradd", "userdel", "usermod",
		"groupadd", "gpasswd", "chage", "unix_chkpwd", "gdm-password", "sssd", "dropbear",
		"vsftpd", "runuser", "pkexec", "chsh", "chfn", "newgrp":
		return true
	}
	return strings.HasPrefix(p, "pam_")
}

// headLines returns up to n first non-blank lines of head that are whole:
// ended by a newline, or by the end of a head shorter than HeadSize (which
// then is the whole file).
func headLines(head []byte, n int) []string {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	whole := len(head) < source.HeadSize
	var lines []string
	for len(lines) < n && len(head) > 0 {
		var line []byte
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else if whole {
			line, head = head, nil
		} else {
			break
		}
		if s := strings.TrimRight(string(line), "\r"); strings.TrimSpace(s) != "" {
			lines = append(lines, s)
		}
	}
	return lines
}
