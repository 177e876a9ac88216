package sample

import (
	"math/rand/v2"
	"sort"
	"strconv"
)

// identity is a CloudTrail userIdentity, kept as parts so that serialising
// it builds the ARNs in place instead of allocating strings per event.
type identity struct {
	kind      string // IAMUser, AssumedRole, AWSService, WebIdentityUser
	account   *account
	user      *iamUser // IAMUser
	role      *role    // AssumedRole
	session   string   // AssumedRole: the role session name
	key       string   // accessKeyId; "" when the call carried none
	created   int64    // sessionContext creationDate; 0 = no sessionContext
	mfa       bool
	delivery  string // ec2RoleDelivery of instance-profile sessions: "1.0" (IMDSv1) or "2.0"
	invokedBy string // AWSService, or a service acting for the caller
	webSub    string // WebIdentityUser: the token subject
}

// username is the caller as LookupEvents names it, which is what the
// case's Username column and the hunts' `i-` rule use: the IAM user name,
// the role session name (the instance id for instance profiles), or the
// web identity subject; AWS services have none.
func (id *identity) username() string {
	switch id.kind {
	case "IAMUser":
		return id.user.name
	case "AssumedRole":
		return id.session
	case "WebIdentityUser":
		return id.webSub
	}
	return ""
}

// ctEvent is one CloudTrail record before serialisation. The JSON
// fragments (params, response, …) point into the generator's scratch
// buffers and are only valid until the next event.
type ctEvent struct {
	time         int64
	source       string // eventSource
	name         string // eventName
	region       string
	account      *account // recipientAccountId
	who          identity
	sourceIP     string
	userAgent    string
	errorCode    string
	errorMessage string
	readOnly     bool
	eventType    string // "" = AwsApiCall
	version      string // "" = 1.09
	params       []byte // nil = null
	response     []byte // nil = null
	additional   []byte // nil = omitted
	resources    []byte // nil = omitted
	service      []byte // serviceEventDetails, nil = omitted
	host         string // tlsDetails.clientProvidedHostHeader; "" = the service's regional endpoint
	globalHost   bool   // the endpoint has no region (iam.amazonaws.com, s3.amazonaws.com)
	noTLS        bool   // AWS-internal calls carry no tlsDetails
	console      bool   // sessionCredentialFromConsole
	s3Style      bool   // S3's short request id and additionalEventData
	idHi, idLo   uint64 // eventID
}

// eventID returns the event's id as written.
func (ev *ctEvent) eventID() string { return string(appendUUID(nil, ev.idHi, ev.idLo)) }

// ctGen generates CloudTrail events for one file. Its scratch buffers are
// reused from event to event, so a file costs a handful of allocations.
type ctGen struct {
	w      *world
	r      *rand.Rand
	stream *ctStream
	p      []byte // requestParameters
	rs     []byte // responseElements
	add    []byte // additionalEventData
	res    []byte // resources
	line   []byte // the serialised record
	host   *netHost
}

// reset starts a new event: empty scratch buffers.
func (g *ctGen) reset() {
	g.p, g.rs, g.add, g.res = g.p[:0], g.rs[:0], g.add[:0], g.res[:0]
	g.host = nil
}

// background fills ev with one random benign event of the generator's
// stream at time t.
func (g *ctGen) background(ev *ctEvent, t int64) {
	s := g.stream
	a := s.actors[pickWeighted(g.r, s.cum)]
	i := pickWeighted(g.r, a.cum)
	c := a.calls[i]
	g.reset()
	*ev = ctEvent{time: t, source: c.source, name: c.name, region: s.region, account: s.acct,
		readOnly: c.readOnly, userAgent: a.uas[i], globalHost: c.global}
	a.who(g, ev)
	c.build(g, ev)
	if c.errRate > 0 && g.r.Float64() < c.errRate {
		ev.errorCode, ev.errorMessage = c.errCode, c.errMsg
		ev.response = nil
	}
}

// pickWeighted returns an index drawn with the weights whose running sums
// are cum.
func pickWeighted(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	return sort.SearchFloat64s(cum, x)
}

