package awsapi

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// Filter is one EC2 Name/Values filter: an item matches when it has a
// value for Name that matches any of Values (wildcards * and ?).
type Filter struct {
	Name   string
	Values []string
}

// DescribeInstancesInput is the DescribeInstances request.
type DescribeInstancesInput struct {
	InstanceIds []string
	Filters     []Filter
	MaxResults  int // 0 = every instance on one page
	NextToken   string
}

// ec2Item is one instance or security group of the case with the values
// its filters look at.
type ec2Item struct {
	id, owner string
	// reservation is the instance's reservation id, or the group's name
	// for a security group.
	reservation string
	raw         *jsonv.Object
}

// DescribeInstances returns the case's instances grouped by reservation,
// as EC2 does: filters ANDed, the values of one filter ORed.
func (b *Backend) DescribeInstances(ctx context.Context, in DescribeInstancesInput) (*jsonv.Object, error) {
	if in.MaxResults != 0 && len(in.InstanceIds) > 0 {
		return nil, invalid("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults")
	}
	if in.MaxResults != 0 && (in.MaxResults < 5 || in.MaxResults > 1000) {
		return nil, invalid("InvalidParameterValue", "Value ( %d ) for parameter maxResults is invalid. Expecting a value greater than 5.", in.MaxResults)
	}
	items, err := b.ec2Items(ctx, `SELECT InstanceId, ReservationId, OwnerId, CAST(raw AS VARCHAR) FROM ec2_instances
		WHERE $1 = '' OR AvailabilityZone LIKE $1 || '%'
		QUALIFY row_number() OVER (PARTITION BY InstanceId ORDER BY _file DESC, _record DESC) = 1
		ORDER BY _file, _record`, b.Region)
	if err != nil {
		return nil, err
	}
	if err := checkIDs(items, in.InstanceIds, "InvalidInstanceID.NotFound", "instance ID"); err != nil {
		return nil, err
	}
	var matched []ec2Item
	for _, it := range items {
		ok, err := matchFilters(in.Filters, func(name string) ([]string, bool) { return instanceValues(it, name) })
		if err != nil {
			return nil, err
		}
		if ok && (len(in.InstanceIds) == 0 || contains(in.InstanceIds, it.id)) {
			matched = append(matched, it)
		}
	}
	page, next, err := pageItems(matched, in.MaxResults, in.NextToken, fmt.Sprint("instances", in.Filters))
	if err != nil {
		return nil, err
	}
	// Consecutive instances of one reservation share its item.
	reservations := []any{}
	var current *jsonv.Object
	var currentID string
	for _, it := range page {
		if current == nil || it.reservation != currentID {
			current = jsonv.NewObject().Set("Groups", []any{}).Set("Instances", []any{}).
				Set("OwnerId", it.owner).Set("ReservationId", it.reservation)
			currentID = it.reservation
			reservations = append(reservations, current)
		}
		list, _ := current.Get("Instances")
		current.Set("Instances", append(list.([]any), it.raw))
	}
	out := jsonv.NewObject().Set("Reservations", reservations)
	if next != "" {
		out.Set("NextToken", next)
	}
	return shapeAs(out, "ec2.DescribeInstancesResult").(*jsonv.Object), nil
}

// instanceValues returns an instance's values for a DescribeInstances
// filter name, and false for a name EC2 does not know.
func instanceValues(it ec2Item, name string) ([]string, bool) {
	raw := it.raw
	if key, ok := strings.CutPrefix(name, "tag:"); ok {
		return tagValues(raw, key), true
	}
	paths := map[string]string{
		"instance-id": "InstanceId", "instance-type": "InstanceType", "image-id": "ImageId", "key-name": "KeyName",
		"vpc-id": "VpcId", "subnet-id": "SubnetId", "ip-address": "PublicIpAddress", "private-ip-address": "PrivateIpAddress",
		"instance-state-name": "State.Name", "availability-zone": "Placement.AvailabilityZone", "dns-name": "PublicDnsName",
		"private-dns-name": "PrivateDnsName", "platform-details": "PlatformDetails", "iam-instance-profile.arn": "IamInstanceProfile.Arn",
		"metadata-options.http-tokens": "MetadataOptions.HttpTokens", "metadata-options.http-endpoint": "MetadataOptions.HttpEndpoint",
	}
	switch name {
	case "reservation-id":
		return []string{it.reservation}, true
	case "owner-id":
		return []string{it.owner}, true
	case "tag-key":
		return tagKeys(raw), true
	case "instance.group-id", "group-id":
		return listField(raw, "SecurityGroups", "GroupId"), true
	case "instance.group-name", "group-name":
		return listField(raw, "SecurityGroups", "GroupName"), true
	}
	p, ok := paths[name]
	if !ok {
		return nil, false
	}
	if s := textAt(raw, p); s != "" {
		return []string{s}, true
	}
	return nil, true
}

