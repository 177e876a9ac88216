package cloudtrail

import "testing"

func TestUsername(t *testing.T) {
	tests := []struct {
		name string
		id   Identity
		want string
		ok   bool
	}{
		{"IAMUser", Identity{Type: "IAMUser", UserName: "alice", ARN: "arn:aws:iam::111122223333:user/dev/alice"}, "alice", true},
		{"Root", Identity{Type: "Root", UserName: "corp-prod", ARN: "arn:aws:iam::111122223333:root"}, "root", true},
		{"Root without userName", Identity{Type: "Root", PrincipalID: "111122223333"}, "root", true},
		{"AssumedRole session", Identity{Type: "AssumedRole", ARN: "arn:aws:sts::111122223333:assumed-role/my-role/my-session-name", PrincipalID: "AROAEXAMPLE:my-session-name"}, "my-session-name", true},
		{"AssumedRole instance", Identity{Type: "AssumedRole", ARN: "arn:aws:sts::111122223333:assumed-role/web-role/i-0abc1234def567890", PrincipalID: "AROAEXAMPLEWEB:i-0abc1234def567890"}, "i-0abc1234def567890", true},
		{"AssumedRole principalId only", Identity{Type: "AssumedRole", PrincipalID: "AROAEXAMPLEWEB:i-0abc1234def567890"}, "i-0abc1234def567890", true},
		{"AssumedRole email session", Identity{Type: "AssumedRole", ARN: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/jane@example.com"}, "jane@example.com", true},
		{"FederatedUser", Identity{Type: "FederatedUser", ARN: "arn:aws:sts::111122223333:federated-user/bob", PrincipalID: "111122223333:bob"}, "bob", true},
		{"FederatedUser principalId only", Identity{Type: "FederatedUser", PrincipalID: "111122223333:bob"}, "bob", true},
		{"AWSService", Identity{Type: "AWSService"}, "", false},
		{"AWSAccount with userName", Identity{Type: "AWSAccount", UserName: "partner"}, "partner", true},
		{"IdentityCenterUser", Identity{Type: "IdentityCenterUser", PrincipalID: "1234567890-abc"}, "", false},
		{"IAMUser without userName", Identity{Type: "IAMUser"}, "", false},
		{"AssumedRole with nothing", Identity{Type: "AssumedRole", ARN: "arn:aws:sts::111122223333:assumed-role/"}, "", false},
		{"no identity", Identity{}, "", false},
	}
	for _, tt := range tests {
		got, ok := Username(tt.id)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: Username = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
