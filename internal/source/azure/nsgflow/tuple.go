package nsgflow

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// flow is one flow tuple, read.
type flow struct {
	time     time.Time
	src, dst netip.Addr
	srcPort  int // -1 when the tuple leaves it empty
	dstPort  int
	proto    string // "T", "U", or the IANA number for other protocols
	inbound  bool
	denied   bool
	state    byte // 'B' begin, 'C' continuing, 'E' end, 'D' denied; 0 in version 1
	// Packets and bytes, source→destination and destination→source; nil
	// when the tuple does not say (version 1, and begin tuples of version 2).
	pktsOut, bytesOut, pktsIn, bytesIn *int64
}

// NSG flow log tuples (version 1 has the first 8 fields, version 2 all 13):
//
//	time(unix s),src,dst,srcPort,dstPort,proto(T|U),direction(I|O),decision(A|D)[,state(B|C|E),pkts s→d,bytes s→d,pkts d→s,bytes d→s]
const (
	nsgV1Fields = 8
	nsgV2Fields = 13
)

// parseNSGTuple reads an NSG flow log tuple.
func parseNSGTuple(s string) (flow, error) {
	f := strings.Split(s, ",")
	if len(f) != nsgV1Fields && len(f) != nsgV2Fields {
		return flow{}, fmt.Errorf("%d fields, expected %d (version 1) or %d (version 2)", len(f), nsgV1Fields, nsgV2Fields)
	}
	var fl flow
	var err error
	if fl.time, err = epoch(f[0], time.Second); err != nil {
		return flow{}, err
	}
	if err := fl.readEnds(f[1:5]); err != nil {
		return flow{}, err
	}
	switch f[5] {
	case "T", "U":
		fl.proto = f[5]
	default:
		return flow{}, fmt.Errorf("protocol %q, expected T or U", f[5])
	}
	if fl.inbound, err = direction(f[6]); err != nil {
		return flow{}, err
	}
	switch f[7] {
	case "A":
	case "D":
		fl.denied = true
	default:
		return flow{}, fmt.Errorf("decision %q, expected A or D", f[7])
	}
	if len(f) == nsgV1Fields {
		return fl, nil
	}
	switch f[8] {
	case "B", "C", "E":
		fl.state = f[8][0]
	default:
		return flow{}, fmt.Errorf("flow state %q, expected B, C or E", f[8])
	}
	if err := fl.readCounts(f[9:13]); err != nil {
		return flow{}, err
	}
	return fl, nil
}

// VNet flow log tuples have 13 fields:
//
//	time(unix ms),src,dst,srcPort,dstPort,proto(IANA number),direction(I|O),state(B|C|E|D),encryption,pkts s→d,bytes s→d,pkts d→s,bytes d→s
const vnetFields = 13

// parseVNetTuple reads a VNet flow log tuple; a denied flow is state D.
func parseVNetTuple(s string) (flow, error) {
	f := strings.Split(s, ",")
	if len(f) != vnetFields {
		return flow{}, fmt.Errorf("%d fields, expected %d", len(f), vnetFields)
	}
	var fl flow
	var err error
	if fl.time, err = epoch(f[0], time.Millisecond); err != nil {
		return flow{}, err
	}
	if err := fl.readEnds(f[1:5]); err != nil {
		return flow{}, err
	}
	proto, err := strconv.Atoi(f[5])
	if err != nil || proto < 0 || proto > 255 {
		return flow{}, fmt.Errorf("protocol %q, expected an IANA protocol number", f[5])
	}
	switch proto {
	case 6:
		fl.proto = "T"
	case 17:
		fl.proto = "U"
	default:
		fl.proto = f[5]
	}
	if fl.inbound, err = direction(f[6]); err != nil {
		return flow{}, err
	}
	switch f[7] {
	case "B", "C", "E":
		fl.state = f[7][0]
	case "D":
		fl.state = 'D'
		fl.denied = true
	default:
		return flow{}, fmt.Errorf("flow state %q, expected B, C, E or D", f[7])
	}
	// f[8] is the encryption state (X, NX, NX_HW_NOT_SUPPORTED …): Traffic
	// Analytics' AzureNetworkAnalytics_CL has no column for it.
	if err := fl.readCounts(f[9:13]); err != nil {
		return flow{}, err
	}
	return fl, nil
}

// readEnds reads src, dst, srcPort, dstPort.
func (fl *flow) readEnds(f []string) error {
	var err error
	if fl.src, err = addr(f[0], "source"); err != nil {
		return err
	}
	if fl.dst, err = addr(f[1], "destination"); err != nil {
		return err
	}
	if fl.srcPort, err = port(f[2], "source"); err != nil {
		return err
	}
	fl.dstPort, err = port(f[3], "destination")
	return err
}

// readCounts reads pkts s→d, bytes s→d, pkts d→s, bytes d→s.
func (fl *flow) readCounts(f []string) error {
	names := [4]string{"packets source→destination", "bytes source→destination", "packets destination→source", "bytes destination→source"}
	dst := [4]**int64{&fl.pktsOut, &fl.bytesOut, &fl.pktsIn, &fl.bytesIn}
	for i, s := range f {
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("%s %q is not a count", names[i], s)
		}
		*dst[i] = &n
	}
	return nil
}

func epoch(s string, unit time.Duration) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	// Up to the end of year 9999, the last a TIMESTAMP column holds.
	const maxSeconds = 253402300799
	perSecond := int64(time.Second / unit)
	if err != nil || n < 0 || n > maxSeconds*perSecond {
		return time.Time{}, fmt.Errorf("time %q is not a Unix time", s)
	}
	return time.Unix(n/perSecond, n%perSecond*int64(unit)).UTC(), nil
}

func addr(s, end string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("%s IP %q is not an IP address", end, s)
	}
	return a.Unmap(), nil
}

func port(s, end string) (int, error) {
	if s == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 65535 {
		return 0, fmt.Errorf("%s port %q is not a port number", end, s)
	}
	return n, nil
}

func direction(s string) (inbound bool, err error) {
	switch s {
	case "I":
		return true, nil
	case "O":
		return false, nil
	}
	return false, fmt.Errorf("direction %q, expected I or O", s)
}
