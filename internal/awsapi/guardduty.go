package awsapi

import (
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// guardDutyMaxResults is the most ListFindings and GetFindings take at once.
const guardDutyMaxResults = 50

// finding is one GuardDuty finding of the case.
type finding struct {
	id       string
	detector string
	raw      *jsonv.Object
}

// guardDutyFindings reads the findings of the backend's region, each once
// (the newest version of a finding exported twice), with a detector id.
func (b *Backend) guardDutyFindings(ctx context.Context) ([]finding, error) {
	rows, err := b.Case.DB.QueryContext(ctx, `SELECT Id, DetectorId, AccountId, Region, CAST(raw AS VARCHAR) FROM guardduty_findings
		WHERE $1 = '' OR Region = $1
		QUALIFY row_number() OVER (PARTITION BY Id ORDER BY UpdatedAt DESC NULLS LAST, _file DESC, _record DESC) = 1
		ORDER BY _file, _record`, b.Region)
	if err != nil {
		return nil, fmt.Errorf("guardduty: %w", err)
	}
	defer rows.Close()
	var out []finding
	for rows.Next() {
		var id, det, account, region, raw sql.NullString
		if err := rows.Scan(&id, &det, &account, &region, &raw); err != nil {
			return nil, err
		}
		v, err := jsonv.Decode([]byte(raw.String))
		obj, ok := v.(*jsonv.Object)
		if err != nil || !ok {
			continue
		}
		d := det.String
		if d == "" {
			d = madeUpDetector(account.String, region.String)
		}
		out = append(out, finding{id: id.String, detector: d, raw: obj})
	}
	return out, rows.Err()
}

// madeUpDetector stands in for the detector of findings that do not name
// theirs (some exports): stable, shaped like a detector id (32 hex digits).
func madeUpDetector(account, region string) string {
	h := md5.Sum([]byte("cloudhunt detector " + account + " " + region))
	return hex.EncodeToString(h[:])
}

// ListDetectors returns the detector ids of the case's findings.
func (b *Backend) ListDetectors(ctx context.Context) (*jsonv.Object, error) {
	findings, err := b.guardDutyFindings(ctx)
	if err != nil {
		return nil, err
	}
	ids := []any{}
	seen := map[string]bool{}
	for _, f := range findings {
		if !seen[f.detector] {
			seen[f.detector] = true
			ids = append(ids, f.detector)
		}
	}
	return jsonv.NewObject().Set("DetectorIds", ids), nil
}

// ListFindingsInput is the ListFindings request; FindingCriteria and
// SortCriteria as the CLI takes them ({"Criterion": {"type": {"Eq": […]}}}).
type ListFindingsInput struct {
	DetectorId      string
	FindingCriteria *jsonv.Object
	SortCriteria    *jsonv.Object
	MaxResults      int
	NextToken       string
}

// ListFindings returns the ids of the detector's findings that meet the
// criteria, a page of at most MaxResults (50).
func (b *Backend) ListFindings(ctx context.Context, in ListFindingsInput) (*jsonv.Object, error) {
	findings, err := b.detectorFindings(ctx, in.DetectorId)
	if err != nil {
		return nil, err
	}
	max := in.MaxResults
	if max == 0 {
		max = guardDutyMaxResults
	}
	if max < 1 || max > guardDutyMaxResults {
		return nil, badRequest()
	}
	criterion := asObject(get(asObject(in.FindingCriteria), "Criterion"))
	var matched []finding
	for _, f := range findings {
		ok, err := meetsCriterion(f.raw, criterion)
		if err != nil {
			return nil, err
		}
		if ok {
			matched = append(matched, f)
		}
	}
	if err := sortFindings(matched, in.SortCriteria); err != nil {
		return nil, err
	}
	// The criteria's JSON, not fmt's view of them: fmt prints nested
	// objects as pointers, which differ from one request to the next.
	request, _ := json.Marshal([]any{in.DetectorId, in.FindingCriteria, in.SortCriteria})
	page, next, err := pageItems(matched, max, in.NextToken, string(request))
	if err != nil {
		return nil, badRequest()
	}
	ids := []any{}
	for _, f := range page {
		ids = append(ids, f.id)
	}
	out := jsonv.NewObject().Set("FindingIds", ids)
	if next != "" {
		out.Set("NextToken", next)
	}
	return out, nil
}

// GetFindingsInput is the GetFindings request.
type GetFindingsInput struct {
	DetectorId   string
	FindingIds   []string
	SortCriteria *jsonv.Object
}

// GetFindings returns the findings asked for, in the order asked (or
// sorted by SortCriteria); ids the detector does not have are left out.
func (b *Backend) GetFindings(ctx context.Context, in GetFindingsInput) (*jsonv.Object, error) {
	findings, err := b.detectorFindings(ctx, in.DetectorId)
	if err != nil {
		return nil, err
	}
	if len(in.FindingIds) > guardDutyMaxResults {
		return nil, badRequest()
	}
	byID := map[string]finding{}
	for _, f := range findings {
		byID[f.id] = f
	}
	var picked []finding
	for _, id := range in.FindingIds {
		if f, ok := byID[id]; ok {
			picked = append(picked, f)
		}
	}
	if err := sortFindings(picked, in.SortCriteria); err != nil {
		return nil, err
	}
	list := []any{}
	for _, f := range picked {
		list = append(list, f.raw)
	}
	return shapeAs(jsonv.NewObject().Set("Findings", list), "gd.GetFindingsResponse").(*jsonv.Object), nil
}

func (b *Backend) detectorFindings(ctx context.Context, detector string) ([]finding, error) {
	all, err := b.guardDutyFindings(ctx)
	if err != nil {
		return nil, err
	}
	var out []finding
	for _, f := range all {
		if f.detector == detector {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, &Error{Code: "BadRequestException", Message: "The request is rejected because the input detectorId is not owned by the current account.", Status: 400}
	}
	return out, nil
}

func badRequest() *Error {
	return &Error{Code: "BadRequestException", Message: "The request is rejected because an invalid or out-of-range value is specified as an input parameter.", Status: 400}
}

// meetsCriterion applies FindingCriteria.Criterion: every attribute's
// condition must hold.
func meetsCriterion(raw *jsonv.Object, criterion *jsonv.Object) (bool, error) {
	for _, attr := range criterion.Keys {
		cond := asObject(get(criterion, attr))
		have := findingValues(raw, attr)
		for _, op := range cond.Keys {
			v := get(cond, op)
			ok, err := meetsCondition(attr, op, v, have)
			if err != nil {
				return false, err
			}
			if !ok {
				return false, nil
			}
		}
	}
	return true, nil
}

func meetsCondition(attr, op string, want any, have []string) (bool, error) {
	switch op {
	case "Eq", "Equals":
		list, _ := want.([]any)
		for _, w := range list {
			for _, h := range have {
				if sameValue(attr, scalarText(w), h) {
					return true, nil
				}
			}
		}
		return false, nil
	case "Neq", "NotEquals":
		list, _ := want.([]any)
		for _, w := range list {
			for _, h := range have {
				if sameValue(attr, scalarText(w), h) {
					return false, nil
				}
			}
		}
		return true, nil
	case "Gt", "Gte", "Lt", "Lte", "GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual":
		n, ok := want.(jsonv.Number)
		if !ok {
			return false, badRequest()
		}
		w := n.Float64()
		for _, h := range have {
			x, ok := findingNumber(attr, h)
			if !ok {
				continue
			}
			switch op {
			case "Gt", "GreaterThan":
				ok = x > w
			case "Gte", "GreaterThanOrEqual":
				ok = x >= w
			case "Lt", "LessThan":
				ok = x < w
			default:
				ok = x <= w
			}
			if ok {
				return true, nil
			}
		}
		return false, nil
	}
	return false, badRequest()
}

// sameValue compares a criterion value with a finding's: numbers as
// numbers (severity 8 is 8.0), times as epoch milliseconds, else text.
func sameValue(attr, want, have string) bool {
	if want == have {
		return true
	}
	a, err1 := strconv.ParseFloat(want, 64)
	b, ok := findingNumber(attr, have)
	return err1 == nil && ok && a == b
}

// findingNumber reads a finding value as a number: times (createdAt,
// updatedAt) in epoch milliseconds, as the API compares them.
func findingNumber(attr, s string) (float64, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return float64(t.UnixMilli()), true
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// findingValues follows an API attribute path (camelCase,
// "resource.instanceDetails.instanceId") through the finding as the CLI
// prints it (PascalCase), into lists on the way, returning every value.
func findingValues(raw *jsonv.Object, attr string) []string {
	vals := []any{raw}
	for _, part := range strings.Split(attr, ".") {
		if part == "" {
			return nil // "", "a..b", "a.": no attribute has such a path
		}
		key := strings.ToUpper(part[:1]) + part[1:]
		var next []any
		for _, v := range vals {
			obj, ok := v.(*jsonv.Object)
			if !ok {
				continue
			}
			e, ok := obj.Get(key)
			if !ok {
				continue
			}
			if list, ok := e.([]any); ok {
				next = append(next, list...)
			} else {
				next = append(next, e)
			}
		}
		vals = next
	}
	var out []string
	for _, v := range vals {
		if s := scalarText(v); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sortFindings orders findings by SortCriteria {AttributeName, OrderBy}.
func sortFindings(fs []finding, sortBy *jsonv.Object) error {
	if sortBy == nil || str(sortBy, "AttributeName") == "" {
		return nil
	}
	attr, desc := str(sortBy, "AttributeName"), strings.EqualFold(str(sortBy, "OrderBy"), "DESC")
	key := func(f finding) (float64, string) {
		vals := findingValues(f.raw, attr)
		if len(vals) == 0 {
			return 0, ""
		}
		n, _ := findingNumber(attr, vals[0])
		return n, vals[0]
	}
	sort.SliceStable(fs, func(i, j int) bool {
		ni, si := key(fs[i])
		nj, sj := key(fs[j])
		less := ni < nj || ni == nj && si < sj
		if desc {
			return ni > nj || ni == nj && si > sj
		}
		return less
	})
	return nil
}
