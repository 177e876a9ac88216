package cloudtrail

import "strings"

// Identity is the part of a record's userIdentity that names the caller.
// Empty fields are treated as absent.
type Identity struct {
	Type        string // userIdentity.type: IAMUser, Root, AssumedRole …
	UserName    string // userIdentity.userName
	ARN         string // userIdentity.arn
	PrincipalID string // userIdentity.principalId
}

// Username derives the caller's name the way lookup-events shows it in its
// Username member; ok is false where lookup-events would leave it out.
//
//   - IAMUser: the user name.
//   - Root: "root" (userName may hold the account alias; AWS still shows root).
//   - AssumedRole, FederatedUser: the session or federated name, i.e. the last
//     "/" segment of the ARN (an EC2 instance role gives the instance id,
//     i-…), else the text after ':' in the principal id.
//   - anything else: userName when present.
func Username(id Identity) (name string, ok bool) {
	switch id.Type {
	case "IAMUser":
		if id.UserName != "" {
			return id.UserName, true
		}
	case "Root":
		return "root", true
	case "AssumedRole", "FederatedUser":
		if i := strings.LastIndexByte(id.ARN, '/'); i >= 0 && i+1 < len(id.ARN) {
			return id.ARN[i+1:], true
		}
		if i := strings.IndexByte(id.PrincipalID, ':'); i >= 0 && i+1 < len(id.PrincipalID) {
			return id.PrincipalID[i+1:], true
		}
	}
	if id.UserName != "" {
		return id.UserName, true
	}
	return "", false
}
