package awsconfig

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// headObject is what the head of a file shows of its first top-level
// object: its keys and, for members holding an array, the array's first
// element. The head may end anywhere; reading stops quietly there.
type headObject struct {
	keys  []string
	first map[string]*headElement
}

// headElement is the first element of an array member.
type headElement struct {
	empty bool     // the array is empty
	keys  []string // an object: its keys, as far as the head goes
	str   *string  // a string: its value
}

func (h *headObject) has(key string) bool { return slices.Contains(h.keys, key) }

// array returns the first element of member key, or nil when the head
// shows no array there.
func (h *headObject) array(key string) *headElement { return h.first[key] }

// hasAny reports whether the element is an object with one of keys.
func (e *headElement) hasAny(keys ...string) bool {
	for _, k := range keys {
		if slices.Contains(e.keys, k) {
			return true
		}
	}
	return false
}

// readHead reads the head's first top-level object; nil when the head
// does not start with one.
func readHead(head []byte) *headObject {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	dec := json.NewDecoder(bytes.NewReader(head))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	h := &headObject{first: map[string]*headElement{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return h
		}
		key, _ := tok.(string)
		h.keys = append(h.keys, key)
		tok, err = dec.Token()
		if err != nil {
			return h
		}
		if tok != json.Delim('[') {
			if !skipRest(dec, tok) {
				return h
			}
			continue
		}
		e := &headElement{}
		h.first[key] = e
		if !dec.More() {
			e.empty = true
		} else {
			tok, err := dec.Token()
			if err != nil {
				return h
			}
			switch tok := tok.(type) {
			case string:
				e.str = &tok
			case json.Delim:
				if tok == '{' {
					e.keys = objectKeys(dec)
					if e.keys == nil {
						return h
					}
				} else if !skipRest(dec, tok) {
					return h
				}
			}
		}
		if !skipRest(dec, json.Delim('[')) { // the rest of the array
			return h
		}
	}
	return h
}

// objectKeys reads the keys of an object whose '{' was read, to its end;
// nil when the head ends first (the keys read so far are then returned
// only if there are some).
func objectKeys(dec *json.Decoder) []string {
	keys := []string{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nilIfEmpty(keys)
		}
		key, _ := tok.(string)
		keys = append(keys, key)
		tok, err = dec.Token()
		if err != nil || !skipRest(dec, tok) {
			return nilIfEmpty(keys)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nilIfEmpty(keys)
	}
	return keys
}

func nilIfEmpty(keys []string) []string {
	if len(keys) == 0 {
		return nil
	}
	return keys
}

// skipRest reads to the end of the value that starts with tok; false when
// the head ends first.
func skipRest(dec *json.Decoder, tok any) bool {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return true
	}
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return true
}

// configKeys are members every configuration item has, in one dialect or
// the other.
var configKeys = []string{"resourceType", "resourceId", "configurationItemCaptureTime",
	"configurationItemStatus", "configurationStateId", "configurationItemVersion", "awsAccountId", "accountId",
	// S3 files start items with these, and configuration may outrun the head.
	"relatedEvents", "relationships", "configuration"}

// sniffConfigItems claims {"configurationItems":[…]} (also Config's S3
// files, which add fileVersion) whose first item looks like one, or empty.
func sniffConfigItems(h *headObject) bool {
	for _, key := range []string{"configurationItems", "baseConfigurationItems"} {
		if e := h.array(key); e != nil && (e.empty || h.has("fileVersion") || e.hasAny(configKeys...)) {
			return true
		}
	}
	return false
}

// sniffConfigSelect claims {"Results":["{…}", …], "QueryInfo":…}: the
// results of an advanced query are JSON strings holding objects.
func sniffConfigSelect(h *headObject) bool {
	e := h.array("Results")
	switch {
	case e == nil:
		return false
	case e.str != nil:
		return strings.HasPrefix(strings.TrimSpace(*e.str), "{")
	case e.empty:
		return h.has("QueryInfo")
	}
	return false
}

// sniffInstances claims {"Reservations":[…]} whose first element is a
// reservation, or a reservation on its own (run-instances output) whose
// first instance has an InstanceId and an ImageId (OpsWorks' instances
// have no ImageId).
func sniffInstances(h *headObject) bool {
	if e := h.array("Reservations"); e != nil {
		return e.empty || e.hasAny("Instances", "ReservationId")
	}
	e := h.array("Instances")
	return e != nil && slices.Contains(e.keys, "InstanceId") && slices.Contains(e.keys, "ImageId")
}

// sniffSecurityGroups claims {"SecurityGroups":[…]} of EC2 groups.
func sniffSecurityGroups(h *headObject) bool {
	e := h.array("SecurityGroups")
	return e != nil && (e.empty || e.hasAny("GroupId", "IpPermissions", "IpPermissionsEgress"))
}

// sniffAlarms claims {"MetricAlarms":[…]} and {"CompositeAlarms":[…]}.
func sniffAlarms(h *headObject) bool {
	for _, key := range []string{"MetricAlarms", "CompositeAlarms"} {
		if e := h.array(key); e != nil && (e.empty || e.hasAny("AlarmName", "AlarmArn")) {
			return true
		}
	}
	return false
}