// appendEvent serialises ev as one compact CloudTrail record, with the
// fields in the order CloudTrail writes them.
func (g *ctGen) appendEvent(b []byte, ev *ctEvent) []byte {
	version := ev.version
	if version == "" {
		version = "1.09"
	}
	b = append(b, `{"eventVersion":`...)
	b = appendJSONString(b, version)
	b = append(b, `,"userIdentity":`...)
	b = appendIdentity(b, &ev.who)
	b = append(b, `,"eventTime":"`...)
	b = appendISO(b, ev.time)
	b = append(b, `","eventSource":`...)
	b = appendJSONString(b, ev.source)
	b = append(b, `,"eventName":`...)
	b = appendJSONString(b, ev.name)
	b = append(b, `,"awsRegion":`...)
	b = appendJSONString(b, ev.region)
	b = append(b, `,"sourceIPAddress":`...)
	b = appendJSONString(b, ev.sourceIP)
	b = append(b, `,"userAgent":`...)
	b = appendJSONString(b, ev.userAgent)
	if ev.errorCode != "" {
		b = append(b, `,"errorCode":`...)
		b = appendJSONString(b, ev.errorCode)
		b = append(b, `,"errorMessage":`...)
		b = appendJSONString(b, ev.errorMessage)
	}
	b = append(b, `,"requestParameters":`...)
	b = appendRaw(b, ev.params)
	b = append(b, `,"responseElements":`...)
	b = appendRaw(b, ev.response)
	if ev.s3Style {
		b = append(b, `,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"`...)
		b = appendBase64ish(b, g.r, 76)
		b = append(b, `","bytesTransferredOut":`...)
		b = strconv.AppendInt(b, int64(between(g.r, 200, 9000)), 10)
		b = append(b, '}')
	} else if len(ev.additional) > 0 {
		b = append(b, `,"additionalEventData":`...)
		b = append(b, ev.additional...)
	}
	b = append(b, `,"requestID":"`...)
	if ev.s3Style {
		b = appendHexUpper(b, g.r.Uint64(), 16)
	} else {
		b = appendUUID(b, g.r.Uint64(), g.r.Uint64())
	}
	b = append(b, `","eventID":"`...)
	b = appendUUID(b, ev.idHi, ev.idLo)
	b = append(b, `",`...)
	b = appendKB(b, "readOnly", ev.readOnly)
	if len(ev.resources) > 0 {
		b = append(b, `,"resources":`...)
		b = append(b, ev.resources...)
	}
	eventType := ev.eventType
	if eventType == "" {
		eventType = "AwsApiCall"
	}
	b = append(b, `,"eventType":`...)
	b = appendJSONString(b, eventType)
	b = append(b, `,"managementEvent":true,"recipientAccountId":`...)
	b = appendJSONString(b, ev.account.id)
	if len(ev.service) > 0 {
		b = append(b, `,"serviceEventDetails":`...)
		b = append(b, ev.service...)
	}
	b = append(b, `,"eventCategory":"Management"`...)
	if !ev.noTLS {
		b = append(b, `,"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"`...)
		switch {
		case ev.host != "":
			b = append(b, ev.host...)
		case ev.globalHost:
			b = appendServicePrefix(b, ev.source)
			b = append(b, ".amazonaws.com"...)
		default:
			b = appendServicePrefix(b, ev.source)
			b = append(b, '.')
			b = append(b, ev.region...)
			b = append(b, ".amazonaws.com"...)
		}
		b = append(b, `"}`...)
	}
	if ev.console {
		b = append(b, `,"sessionCredentialFromConsole":"true"`...)
	}
	return append(b, '}')
}

// appendServicePrefix appends "ec2" for "ec2.amazonaws.com".
func appendServicePrefix(b []byte, source string) []byte {
	for i := 0; i < len(source); i++ {
		if source[i] == '.' {
			return append(b, source[:i]...)
		}
	}
	return append(b, source...)
}

// appendRaw appends a prepared JSON fragment, or null when there is none.
func appendRaw(b, frag []byte) []byte {
	if len(frag) == 0 {
		return append(b, "null"...)
	}
	return append(b, frag...)
}