// matchFilters applies EC2 filters to one item.
func matchFilters(filters []Filter, values func(name string) ([]string, bool)) (bool, error) {
	for _, f := range filters {
		have, known := values(f.Name)
		if !known {
			return false, invalid("InvalidParameterValue", "The filter '%s' is invalid", f.Name)
		}
		if !anyMatch(f.Values, have) {
			return false, nil
		}
	}
	return true, nil
}

func anyMatch(patterns, values []string) bool {
	for _, p := range patterns {
		for _, v := range values {
			if wildcard(p, v) {
				return true
			}
		}
	}
	return false
}

// wildcard matches EC2 filter values: * any run, ? one character, \ escapes.
func wildcard(pattern, s string) bool {
	// path.Match has the same * and ? (and \ escapes), but its * stops at
	// "/" and it knows [classes]; neither applies to EC2, so those are quoted.
	var q strings.Builder
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '[', ']':
			q.WriteByte('\\')
			q.WriteByte(c)
		case '/':
			q.WriteString("\x00")
		case '\\':
			if i+1 < len(pattern) && pattern[i+1] == '/' {
				i++
				q.WriteString("\x00") // s has its slashes as NULs too
				continue
			}
			q.WriteByte(c)
			if i+1 < len(pattern) {
				i++
				q.WriteByte(pattern[i])
			}
		default:
			q.WriteByte(c)
		}
	}
	ok, _ := path.Match(q.String(), strings.ReplaceAll(s, "/", "\x00"))
	return ok
}

func (b *Backend) ec2Items(ctx context.Context, q string, args ...any) ([]ec2Item, error) {
	rows, err := b.Case.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ec2: %w", err)
	}
	defer rows.Close()
	var items []ec2Item
	for rows.Next() {
		var id, res, owner, raw sql.NullString
		if err := rows.Scan(&id, &res, &owner, &raw); err != nil {
			return nil, err
		}
		v, err := jsonv.Decode([]byte(raw.String))
		if err != nil {
			continue
		}
		obj, ok := v.(*jsonv.Object)
		if !ok {
			continue
		}
		items = append(items, ec2Item{id: id.String, reservation: res.String, owner: owner.String, raw: obj})
	}
	return items, rows.Err()
}

// checkIDs fails, as EC2 does, when an asked-for id is not in the case.
func checkIDs(items []ec2Item, ids []string, code, noun string) error {
	var missing []string
	for _, id := range ids {
		found := false
		for _, it := range items {
			if it.id == id {
				found = true
			}
		}
		if !found {
			missing = append(missing, id)
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return invalid(code, "The %s '%s' does not exist", noun, missing[0])
	}
	return invalid(code, "The %ss '%s' do not exist", noun, strings.Join(missing, ", "))
}

// pageItems cuts one page of max items; the token carries the offset and
// a fingerprint of the request, as a token is only good for its request.
func pageItems[T any](items []T, max int, token, request string) ([]T, string, error) {
	fp := fingerprint(request + strconv.Itoa(max))
	offset := 0
	if token != "" {
		var err error
		if offset, err = decodeNextToken(token, fp); err != nil || offset > len(items) {
			return nil, "", invalid("InvalidParameterValue", "The specified token %s is invalid", token)
		}
	}
	if max == 0 {
		return items[offset:], "", nil
	}
	end := min(offset+max, len(items))
	next := ""
	if end < len(items) {
		next = encodeNextToken(end, fp)
	}
	return items[offset:end], next, nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// textAt reads a dotted path of object members as text.
func textAt(o *jsonv.Object, dotted string) string {
	var v any = o
	for _, k := range strings.Split(dotted, ".") {
		obj, ok := v.(*jsonv.Object)
		if !ok {
			return ""
		}
		v, _ = obj.Get(k)
	}
	switch v := v.(type) {
	case string:
		return v
	case jsonv.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// listField returns member field of each object in list member key.
func listField(o *jsonv.Object, key, field string) []string {
	list, _ := get(o, key).([]any)
	var out []string
	for _, e := range list {
		if obj, ok := e.(*jsonv.Object); ok {
			if s := textAt(obj, field); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func tagValues(o *jsonv.Object, key string) []string {
	list, _ := get(o, "Tags").([]any)
	var out []string
	for _, e := range list {
		if t, ok := e.(*jsonv.Object); ok && str(t, "Key") == key {
			out = append(out, str(t, "Value"))
		}
	}
	return out
}

func tagKeys(o *jsonv.Object) []string { return listField(o, "Tags", "Key") }

func fingerprint(s string) string {
	h := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(h[:12])
}
