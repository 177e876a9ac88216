package awsapi

import (
	"context"
	"errors"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/athena"
)

// StartQueryExecutionInput is Athena StartQueryExecution.
type StartQueryExecutionInput struct {
	QueryString string
	Database    string
	Catalog     string
	WorkGroup   string
}

// athenaPageSize is the most rows GetQueryResults returns at once.
const athenaPageSize = 1000

// StartQueryExecution runs an Athena query over the case and keeps its
// results: {"QueryExecutionId": "…"}. As with the service, a query that
// does not compile still gets an id; it is its execution that FAILED, with
// the reason in GetQueryExecution and an error from GetQueryResults.
func (b *Backend) StartQueryExecution(ctx context.Context, in StartQueryExecutionInput) (*jsonv.Object, error) {
	if in.QueryString == "" {
		return nil, invalid("InvalidRequestException", "QueryString must not be empty.")
	}
	now := b.now()
	q := &storedQuery{Kind: "athena", ID: newQueryID(), QueryString: in.QueryString, Submitted: now.Format(time.RFC3339Nano),
		Extra: map[string]any{"database": in.Database, "catalog": in.Catalog, "workGroup": in.WorkGroup}}
	body, err := b.runAthena(ctx, in.QueryString)
	var qe *query.Error
	switch {
	case errors.As(err, &qe):
		q.Status, q.Error = "FAILED", qe.Error()
	case err != nil:
		q.Status, q.Error = "FAILED", err.Error()
	default:
		q.Status, q.Response = "SUCCEEDED", body
	}
	q.Completed = b.now().Format(time.RFC3339Nano)
	if err := b.saveQuery(q); err != nil {
		return nil, err
	}
	return jsonv.NewObject().Set("QueryExecutionId", q.ID), nil
}

func (b *Backend) runAthena(ctx context.Context, text string) (*jsonv.Object, error) {
	compiled, err := athena.Compile(text, b.Case)
	if err != nil {
		return nil, err
	}
	res, err := query.Run(ctx, b.Case.DB, compiled)
	if err != nil {
		return nil, err
	}
	// Every row is kept (GetQueryResults pages over them); ResultSet
	// builds at most a page at a time.
	body, more := athena.ResultSet(res, 0, athena.PageSize)
	rs := resultSetRows(body)
	all := rs
	for next := len(rs) - 1; more; { // the first page's label row is no result row
		var page *jsonv.Object
		page, more = athena.ResultSet(res, next, athena.PageSize)
		rows := resultSetRows(page)
		if len(rows) == 0 {
			break
		}
		all = append(all, rows...)
		next += len(rows)
	}
	rsV, _ := body.Get("ResultSet")
	rsV.(*jsonv.Object).Set("Rows", all)
	return body, nil
}

// resultSetRows is ResultSet.Rows of a get-query-results body.
func resultSetRows(body *jsonv.Object) []any {
	rs, _ := body.Get("ResultSet")
	rsObj, _ := rs.(*jsonv.Object)
	rows, _ := rsObj.Get("Rows")
	out, _ := rows.([]any)
	return out
}

// QueryFailure is an Athena query that ran and failed: the reason the
// service would give in GetQueryExecution's StateChangeReason.
func (b *Backend) QueryFailure(queryID string) string {
	q, err := b.loadQuery("athena", queryID)
	if err != nil || q == nil {
		return ""
	}
	return q.Error
}

// GetQueryExecution reports a started query's state.
func (b *Backend) GetQueryExecution(ctx context.Context, queryID string) (*jsonv.Object, error) {
	q, err := b.loadQuery("athena", queryID)
	if err != nil {
		return nil, err
	}
	if q == nil {
		return nil, invalid("InvalidRequestException", "QueryExecution %s was not found", queryID)
	}
	submitted, _ := time.Parse(time.RFC3339Nano, q.Submitted)
	completed, _ := time.Parse(time.RFC3339Nano, q.Completed)
	status := jsonv.NewObject().Set("State", q.Status)
	if q.Error != "" {
		status.Set("StateChangeReason", q.Error)
	}
	status.Set("SubmissionDateTime", submitted).Set("CompletionDateTime", completed)
	exec := jsonv.NewObject().
		Set("QueryExecutionId", q.ID).
		Set("Query", q.QueryString).
		Set("StatementType", "DML").
		Set("ResultConfiguration", jsonv.NewObject()).
		Set("QueryExecutionContext", jsonv.NewObject().Set("Database", extraString(q, "database"))).
		Set("Status", status).
		Set("WorkGroup", orDefaultString(extraString(q, "workGroup"), "primary"))
	return jsonv.NewObject().Set("QueryExecution", exec), nil
}

// GetQueryResultsInput is Athena GetQueryResults.
type GetQueryResultsInput struct {
	QueryExecutionID string
	NextToken        string
	MaxResults       int // 0 = 1000
}

// GetQueryResults is Athena GetQueryResults: a page of a succeeded query's rows: the first
// page starts with the column labels, as Athena's does.
func (b *Backend) GetQueryResults(ctx context.Context, in GetQueryResultsInput) (*jsonv.Object, error) {
	q, err := b.loadQuery("athena", in.QueryExecutionID)
	if err != nil {
		return nil, err
	}
	if q == nil {
		return nil, invalid("InvalidRequestException", "QueryExecution %s was not found", in.QueryExecutionID)
	}
	if q.Status != "SUCCEEDED" {
		return nil, invalid("InvalidRequestException", "Query has not yet finished. Current state: %s", q.Status)
	}
	max := in.MaxResults
	if max <= 0 || max > athenaPageSize {
		max = athenaPageSize
	}
	full, _ := q.Response.(*jsonv.Object)
	rs, _ := full.Get("ResultSet")
	rsObj, _ := rs.(*jsonv.Object)
	rowsV, _ := rsObj.Get("Rows")
	rows, _ := rowsV.([]any)
	offset := 0
	if in.NextToken != "" {
		offset, err = decodeNextToken(in.NextToken, in.QueryExecutionID)
		if err != nil || offset < 0 {
			return nil, invalid("InvalidRequestException", "NextToken is invalid.")
		}
	}
	end := min(offset+max, len(rows))
	page := jsonv.NewObject()
	for _, k := range full.Keys {
		v, _ := full.Get(k)
		if k != "ResultSet" {
			page.Set(k, v)
			continue
		}
		pageRS := jsonv.NewObject()
		for _, rk := range rsObj.Keys {
			rv, _ := rsObj.Get(rk)
			if rk == "Rows" {
				rv = rows[min(offset, len(rows)):end]
			}
			pageRS.Set(rk, rv)
		}
		page.Set("ResultSet", pageRS)
	}
	if end < len(rows) {
		page.Set("NextToken", encodeNextToken(end, in.QueryExecutionID))
	}
	return page, nil
}

func extraString(q *storedQuery, key string) string {
	s, _ := q.Extra[key].(string)
	return s
}

func orDefaultString(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
