// Package jmespath evaluates JMESPath expressions the way the AWS and Azure
// CLIs do for --query: they run Python jmespath 1.0, so this package follows
// that implementation rather than the specification where the two differ.
//
// Why not a Go library: the CLIs print multiselect-hash keys in the order the
// expression wrote them, keep integers and floats apart, and fail with
// Python jmespath's own error texts (which the CLI prints verbatim); Go
// JMESPath libraries return unordered maps and their own messages.
//
// Values are internal/jsonv values: nil, bool, string, jsonv.Number, []any
// and *jsonv.Object. Results are built from the same types; numbers that
// arithmetic produces are written the way Python prints them ("2.5", "3").
//
// The stages are the usual ones, one file each: lexer.go (tokens),
// parser.go (Pratt parser, as Python's), ast.go, eval.go (the tree
// interpreter), functions.go (built-ins with Python's type checks),
// values.go (truthiness, equality, ordering, numbers), python.go (Python's
// repr and json.dumps, used by error texts and to_string) and errors.go.
package jmespath

// Expression is a compiled JMESPath expression. It is safe for concurrent use.
type Expression struct {
	src  string
	root *node
}

// Compile parses expr. A rejected expression gives a *SyntaxError whose
// Error() is Python jmespath's message, with Python's column.
func Compile(expr string) (*Expression, error) {
	root, err := parse(expr)
	if err != nil {
		return nil, err
	}
	return &Expression{src: expr, root: root}, nil
}

// Search evaluates e against data. Runtime failures are *TypeError,
// *ArityError, *UnknownFunctionError or *EvalError, each printing Python's
// text.
func (e *Expression) Search(data any) (any, error) {
	return eval(e.root, data)
}

// String is the expression as it was written.
func (e *Expression) String() string { return e.src }

// Search compiles expr and evaluates it against data.
func Search(expr string, data any) (any, error) {
	e, err := Compile(expr)
	if err != nil {
		return nil, err
	}
	return e.Search(data)
}
