package msgtrace

import "testing"

func TestSniff(t *testing.T) {
	report := reportHeader + "\r\n" + reportRow + "\r\n"
	cases := []struct {
		name    string
		content []byte
		want    string // format name; "" for none
	}{
		{"Windows PowerShell Export-Csv, #TYPE line", []byte(psType + psHeader + "\r\n" + psSpam + "\r\n"), "msgtrace-powershell"},
		{"PowerShell 7 Export-Csv", []byte(psHeader + "\n" + psSpam + "\n"), "msgtrace-powershell"},
		{"Get-MessageTrace with a few columns selected", []byte("Received,SenderAddress,RecipientAddress,Status\n3/1/2024 10:00:00 AM,a@b.c,d@e.f,Delivered\n"), "msgtrace-powershell"},
		{"UTF-8 byte order mark", append([]byte("\xEF\xBB\xBF"), psHeader+"\n"...), "msgtrace-powershell"},
		{"message trace report, UTF-8", []byte(report), "msgtrace-report"},
		{"message trace report, UTF-16LE", utf16LE(report), "msgtrace-report"},
		{"message trace report, UTF-16BE", utf16BE(report), "msgtrace-report"},
		{"report header without quotes", []byte("origin_timestamp_utc,sender_address,recipient_status,message_subject\n"), "msgtrace-report"},
		{"extended report (skipped when parsed)", []byte(extendedHeader + "\n"), "msgtrace-report"},
		// Look-alikes.
		{"Log Analytics portal CSV", []byte("TimeGenerated [UTC],SenderAddress,Subject\n"), ""},
		{"sender only", []byte("SenderAddress,Subject,Size\n"), ""},
		{"report without a time", []byte("sender_address,recipient_status\n"), ""},
		{"CloudTrail JSON", []byte(`{"Records":[{"eventVersion":"1.08"}]}` + "\n"), ""},
		{"header line cut by the head", []byte(psHeader), ""},
		{"not CSV", []byte("\"Received,\"SenderAddress\"\"\n"), ""},
		{"UTF-16 of something else", utf16LE("hello,world\n"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if f := pick(tc.content); f != nil {
				got = f.Name()
			}
			if got != tc.want {
				t.Errorf("sniffed as %q, want %q", got, tc.want)
			}
			// Exactly one format claims a file, whatever it is.
			claims := 0
			for _, f := range Formats {
				if f.Sniff("x.csv", tc.content) {
					claims++
				}
			}
			if claims > 1 {
				t.Errorf("%d formats claim it", claims)
			}
		})
	}
}
