// Package awsapi answers AWS API calls from a case: the same request and
// response shapes as the services (CloudTrail LookupEvents, CloudWatch Logs
// StartQuery/GetQueryResults/GetLogEvents, Athena StartQueryExecution/
// GetQueryResults), over the evidence instead of a live account.
//
// The drop-in `cloudhunt aws …` commands call these directly; Handler serves
// them over HTTP (JSON 1.1 protocol) so that the real AWS CLI pointed at it
// with --endpoint-url prints what it would print against the service —
// which is how the drop-ins' output is checked byte for byte.
package awsapi

import (
	"fmt"
	"sync"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/store"
)

// Backend answers calls from one case.
type Backend struct {
	Case *store.Case
	// Region, when set, is the region of the "account" being asked: like the
	// service, LookupEvents returns only that region's events. Empty means
	// every region of the case.
	Region string
	// QueriesDir holds started queries (Logs Insights, Athena) and their
	// results, so that the playbook's two-step start/get lines work across
	// processes. Usually <case>/queries.
	QueriesDir string
	// Now is the clock for query ids and submission times; nil = time.Now.
	Now func() time.Time

	cache *cache
}

// NewBackend returns a backend over a case opened read-only. It remembers
// the order of LookupEvents results between pages: the CLI asks for page
// after page of one request, and each would otherwise sort every match again.
func NewBackend(c *store.Case, region, queriesDir string) *Backend {
	return &Backend{Case: c, Region: region, QueriesDir: queriesDir, cache: &cache{lookups: map[string][]int64{}, newest: map[string]time.Time{}}}
}

type cache struct {
	mu      sync.Mutex
	lookups map[string][]int64
	newest  map[string]time.Time // the newest event, by event category
}

func (b *Backend) now() time.Time {
	if b.Now != nil {
		return b.Now().UTC()
	}
	return time.Now().UTC()
}

// Error is an error the service would return: its code (the exception
// name), message and HTTP status.
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// CLIMessage is how the AWS CLI prints the error for operation.
func (e *Error) CLIMessage(operation string) string {
	return fmt.Sprintf("An error occurred (%s) when calling the %s operation: %s", e.Code, operation, e.Message)
}

func invalid(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: 400}
}
