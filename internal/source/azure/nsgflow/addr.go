package nsgflow

import "net/netip"

// cgnat is 100.64.0.0/10 (RFC 6598), shared address space Azure also uses
// privately; netip's IsPrivate does not include it.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// isPrivate reports whether a is a private address: RFC 1918, 100.64/10,
// loopback, link-local, or an IPv6 unique local address. Any other end of
// a flow is public.
func isPrivate(a netip.Addr) bool {
	return a.IsPrivate() || cgnat.Contains(a) || a.IsLoopback() ||
		a.IsLinkLocalUnicast() || a.IsUnspecified()
}
