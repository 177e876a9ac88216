package awscli

import (
	"fmt"
	"io"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// Backend answers one API request with one response page. Timestamps in
// the response must already be strings made by FormatTimestamp (the CLI's
// parser turns them into text before --query sees them), and keys should
// be in the service model's member order (the CLI prints them so).
type Backend func(input *jsonv.Object) (*jsonv.Object, error)

// Query compiles a --query expression; the CLI reports a compile error as
// "Bad value for --query <expr>: <error>" (exit 252) and a search error as
// the error's text (exit 255).
type Query func(expr string) (func(data any) (any, error), error)

// Run does what `aws <service> <op> args…` does after argv is split: parse,
// call the backend (following NextToken when the CLI would), apply --query
// and print. It returns the exit code; width is the terminal width for
// --output table (80 when stdout is not a terminal).
func Run(op Operation, args []string, backend Backend, query Query, stdout, stderr io.Writer, width int) int {
	call, err := Parse(op, args)
	if err != nil {
		return reportError(stderr, err)
	}
	search := func(v any) (any, error) { return v, nil }
	if call.HasQuery {
		if query == nil {
			return reportError(stderr, paramError("--query is not supported here"))
		}
		s, err := query(call.Query)
		if err != nil {
			return reportError(stderr, paramError(fmt.Sprintf("Bad value for --query %s: %s", call.Query, err)))
		}
		search = s
	}
	pages, err := fetchPages(call, backend)
	if err != nil {
		return reportError(stderr, err)
	}
	if call.Output == "text" {
		// Text output queries each page on its own.
		for _, page := range textPages(call, pages) {
			v, err := search(page)
			if err != nil {
				return reportError(stderr, &Error{Msg: err.Error(), Code: ExitGeneral})
			}
			if err := FormatText(stdout, v); err != nil {
				return reportError(stderr, err)
			}
		}
		return ExitOK
	}
	v, err := search(mergePages(call, pages))
	if err != nil {
		return reportError(stderr, &Error{Msg: err.Error(), Code: ExitGeneral})
	}
	switch call.Output {
	case "table":
		err = FormatTable(stdout, op.API, v, width)
	default:
		err = FormatJSON(stdout, v)
	}
	if err != nil {
		return reportError(stderr, &Error{Msg: err.Error(), Code: ExitGeneral})
	}
	return ExitOK
}

func reportError(stderr io.Writer, err error) int {
	e, ok := err.(*Error)
	if !ok {
		e = &Error{Msg: err.Error(), Code: ExitGeneral}
	}
	io.WriteString(stderr, e.Stderr())
	return e.Code
}

// fetchPages calls the backend once, or, when the CLI paginates, again with
// each NextToken until there is none.
func fetchPages(call *Call, backend Backend) ([]*jsonv.Object, error) {
	pg := call.Op.Paginator
	input := cloneObject(call.Input)
	if !call.Paginate() {
		page, err := backend(input)
		if err != nil {
			return nil, err
		}
		return []*jsonv.Object{page}, nil
	}
	if call.PageSize > 0 && pg.LimitKey != "" {
		input.Set(pg.LimitKey, jsonv.Int(int64(call.PageSize)))
	}
	if call.StartingToken != "" {
		input.Set(pg.InputToken, call.StartingToken)
	}
	var pages []*jsonv.Object
	seen := map[string]bool{}
	for {
		page, err := backend(cloneObject(input))
		if err != nil {
			return nil, err
		}
		pages = append(pages, page)
		tok, _ := page.Get(pg.OutputToken)
		next, _ := tok.(string)
		if next == "" {
			return pages, nil
		}
		if seen[next] {
			return nil, &Error{Msg: fmt.Sprintf("The same next token was received twice: {'%s': '%s'}", pg.OutputToken, next), Code: ExitGeneral}
		}
		seen[next] = true
		input.Set(pg.InputToken, next)
	}
}

// mergePages builds the CLI's full result: the result keys' lists
// concatenated, then the first page's other members (the paging token
// dropped). A single page of an operation the CLI did not page is used as
// it is.
func mergePages(call *Call, pages []*jsonv.Object) any {
	pg := call.Op.Paginator
	if !call.Paginate() {
		return pages[0]
	}
	out := jsonv.NewObject()
	for _, k := range pg.ResultKeys {
		all := []any{}
		for _, p := range pages {
			if list, ok := getPath(p, k).([]any); ok {
				all = append(all, list...)
			}
		}
		setPath(out, k, all)
	}
	// The first page's other members follow, inside a result key's parent
	// object too (Athena's ResultSet.ResultSetMetadata after ResultSet.Rows).
	var copyRest func(dst, src *jsonv.Object, prefix string)
	copyRest = func(dst, src *jsonv.Object, prefix string) {
		for _, k := range src.Keys {
			path := prefix + k
			if path == pg.OutputToken || containsKey(pg.ResultKeys, path) {
				continue
			}
			v, _ := src.Get(k)
			if sub, ok := v.(*jsonv.Object); ok && isResultParent(pg.ResultKeys, path) {
				d, _ := dst.Get(k)
				dsub, _ := d.(*jsonv.Object)
				if dsub == nil {
					dsub = jsonv.NewObject()
					dst.Set(k, dsub)
				}
				copyRest(dsub, sub, path+".")
				continue
			}
			dst.Set(k, v)
		}
	}
	copyRest(out, pages[0], "")
	return out
}

// getPath reads a dotted result key ("ResultSet.Rows") from a page.
func getPath(o *jsonv.Object, path string) any {
	var v any = o
	for _, part := range strings.Split(path, ".") {
		obj, ok := v.(*jsonv.Object)
		if !ok {
			return nil
		}
		v, _ = obj.Get(part)
	}
	return v
}

// setPath sets a dotted key, making the objects on the way.
func setPath(o *jsonv.Object, path string, v any) {
	parts := strings.Split(path, ".")
	for _, part := range parts[:len(parts)-1] {
		next, _ := o.Get(part)
		sub, ok := next.(*jsonv.Object)
		if !ok {
			sub = jsonv.NewObject()
			o.Set(part, sub)
		}
		o = sub
	}
	o.Set(parts[len(parts)-1], v)
}

func isResultParent(keys []string, path string) bool {
	for _, k := range keys {
		if strings.HasPrefix(k, path+".") {
			return true
		}
	}
	return false
}

func containsKey(keys []string, k string) bool { return contains(keys, k) }

func cloneObject(o *jsonv.Object) *jsonv.Object {
	c := jsonv.NewObject()
	for _, k := range o.Keys {
		v, _ := o.Get(k)
		c.Set(k, v)
	}
	return c
}

// textPages is what --output text formats when the CLI pages: the first
// page's other members plus its result keys, then only the result keys of
// each later page.
func textPages(call *Call, pages []*jsonv.Object) []*jsonv.Object {
	if !call.Paginate() {
		return pages
	}
	pg := call.Op.Paginator
	out := make([]*jsonv.Object, len(pages))
	for i, p := range pages {
		o := jsonv.NewObject()
		if i == 0 {
			for _, k := range p.Keys {
				if k != pg.OutputToken && !containsKey(pg.ResultKeys, k) {
					v, _ := p.Get(k)
					o.Set(k, v)
				}
			}
		}
		for _, k := range pg.ResultKeys {
			v, ok := p.Get(k)
			if !ok {
				v = nil
			}
			o.Set(k, v)
		}
		out[i] = o
	}
	return out
}
