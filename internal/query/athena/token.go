package athena

import "fmt"

// kind is the kind of a token.
type kind int

const (
	tokEOF     kind = iota
	tokIdent        // name or "quoted name"
	tokKeyword      // a reserved word (SELECT, FROM, …), upper-cased in text
	tokString       // 'text', quotes removed and doubled quotes undone
	tokNumber       // 42, 1.5, 1e3
	tokOp           // punctuation and operators: ( ) , . * + - / % || = <> != < <= > >= ;
)

func (k kind) String() string {
	switch k {
	case tokEOF:
		return "end of query"
	case tokIdent:
		return "identifier"
	case tokKeyword:
		return "keyword"
	case tokString:
		return "string"
	case tokNumber:
		return "number"
	}
	return "operator"
}

// token is one lexeme. pos is its byte offset in the query text.
type token struct {
	kind   kind
	text   string // identifier (lower-cased unless quoted), keyword (upper-cased), string value, number, operator
	pos    int
	quoted bool // a "double-quoted" identifier
}

// describe names the token for error messages: `keyword FROM`, `identifier "foo"`.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokKeyword:
		return "keyword " + t.text
	case tokIdent:
		return fmt.Sprintf("identifier %q", t.text)
	case tokString:
		return fmt.Sprintf("string '%s'", t.text)
	case tokNumber:
		return "number " + t.text
	}
	return fmt.Sprintf("%q", t.text)
}

// keywords are the reserved words of Trino's grammar that this subset
// uses or must refuse to take as a column name. Words that Trino lets be
// identifiers (count, date, year, day, data, …) are not here.
var keywords = map[string]bool{
	"ALTER": true, "AND": true, "AS": true, "BETWEEN": true, "BY": true,
	"CASE": true, "CAST": true, "CONSTRAINT": true, "CREATE": true, "CROSS": true,
	"CUBE": true, "DEALLOCATE": true, "DELETE": true, "DESCRIBE": true, "DISTINCT": true,
	"DROP": true, "ELSE": true, "END": true, "ESCAPE": true, "EXCEPT": true,
	"EXECUTE": true, "EXISTS": true, "EXTRACT": true, "FALSE": true, "FOR": true,
	"FROM": true, "FULL": true, "GROUP": true, "GROUPING": true, "HAVING": true,
	"IN": true, "INNER": true, "INSERT": true, "INTERSECT": true, "INTO": true,
	"IS": true, "JOIN": true, "LEFT": true, "LIKE": true, "NATURAL": true,
	"NOT": true, "NULL": true, "ON": true, "OR": true, "ORDER": true,
	"OUTER": true, "PREPARE": true, "RECURSIVE": true, "RIGHT": true, "ROLLUP": true,
	"SELECT": true, "TABLE": true, "THEN": true, "TRUE": true, "UESCAPE": true,
	"UNION": true, "UNNEST": true, "USING": true, "VALUES": true, "WHEN": true,
	"WHERE": true, "WITH": true,
}
