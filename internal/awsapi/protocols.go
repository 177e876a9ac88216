package awsapi

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// serveQuery answers the form-encoded query protocols: EC2's (Version
// 2016-11-15) and CloudWatch's, both answering in XML.
func (b *Backend) serveQuery(w http.ResponseWriter, r *http.Request, form url.Values) {
	action := form.Get("Action")
	ec2 := form.Get("Version") == "2016-11-15"
	req := jsonv.NewObject()
	target, result := CloudWatchTarget+action, "cw."+action+"Output"
	if ec2 {
		target, result = EC2Target+action, "ec2."+action+"Result"
		req.Set("InstanceIds", formList(form, "InstanceId.")).Set("GroupIds", formList(form, "GroupId.")).
			Set("GroupNames", formList(form, "GroupName."))
		var filters []any
		for i := 1; form.Has("Filter." + strconv.Itoa(i) + ".Name"); i++ {
			p := "Filter." + strconv.Itoa(i) + "."
			filters = append(filters, jsonv.NewObject().Set("Name", form.Get(p+"Name")).Set("Values", formList(form, p+"Value.")))
		}
		req.Set("Filters", filters)
	} else {
		req.Set("AlarmNames", formList(form, "AlarmNames.member.")).Set("AlarmTypes", formList(form, "AlarmTypes.member.")).
			Set("AlarmNamePrefix", form.Get("AlarmNamePrefix")).Set("StateValue", form.Get("StateValue")).
			Set("MaxRecords", jsonv.Number(numberOr0(form.Get("MaxRecords"))))
	}
	req.Set("MaxResults", jsonv.Number(numberOr0(form.Get("MaxResults")))).Set("NextToken", form.Get("NextToken"))
	out, err, ok := b.dispatchServices(r.Context(), target, req)
	if !ok {
		err = &Error{Code: "InvalidAction", Message: "cloudhunt does not serve " + action, Status: 400}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	if err != nil {
		apiErr, isAPI := err.(*Error)
		if !isAPI {
			apiErr = &Error{Code: "InternalError", Message: err.Error(), Status: 500}
		}
		if ec2 {
			buf.WriteString("<Response><Errors><Error><Code>" + apiErr.Code + "</Code><Message>")
			xml.EscapeText(&buf, []byte(apiErr.Message))
			buf.WriteString("</Message></Error></Errors><RequestID>cloudhunt</RequestID></Response>")
		} else {
			buf.WriteString("<ErrorResponse><Error><Type>Sender</Type><Code>" + apiErr.Code + "</Code><Message>")
			xml.EscapeText(&buf, []byte(apiErr.Message))
			buf.WriteString("</Message></Error><RequestId>cloudhunt</RequestId></ErrorResponse>")
		}
		w.WriteHeader(max(apiErr.Status, 400))
		w.Write(buf.Bytes())
		return
	}
	if ec2 {
		buf.WriteString("<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>cloudhunt</requestId>")
		writeMembers(&buf, out, shapes[result])
		buf.WriteString("</" + action + "Response>")
	} else {
		buf.WriteString("<" + action + "Response xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><" + action + "Result>")
		writeMembers(&buf, out, shapes[result])
		buf.WriteString("</" + action + "Result><ResponseMetadata><RequestId>cloudhunt</RequestId></ResponseMetadata></" + action + "Response>")
	}
	w.Write(buf.Bytes())
}

// formList reads a query-protocol list: prefix1, prefix2, … in order.
func formList(form url.Values, prefix string) []any {
	var out []any
	for i := 1; form.Has(prefix + strconv.Itoa(i)); i++ {
		out = append(out, form.Get(prefix+strconv.Itoa(i)))
	}
	return out
}

func numberOr0(s string) string {
	if _, err := strconv.Atoi(s); err != nil {
		return "0"
	}
	return s
}

// serveGuardDuty answers GuardDuty's rest-json protocol: the operation in
// the method and path, camelCase members on the wire.
func (b *Backend) serveGuardDuty(w http.ResponseWriter, r *http.Request, body *jsonv.Object) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	req := jsonv.NewObject()
	var op string
	switch {
	case r.Method == http.MethodGet && len(parts) == 1:
		op = "ListDetectors"
	case r.Method == http.MethodPost && len(parts) == 3 && parts[2] == "findings":
		op = "ListFindings"
		req.Set("FindingCriteria", pascalKeys(get(body, "findingCriteria"), true, false, true)).
			Set("SortCriteria", pascalKeys(get(body, "sortCriteria"), true)).
			Set("MaxResults", get(body, "maxResults")).Set("NextToken", get(body, "nextToken"))
	case r.Method == http.MethodPost && len(parts) == 4 && parts[2] == "findings" && parts[3] == "get":
		op = "GetFindings"
		req.Set("FindingIds", get(body, "findingIds")).Set("SortCriteria", pascalKeys(get(body, "sortCriteria"), true))
	}
	if len(parts) > 1 {
		req.Set("DetectorId", parts[1])
	}
	out, err, ok := b.dispatchServices(r.Context(), GuardDutyTarget+op, req)
	if !ok {
		err = &Error{Code: "BadRequestException", Message: "cloudhunt does not serve " + r.Method + " " + r.URL.Path, Status: 400}
	}
	if err != nil {
		apiErr, isAPI := err.(*Error)
		if !isAPI {
			apiErr = &Error{Code: "InternalServerErrorException", Message: err.Error(), Status: 500}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", apiErr.Code)
		w.WriteHeader(max(apiErr.Status, 400))
		data, _ := json.Marshal(map[string]string{"message": apiErr.Message, "__type": apiErr.Code})
		w.Write(data)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	data, _ := json.Marshal(restJSON(out, "gd."+op+"Response"))
	w.Write(data)
}
