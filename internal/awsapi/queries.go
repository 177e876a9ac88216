package awsapi

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// Started queries are kept as one JSON file each in QueriesDir, named by
// their id, so that `QUERY_ID=$(cloudhunt aws logs start-query …)` and a
// later `get-query-results --query-id $QUERY_ID` (another process) meet.
// The query runs to completion when it is started; what is kept is its
// final status and response.

// storedQuery is one started query.
type storedQuery struct {
	Kind        string `json:"kind"` // "logs" or "athena"
	ID          string `json:"id"`
	QueryString string `json:"queryString"`
	Status      string `json:"status"`
	Error       string `json:"error,omitempty"`
	Submitted   string `json:"submitted"`
	Completed   string `json:"completed,omitempty"`
	// Response is the service's answer body (get-query-results), kept as
	// ordered JSON.
	Response any `json:"response,omitempty"`
	// Extra holds what the kind needs besides (Athena: columns for paging).
	Extra map[string]any `json:"extra,omitempty"`
}

// newQueryID returns a random UUID (version 4), the form both services use.
func newQueryID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// queryIDPattern is the only shape of id ever used as a file name.
var queryIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func (b *Backend) queryPath(id string) (string, bool) {
	if !queryIDPattern.MatchString(id) || b.QueriesDir == "" {
		return "", false
	}
	return filepath.Join(b.QueriesDir, id+".json"), true
}

func (b *Backend) saveQuery(q *storedQuery) error {
	path, ok := b.queryPath(q.ID)
	if !ok {
		return fmt.Errorf("no folder to keep queries in")
	}
	if err := os.MkdirAll(b.QueriesDir, 0o755); err != nil {
		return err
	}
	data, err := json.Marshal(q)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// loadQuery reads a started query of kind; a missing one is nil, nil.
func (b *Backend) loadQuery(kind, id string) (*storedQuery, error) {
	path, ok := b.queryPath(id)
	if !ok {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var q storedQuery
	if err := json.Unmarshal(data, &q); err != nil {
		return nil, fmt.Errorf("query %s: %w", id, err)
	}
	if q.Kind != kind {
		return nil, nil
	}
	// Response must keep its key order: decode it again as ordered JSON.
	var raw struct {
		Response json.RawMessage `json:"response"`
	}
	json.Unmarshal(data, &raw)
	if len(raw.Response) > 0 {
		if q.Response, err = jsonv.Decode(raw.Response); err != nil {
			return nil, fmt.Errorf("query %s: %w", id, err)
		}
	}
	return &q, nil
}
