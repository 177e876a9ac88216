package awscli

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// FakeEndpoint is an AWS endpoint on 127.0.0.1 speaking the JSON 1.1
// protocol: it routes each request by its X-Amz-Target header (e.g.
// "CloudTrail_20131101.LookupEvents") to a handler. Point the real CLI at
// it with --endpoint-url to see what it prints for a given response.
type FakeEndpoint struct {
	URL    string
	server *httptest.Server

	mu       sync.Mutex
	handlers map[string]FakeHandler
	requests []FakeRequest
}

// FakeHandler answers one request body with a response body, or with an
// AWS error (sent as HTTP 400 with __type and message).
type FakeHandler func(req *jsonv.Object) (resp any, err *FakeError)

// FakeError is a service error the fake returns.
type FakeError struct {
	Type    string // "InvalidLookupAttributesException"
	Message string
}

// FakeRequest is one request the fake received.
type FakeRequest struct {
	Target string
	Body   *jsonv.Object
}

// NewFakeEndpoint starts the fake; Close stops it.
func NewFakeEndpoint() *FakeEndpoint {
	f := &FakeEndpoint{handlers: map[string]FakeHandler{}}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.server.URL
	return f
}

// Handle sets the handler for an X-Amz-Target.
func (f *FakeEndpoint) Handle(target string, h FakeHandler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handlers[target] = h
}

// Requests returns the requests received so far.
func (f *FakeEndpoint) Requests() []FakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FakeRequest(nil), f.requests...)
}

// Close stops the server.
func (f *FakeEndpoint) Close() { f.server.Close() }

func (f *FakeEndpoint) serve(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	data, _ := io.ReadAll(r.Body)
	body := jsonv.NewObject()
	if len(data) > 0 {
		if v, err := jsonv.Decode(data); err == nil {
			if o, ok := v.(*jsonv.Object); ok {
				body = o
			}
		}
	}
	f.mu.Lock()
	f.requests = append(f.requests, FakeRequest{Target: target, Body: body})
	h := f.handlers[target]
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
	if h == nil {
		writeFakeError(w, &FakeError{Type: "UnknownOperationException", Message: fmt.Sprintf("no fake handler for %q", target)})
		return
	}
	resp, ferr := h(body)
	if ferr != nil {
		writeFakeError(w, ferr)
		return
	}
	out, err := jsonMarshal(resp)
	if err != nil {
		writeFakeError(w, &FakeError{Type: "InternalFailure", Message: err.Error()})
		return
	}
	w.Write(out)
}

func writeFakeError(w http.ResponseWriter, e *FakeError) {
	o := jsonv.NewObject().Set("__type", e.Type).Set("message", e.Message)
	out, _ := jsonMarshal(o)
	w.WriteHeader(http.StatusBadRequest)
	w.Write(out)
}
