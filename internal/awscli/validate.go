package awscli

import (
	"fmt"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// validate reports what botocore's parameter validator says about v, the
// value of member path, for the types this package models: strings and
// timestamps, and structures' required and unknown members.
func validate(path string, t ParamType, members []Param, v any) []string {
	switch t {
	case String:
		if _, ok := v.(string); !ok {
			return []string{fmt.Sprintf("Invalid type for parameter %s, value: %s, type: %s, valid types: <class 'str'>", path, pyRepr(v), pyClass(v))}
		}
	case Timestamp:
		if s, ok := v.(string); ok {
			return []string{fmt.Sprintf("Invalid type for parameter %s, value: %s, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string", path, s)}
		}
	case Structure:
		return validateStruct(path, members, v)
	case ListOfStructure:
		list, _ := v.([]any)
		var out []string
		for i, e := range list {
			out = append(out, validateStruct(fmt.Sprintf("%s[%d]", path, i), members, e)...)
		}
		return out
	}
	return nil
}

func validateStruct(path string, members []Param, v any) []string {
	o, ok := v.(*jsonv.Object)
	if !ok || len(members) == 0 {
		return nil
	}
	var out []string
	for _, m := range members {
		if _, has := o.Get(m.Member); m.Required && !has {
			out = append(out, fmt.Sprintf("Missing required parameter in %s: \"%s\"", path, m.Member))
		}
	}
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.Member
	}
	for _, k := range o.Keys {
		m := findMember(members, k)
		if m == nil {
			out = append(out, fmt.Sprintf("Unknown parameter in %s: \"%s\", must be one of: %s", path, k, strings.Join(names, ", ")))
			continue
		}
		e, _ := o.Get(k)
		out = append(out, validate(path+"."+k, m.Type, m.Members, e)...)
	}
	return out
}

func findMember(members []Param, name string) *Param {
	for i := range members {
		if members[i].Member == name {
			return &members[i]
		}
	}
	return nil
}

func pyClass(v any) string {
	return "<class '" + pyTypeName(v) + "'>"
}