// appendIdentity serialises a userIdentity object.
func appendIdentity(b []byte, id *identity) []byte {
	acct := ""
	if id.account != nil {
		acct = id.account.id
	}
	switch id.kind {
	case "AWSService":
		b = append(b, `{"type":"AWSService","invokedBy":`...)
		b = appendJSONString(b, id.invokedBy)
		return append(b, '}')

	case "WebIdentityUser":
		b = append(b, `{"type":"WebIdentityUser","principalId":"arn:aws:iam::`...)
		b = append(b, acct...)
		b = append(b, `:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:`...)
		b = append(b, id.webSub...)
		b = append(b, `","userName":`...)
		b = appendJSONString(b, id.webSub)
		b = append(b, `,"identityProvider":"arn:aws:iam::`...)
		b = append(b, acct...)
		return append(b, `:oidc-provider/token.actions.githubusercontent.com"}`...)

	case "IAMUser":
		b = append(b, `{"type":"IAMUser","principalId":`...)
		b = appendJSONString(b, id.user.id)
		b = append(b, `,"arn":"arn:aws:iam::`...)
		b = append(b, acct...)
		b = append(b, `:user/`...)
		b = append(b, id.user.name...)
		b = append(b, `","accountId":`...)
		b = appendJSONString(b, acct)
		if id.key != "" {
			b = append(b, `,"accessKeyId":`...)
			b = appendJSONString(b, id.key)
		}
		b = append(b, `,"userName":`...)
		b = appendJSONString(b, id.user.name)
		if id.created != 0 {
			b = append(b, `,"sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"`...)
			b = appendISO(b, id.created)
			b = append(b, `","mfaAuthenticated":"`...)
			b = appendBoolString(b, id.mfa)
			b = append(b, `"}}`...)
		}
		return append(b, '}')
	}

	// AssumedRole.
	b = append(b, `{"type":"AssumedRole","principalId":"`...)
	b = append(b, id.role.id...)
	b = append(b, ':')
	b = append(b, id.session...)
	b = append(b, `","arn":"arn:aws:sts::`...)
	b = append(b, acct...)
	b = append(b, `:assumed-role/`...)
	b = append(b, id.role.name...)
	b = append(b, '/')
	b = append(b, id.session...)
	b = append(b, `","accountId":`...)
	b = appendJSONString(b, acct)
	b = append(b, `,"accessKeyId":`...)
	b = appendJSONString(b, id.key)
	b = append(b, `,"sessionContext":{"sessionIssuer":{"type":"Role","principalId":`...)
	b = appendJSONString(b, id.role.id)
	b = append(b, `,"arn":"arn:aws:iam::`...)
	b = append(b, acct...)
	b = append(b, `:role/`...)
	b = append(b, id.role.name...)
	b = append(b, `","accountId":`...)
	b = appendJSONString(b, acct)
	b = append(b, `,"userName":`...)
	b = appendJSONString(b, id.role.name)
	b = append(b, `},"webIdFederationData":{},"attributes":{"creationDate":"`...)
	b = appendISO(b, id.created)
	b = append(b, `","mfaAuthenticated":"`...)
	b = appendBoolString(b, id.mfa)
	b = append(b, `"}`...)
	if id.delivery != "" {
		b = append(b, `,"ec2RoleDelivery":`...)
		b = appendJSONString(b, id.delivery)
	}
	b = append(b, '}')
	if id.invokedBy != "" {
		b = append(b, `,"invokedBy":`...)
		b = appendJSONString(b, id.invokedBy)
	}
	return append(b, '}')
}

func appendBoolString(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendHexUpper appends n upper-case hex digits of v.
func appendHexUpper(b []byte, v uint64, n int) []byte {
	const digits = "0123456789ABCDEF"
	for i := n - 1; i >= 0; i-- {
		b = append(b, digits[(v>>(4*uint(i)))&0xf])
	}
	return b
}

// appendBase64ish appends n random characters of the base64 alphabet (for
// opaque tokens such as S3's x-amz-id-2 or an STS session token).
func appendBase64ish(b []byte, r *rand.Rand, n int) []byte {
	const set = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var v uint64
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			v = r.Uint64()
		}
		b = append(b, set[v&63])
		v >>= 6
	}
	return b
}
