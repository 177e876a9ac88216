package jmespath

import (
	"errors"
	"testing"
)

// TestSyntaxErrors pins Python jmespath's compile errors: the text the CLI
// prints, and the place (Python's character column; our 1-based line:col).
func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		expr    string
		want    string
		column  int // Python's column (characters from 0)
		line    int
		col     int
		tokType string
	}{
		{
			"foo.", "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 4, token \"\" (EOF), for expression:\n\"foo.\"\n     ^",
			4, 1, 5, "EOF",
		},
		{
			"foo[0", "Invalid jmespath expression: Incomplete expression:\n\"foo[0\"\n      ^",
			5, 1, 6, "EOF",
		},
		{
			"foo..bar", "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: dot: Parse error at column 4, token \".\" (DOT), for expression:\n\"foo..bar\"\n     ^",
			4, 1, 5, "DOT",
		},
		{
			"foo]", "Unexpected token: ]: Parse error at column 3, token \"]\" (RBRACKET), for expression:\n\"foo]\"\n    ^",
			3, 1, 4, "RBRACKET",
		},
		{
			"{1: x}", "Expecting: ['quoted_identifier', 'unquoted_identifier'], got: number: Parse error at column 1, token \"1\" (NUMBER), for expression:\n\"{1: x}\"\n  ^",
			1, 1, 2, "NUMBER",
		},
		{
			"foo[1:2:3:4]", "syntax error: Parse error at column 9, token \":\" (COLON), for expression:\n\"foo[1:2:3:4]\"\n          ^",
			9, 1, 10, "COLON",
		},
		{
			"foo*", "invalid token: Parse error at column 3, token \"*\" (STAR), for expression:\n\"foo*\"\n    ^",
			3, 1, 4, "STAR",
		},
		{
			"\"f\"(x)", "Quoted identifier not allowed for function names.: Parse error at column 0, token \"(\" (LPAREN), for expression:\n\"\"f\"(x)\"\n ^",
			0, 1, 1, "LPAREN",
		},
		{
			"@(x)", "Invalid function name '@': Parse error at column 0, token \"@\" (CURRENT), for expression:\n\"@(x)\"\n ^",
			0, 1, 1, "CURRENT",
		},
		{
			"a = b", "Bad jmespath expression: Unknown token '=':\na = b\n  ^",
			2, 1, 3, "EOF",
		},
		{
			"foo-bar", "Bad jmespath expression: Unknown token '-':\nfoo-bar\n   ^",
			3, 1, 4, "EOF",
		},
		{
			"foo ~ bar", "Bad jmespath expression: Unknown token ~:\nfoo ~ bar\n    ^",
			4, 1, 5, "EOF",
		},
		{
			"'unclosed", "Bad jmespath expression: Unclosed ' delimiter:\n'unclosed\n^",
			0, 1, 1, "EOF",
		},
		{
			"`{bad json", "Bad jmespath expression: Unclosed ` delimiter:\n`{bad json\n^",
			0, 1, 1, "EOF",
		},
		{
			"a.`\"x\"y`", "Bad jmespath expression: Bad token \"x\"y:\na.`\"x\"y`\n  ^",
			2, 1, 3, "EOF",
		},
		{
			`"bad\escape"`, "Bad jmespath expression: Invalid \\escape:\n\"bad\\escape\"\n^",
			0, 1, 1, "EOF",
		},
		{
			// columns count characters, not bytes
			"'é' ]", "Unexpected token: ]: Parse error at column 4, token \"]\" (RBRACKET), for expression:\n\"'é' ]\"\n     ^",
			4, 1, 5, "RBRACKET",
		},
		{
			"foo |\n ]", "invalid token: Parse error at column 7, token \"]\" (RBRACKET), for expression:\n\"foo |\n ]\"\n        ^",
			7, 2, 2, "RBRACKET",
		},
		{
			"", "Invalid JMESPath expression: cannot be empty.",
			0, 1, 1, "",
		},
	}
	for _, tt := range tests {
		_, err := Compile(tt.expr)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: got %v, want a *SyntaxError", tt.expr, err)
			continue
		}
		if se.Error() != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.expr, se.Error(), tt.want)
		}
		if se.Column != tt.column || se.TokenType != tt.tokType {
			t.Errorf("%q: column %d token type %q, want %d %q", tt.expr, se.Column, se.TokenType, tt.column, tt.tokType)
		}
		if line, col := se.Position(); line != tt.line || col != tt.col {
			t.Errorf("%q: position %d:%d, want %d:%d", tt.expr, line, col, tt.line, tt.col)
		}
	}
}

// TestValidSyntax lists forms Python jmespath accepts, some surprisingly.
func TestValidSyntax(t *testing.T) {
	for _, expr := range []string{
		`length(a b)`, // a missing comma between arguments is accepted
		`f(a,)`,
		"`i-`",
		`a[?b]|[0]`,
		`!a.b`,
		`&a`,
		`a[*].b[*].c[]`,
		`{a: b}.a`,
		`[a, b][0]`,
		`a.[b, c]`,
		`a.{b: c}`,
		`"a"."b"`,
		` foo  .  bar `,
	} {
		if _, err := Compile(expr); err != nil {
			t.Errorf("%q: %v", expr, err)
		}
	}
}
