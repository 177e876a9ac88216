package awsapi

import (
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// A shape is one response shape of a service model (shapes_gen.go, made
// by shapegen from botocore's models). The CLI prints a response's members
// in model order and drops members the model lacks, so the backends shape
// every response with it; the XML and rest-json wire names come from it too.
type shape struct {
	Kind      string   // structure, list or map
	Members   []member // structure: in model order
	Elem      *member  // list element (Wire: "item", "member") or map value
	Flattened bool
}

// member is a structure member, a list element or a map value. Shape is a
// key of shapes for a composite shape, or ":string", ":timestamp", … for a
// scalar one.
type member struct {
	Name  string // the model's member name: "ReservationId"
	Wire  string // its locationName on the wire, "" when it is Name
	Shape string
}

func (m member) wireName() string {
	if m.Wire != "" {
		return m.Wire
	}
	return m.Name
}

// shapeAs returns v in the order and with the members of the model shape
// key, timestamps turned into time.Time. Members the model does not know
// are dropped, as the CLI's parser drops them.
func shapeAs(v any, key string) any {
	if v == nil {
		return nil
	}
	if key == ":timestamp" {
		if s, ok := v.(string); ok {
			if t, err := parseTime(s); err == nil {
				return t
			}
		}
		return v
	}
	s := shapes[key]
	if s == nil {
		return v
	}
	switch s.Kind {
	case "structure":
		in, ok := v.(*jsonv.Object)
		if !ok {
			return v
		}
		out := jsonv.NewObject()
		for _, m := range s.Members {
			if e, ok := in.Get(m.Name); ok && e != nil {
				out.Set(m.Name, shapeAs(e, m.Shape))
			}
		}
		return out
	case "list":
		in, ok := v.([]any)
		if !ok {
			return v
		}
		out := make([]any, len(in))
		for i, e := range in {
			out[i] = shapeAs(e, s.Elem.Shape)
		}
		return out
	case "map":
		in, ok := v.(*jsonv.Object)
		if !ok {
			return v
		}
		out := jsonv.NewObject()
		for _, k := range in.Keys {
			e, _ := in.Get(k)
			out.Set(k, shapeAs(e, s.Elem.Shape))
		}
		return out
	}
	return v
}

// parseTime reads the time formats evidence carries: ISO-8601 with an
// offset or Z, with or without fractions.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return time.Time{}, err
}

// restJSON returns a shaped value with the model's wire names (GuardDuty's
// camelCase), as a rest-json service sends it.
func restJSON(v any, key string) any {
	s := shapes[key]
	if s == nil || v == nil {
		return v
	}
	switch s.Kind {
	case "structure":
		in, ok := v.(*jsonv.Object)
		if !ok {
			return v
		}
		out := jsonv.NewObject()
		for _, m := range s.Members {
			if e, ok := in.Get(m.Name); ok && e != nil {
				out.Set(m.wireName(), restJSON(e, m.Shape))
			}
		}
		return out
	case "list":
		in, _ := v.([]any)
		out := make([]any, len(in))
		for i, e := range in {
			out[i] = restJSON(e, s.Elem.Shape)
		}
		return out
	case "map":
		in, ok := v.(*jsonv.Object)
		if !ok {
			return v
		}
		out := jsonv.NewObject()
		for _, k := range in.Keys {
			e, _ := in.Get(k)
			out.Set(k, restJSON(e, s.Elem.Shape))
		}
		return out
	}
	return v
}
