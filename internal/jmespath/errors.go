package jmespath

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// syntaxForm picks which of Python jmespath's parse exceptions an error
// stands for; each prints differently.
type syntaxForm int

const (
	formParse      syntaxForm = iota // ParseError
	formIncomplete                   // IncompleteExpressionError
	formLexer                        // LexerError
	formEmpty                        // EmptyExpressionError
)

// SyntaxError is an expression Python jmespath would not compile. Error()
// is Python's text, which the AWS CLI prints as is.
type SyntaxError struct {
	Expr      string // the whole expression
	Offset    int    // byte offset in Expr of the place that went wrong
	Column    int    // the same place counted in characters from 0, as Python reports it
	Token     string // the token found there, as Python prints it ("" at the end)
	TokenType string // Python's token type, upper-cased: "EOF", "LITERAL", "RBRACKET"…
	Msg       string // the reason: "invalid token", "Expecting: rparen, got: eof", "Unclosed ' delimiter"
	form      syntaxForm
}

func (e *SyntaxError) Error() string {
	switch e.form {
	case formEmpty:
		return "Invalid JMESPath expression: cannot be empty."
	case formIncomplete:
		return fmt.Sprintf("Invalid jmespath expression: Incomplete expression:\n\"%s\"\n%s^",
			e.Expr, strings.Repeat(" ", e.Column+1))
	case formLexer:
		return fmt.Sprintf("Bad jmespath expression: %s:\n%s\n%s^",
			e.Msg, e.Expr, strings.Repeat(" ", e.Column))
	}
	return fmt.Sprintf("%s: Parse error at column %d, token \"%s\" (%s), for expression:\n\"%s\"\n%s^",
		e.Msg, e.Column, e.Token, e.TokenType, e.Expr, strings.Repeat(" ", e.Column+1))
}

// Position is the error's place as a 1-based line and column (in
// characters), for callers that report errors as line:column.
func (e *SyntaxError) Position() (line, col int) {
	line, col = 1, 1
	for _, r := range e.Expr[:e.Offset] {
		if r == '\n' {
			line, col = line+1, 1
			continue
		}
		col++
	}
	return line, col
}

// newSyntaxError builds an error at byte offset off of src.
func newSyntaxError(form syntaxForm, src string, off int, tok token, msg string) *SyntaxError {
	if off > len(src) {
		off = len(src)
	}
	return &SyntaxError{
		Expr:      src,
		Offset:    off,
		Column:    utf8.RuneCountInString(src[:off]),
		Token:     pyStr(tok.value),
		TokenType: strings.ToUpper(tok.kind.String()),
		Msg:       msg,
		form:      form,
	}
}

// TypeError is a function argument of the wrong type (Python's
// JMESPathTypeError), e.g. starts_with(Username, `i-`) where Username is
// missing: In function starts_with(), invalid type for value: None,
// expected one of: ['string'], received: "null".
type TypeError struct {
	Function string
	Value    any      // the offending value
	Received string   // its type: a JMESPath type, or for array elements Python's type name
	Expected []string // the types the argument allows, as the signature writes them
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("In function %s(), invalid type for value: %s, expected one of: %s, received: \"%s\"",
		e.Function, pyStr(e.Value), pyStrList(e.Expected), e.Received)
}

// ArityError is a function called with the wrong number of arguments. Python
// checks this when the call is evaluated, not when it is compiled.
type ArityError struct {
	Function string
	Expected int
	Actual   int
	Variadic bool // Expected is a minimum
}

func (e *ArityError) Error() string {
	word := "arguments"
	if e.Expected == 1 {
		word = "argument"
	}
	least := ""
	if e.Variadic {
		least = "at least "
	}
	return fmt.Sprintf("Expected %s%d %s for function %s(), received %d",
		least, e.Expected, word, e.Function, e.Actual)
}

// UnknownFunctionError is a call of a function JMESPath does not have.
type UnknownFunctionError struct{ Function string }

func (e *UnknownFunctionError) Error() string {
	return fmt.Sprintf("Unknown function: %s()", e.Function)
}

// EvalError is a failure Python itself raises while jmespath evaluates, e.g.
// "'<' not supported between instances of 'str' and 'int'" or "slice step
// cannot be zero". The CLI prints these too.
type EvalError struct{ Msg string }

func (e *EvalError) Error() string { return e.Msg }
