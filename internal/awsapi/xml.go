package awsapi

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// writeXML writes a shaped value as the query and ec2 protocols send it:
// one element per member, named by its wire name; list elements wrapped in
// <item> (ec2) or <member> (query) as the model says; timestamps ISO-8601.
func writeXML(buf *bytes.Buffer, name string, v any, key string) {
	if v == nil {
		return
	}
	s := shapes[key]
	switch {
	case s == nil:
		buf.WriteString("<" + name + ">")
		xml.EscapeText(buf, []byte(scalarText(v)))
		buf.WriteString("</" + name + ">")
	case s.Kind == "structure":
		buf.WriteString("<" + name + ">")
		writeMembers(buf, v, s)
		buf.WriteString("</" + name + ">")
	case s.Kind == "list":
		list, _ := v.([]any)
		elem := s.Elem.wireName()
		if elem == "" {
			elem = "member"
		}
		if s.Flattened {
			for _, e := range list {
				writeXML(buf, name, e, s.Elem.Shape)
			}
			return
		}
		buf.WriteString("<" + name + ">")
		for _, e := range list {
			writeXML(buf, elem, e, s.Elem.Shape)
		}
		buf.WriteString("</" + name + ">")
	case s.Kind == "map":
		obj, _ := v.(*jsonv.Object)
		buf.WriteString("<" + name + ">")
		for _, k := range obj.Keys {
			e, _ := obj.Get(k)
			buf.WriteString("<entry><key>")
			xml.EscapeText(buf, []byte(k))
			buf.WriteString("</key>")
			writeXML(buf, "value", e, s.Elem.Shape)
			buf.WriteString("</entry>")
		}
		buf.WriteString("</" + name + ">")
	}
}

// writeMembers writes a structure's members without an enclosing element
// (the body of a *Result element).
func writeMembers(buf *bytes.Buffer, v any, s *shape) {
	obj, ok := v.(*jsonv.Object)
	if !ok {
		return
	}
	for _, m := range s.Members {
		if e, ok := obj.Get(m.Name); ok && e != nil {
			writeXML(buf, m.wireName(), e, m.Shape)
		}
	}
}

func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case jsonv.Number:
		return string(v)
	case time.Time:
		return v.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return ""
}
