package athena

import (
	"fmt"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

const lang = "athena"

// parser is a recursive-descent parser over the token list.
type parser struct {
	src  string
	toks []token
	i    int
}

// parse reads one read-only query. A trailing ";" is allowed; a second
// statement, or any statement other than a query, is an error.
func parse(src string) (*Query, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	if err := p.checkStatementKind(); err != nil {
		return nil, err
	}
	q, err := p.parseQuery()
	if err != nil {
		return nil, err
	}
	if p.isOp(";") {
		p.i++
		if p.tok().kind != tokEOF {
			return nil, p.errorf(p.tok().pos, "found %s after \";\": only one statement can run at a time", p.tok().describe())
		}
	}
	if t := p.tok(); t.kind != tokEOF {
		return nil, p.errorf(t.pos, "found %s, expected the end of the query", t.describe())
	}
	return q, nil
}

// writeStatements are statements that change data or the session. They
// are named in the error so the user knows why the query was refused.
var writeStatements = map[string]bool{
	"INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true, "CREATE": true,
	"DROP": true, "ALTER": true, "TRUNCATE": true, "COPY": true, "ATTACH": true,
	"DETACH": true, "PRAGMA": true, "SET": true, "RESET": true, "USE": true,
	"CALL": true, "GRANT": true, "REVOKE": true, "EXPORT": true, "IMPORT": true,
	"INSTALL": true, "LOAD": true, "VACUUM": true, "CHECKPOINT": true, "PREPARE": true,
	"EXECUTE": true, "DEALLOCATE": true, "DESCRIBE": true, "SHOW": true, "EXPLAIN": true,
	"MSCK": true, "UNLOAD": true, "OPTIMIZE": true, "BEGIN": true, "COMMIT": true,
	"ROLLBACK": true, "START": true, "ANALYZE": true, "COMMENT": true, "REFRESH": true,
}

func (p *parser) checkStatementKind() error {
	t := p.tok()
	if t.kind != tokKeyword && (t.kind != tokIdent || t.quoted) {
		return nil
	}
	word := strings.ToUpper(t.text)
	if writeStatements[word] {
		return p.errorf(t.pos, "%s statements are not allowed: only read queries (SELECT, or WITH … SELECT) can run on a case", word)
	}
	return nil
}

func (p *parser) tok() token { return p.toks[p.i] }

func (p *parser) peek(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) errorf(pos int, format string, args ...any) error {
	return query.Errorf(lang, p.src, pos, format, args...)
}

// unexpected reports the current token where `expected` should have been.
func (p *parser) unexpected(expected string) error {
	t := p.tok()
	return p.errorf(t.pos, "found %s, expected %s", t.describe(), expected)
}

// isKeyword reports whether the current token is the reserved word kw.
func (p *parser) isKeyword(kw string) bool {
	t := p.tok()
	return t.kind == tokKeyword && t.text == kw
}

// isWord reports whether the current token is the non-reserved word w
// (ASC, DESC, LIMIT …) written without quotes.
func (p *parser) isWord(w string) bool {
	t := p.tok()
	return t.kind == tokIdent && !t.quoted && t.text == w
}

func (p *parser) isOp(op string) bool {
	t := p.tok()
	return t.kind == tokOp && t.text == op
}

func (p *parser) acceptKeyword(kw string) bool {
	if p.isKeyword(kw) {
		p.i++
		return true
	}
	return false
}

func (p *parser) acceptWord(w string) bool {
	if p.isWord(w) {
		p.i++
		return true
	}
	return false
}

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectKeyword(kw, context string) error {
	if !p.acceptKeyword(kw) {
		return p.unexpected(kw + " " + context)
	}
	return nil
}

func (p *parser) expectOp(op, context string) error {
	if !p.acceptOp(op) {
		return p.unexpected(fmt.Sprintf("%q %s", op, context))
	}
	return nil
}

// ident reads a name (quoted or not).
func (p *parser) ident(what string) (string, int, error) {
	t := p.tok()
	if t.kind != tokIdent {
		return "", 0, p.unexpected(what)
	}
	p.i++
	return t.text, t.pos, nil
}

// clauseWords are non-reserved words that start the next clause, so they
// are never taken as an alias written without AS.
var clauseWords = map[string]bool{
	"limit": true, "offset": true, "fetch": true, "window": true, "asc": true,
	"desc": true, "nulls": true, "tablesample": true, "over": true, "filter": true,
}

// alias reads `[AS] name`, returning "" when there is none.
func (p *parser) alias() (string, bool, error) {
	if p.acceptKeyword("AS") {
		name, _, err := p.ident("an alias after AS")
		return name, true, err
	}
	if t := p.tok(); t.kind == tokIdent && (t.quoted || !clauseWords[t.text]) {
		p.i++
		return t.text, true, nil
	}
	return "", false, nil
}

// parseQuery reads [WITH …] body [ORDER BY …] [OFFSET n] [LIMIT n|ALL].
func (p *parser) parseQuery() (*Query, error) {
	q := &Query{Pos: p.tok().pos}
	if p.acceptKeyword("WITH") {
		if p.isKeyword("RECURSIVE") {
			return nil, p.errorf(p.tok().pos, "WITH RECURSIVE is not supported: found RECURSIVE, expected the name of a WITH query")
		}
		for {
			name, pos, err := p.ident("the name of a WITH query")
			if err != nil {
				return nil, err
			}
			if p.isOp("(") {
				return nil, p.errorf(p.tok().pos, "column lists on WITH queries are not supported: found \"(\", expected AS")
			}
			if err := p.expectKeyword("AS", "after the name of a WITH query"); err != nil {
				return nil, err
			}
			if err := p.expectOp("(", "to open the WITH query"); err != nil {
				return nil, err
			}
			sub, err := p.parseQuery()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(")", "to close the WITH query"); err != nil {
				return nil, err
			}
			q.With = append(q.With, &CTE{Pos: pos, Name: name, Query: sub})
			if !p.acceptOp(",") {
				break
			}
		}
	}
	body, err := p.parseUnion()
	if err != nil {
		return nil, err
	}
	q.Body = body
	if p.acceptKeyword("ORDER") {
		if err := p.expectKeyword("BY", "after ORDER"); err != nil {
			return nil, err
		}
		for {
			item, err := p.parseOrderItem()
			if err != nil {
				return nil, err
			}
			q.OrderBy = append(q.OrderBy, item)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptWord("offset") {
		n, err := p.count("OFFSET")
		if err != nil {
			return nil, err
		}
		q.Offset = n
		if !p.acceptWord("rows") {
			p.acceptWord("row")
		}
	}
	if p.acceptWord("limit") {
		if p.acceptWord("all") {
			return q, nil
		}
		n, err := p.count("LIMIT")
		if err != nil {
			return nil, err
		}
		q.Limit = n
	}
	return q, nil
}

// count reads the whole number after LIMIT or OFFSET.
func (p *parser) count(clause string) (*Literal, error) {
	t := p.tok()
	if t.kind != tokNumber || strings.ContainsAny(t.text, ".eE") {
		return nil, p.unexpected("a whole number after " + clause)
	}
	p.i++
	return &Literal{Pos: t.pos, Kind: LitNumber, Text: t.text}, nil
}

func (p *parser) parseOrderItem() (*OrderItem, error) {
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	item := &OrderItem{Expr: e}
	if p.acceptWord("desc") {
		item.Desc = true
	} else {
		p.acceptWord("asc")
	}
	if p.acceptWord("nulls") {
		first := false
		switch {
		case p.acceptWord("first"):
			first = true
		case p.acceptWord("last"):
		default:
			return nil, p.unexpected("FIRST or LAST after NULLS")
		}
		item.NullsFirst = &first
	}
	return item, nil
}

// parseUnion reads INTERSECT-level bodies joined by UNION or EXCEPT
// (INTERSECT binds tighter, as in Trino).
func (p *parser) parseUnion() (queryBody, error) {
	left, err := p.parseIntersect()
	if err != nil {
		return nil, err
	}
	for p.isKeyword("UNION") || p.isKeyword("EXCEPT") {
		op := &SetOp{Pos: p.tok().pos, Op: p.tok().text, Left: left}
		p.i++
		op.All = p.setQuantifier()
		if op.Right, err = p.parseIntersect(); err != nil {
			return nil, err
		}
		left = op
	}
	return left, nil
}

func (p *parser) parseIntersect() (queryBody, error) {
	left, err := p.parsePrimaryBody()
	if err != nil {
		return nil, err
	}
	for p.isKeyword("INTERSECT") {
		op := &SetOp{Pos: p.tok().pos, Op: "INTERSECT", Left: left}
		p.i++
		op.All = p.setQuantifier()
		if op.Right, err = p.parsePrimaryBody(); err != nil {
			return nil, err
		}
		left = op
	}
	return left, nil
}

// setQuantifier reads ALL or DISTINCT after a set operator.
func (p *parser) setQuantifier() bool {
	if p.acceptWord("all") {
		return true
	}
	p.acceptKeyword("DISTINCT")
	return false
}

func (p *parser) parsePrimaryBody() (queryBody, error) {
	switch {
	case p.isKeyword("SELECT"):
		return p.parseSelect()
	case p.isOp("("):
		p.i++
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		return q, p.expectOp(")", "to close the parenthesised query")
	}
	return nil, p.unexpected("SELECT")
}

func (p *parser) parseSelect() (*Select, error) {
	s := &Select{Pos: p.tok().pos}
	p.i++ // SELECT
	if p.acceptKeyword("DISTINCT") {
		s.Distinct = true
	} else {
		p.acceptWord("all")
	}
	for {
		item, err := p.parseSelectItem()
		if err != nil {
			return nil, err
		}
		s.Items = append(s.Items, item)
		if !p.acceptOp(",") {
			break
		}
	}
	var err error
	if p.acceptKeyword("FROM") {
		if s.From, err = p.parseFrom(); err != nil {
			return nil, err
		}
	}
	if p.acceptKeyword("WHERE") {
		if s.Where, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	if p.acceptKeyword("GROUP") {
		if err := p.expectKeyword("BY", "after GROUP"); err != nil {
			return nil, err
		}
		// GROUP BY ALL|DISTINCT is a set quantifier in Trino; for plain
		// expressions both give the same groups as GROUP BY alone.
		if !p.acceptKeyword("DISTINCT") {
			p.acceptWord("all")
		}
		for {
			if p.isKeyword("ROLLUP") || p.isKeyword("CUBE") || p.isKeyword("GROUPING") {
				return nil, p.errorf(p.tok().pos, "%s is not supported: found %s, expected a column, an expression or a select-list position", p.tok().text, p.tok().text)
			}
			e, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			s.GroupBy = append(s.GroupBy, e)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptKeyword("HAVING") {
		if s.Having, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (p *parser) parseSelectItem() (*SelectItem, error) {
	t := p.tok()
	if p.acceptOp("*") {
		return &SelectItem{Pos: t.pos, Star: true}, nil
	}
	if t.kind == tokIdent && p.peek(1).kind == tokOp && p.peek(1).text == "." && p.peek(2).kind == tokOp && p.peek(2).text == "*" {
		p.i += 3
		return &SelectItem{Pos: t.pos, Star: true, Qualifier: t.text}, nil
	}
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	item := &SelectItem{Pos: t.pos, Expr: e}
	if item.Alias, item.HasAlias, err = p.alias(); err != nil {
		return nil, err
	}
	return item, nil
}

// parseFrom reads relations joined by commas (cross joins) or JOIN clauses.
func (p *parser) parseFrom() (relation, error) {
	left, err := p.parseRelation()
	if err != nil {
		return nil, err
	}
	for {
		pos := p.tok().pos
		kind := ""
		switch {
		case p.acceptOp(","):
			kind = "CROSS"
		case p.acceptKeyword("CROSS"):
			if err := p.expectKeyword("JOIN", "after CROSS"); err != nil {
				return nil, err
			}
			kind = "CROSS"
		case p.acceptKeyword("JOIN"):
			kind = "INNER"
		case p.acceptKeyword("INNER"):
			if err := p.expectKeyword("JOIN", "after INNER"); err != nil {
				return nil, err
			}
			kind = "INNER"
		case p.isKeyword("LEFT") || p.isKeyword("RIGHT") || p.isKeyword("FULL"):
			kind = p.tok().text
			p.i++
			p.acceptKeyword("OUTER")
			if err := p.expectKeyword("JOIN", "after "+kind); err != nil {
				return nil, err
			}
		case p.isKeyword("NATURAL"):
			return nil, p.errorf(pos, "NATURAL JOIN is not supported by Athena: found NATURAL, expected JOIN … ON or JOIN … USING")
		default:
			return left, nil
		}
		right, err := p.parseRelation()
		if err != nil {
			return nil, err
		}
		j := &Join{Pos: pos, Kind: kind, Left: left, Right: right}
		if kind != "CROSS" {
			switch {
			case p.acceptKeyword("ON"):
				if j.On, err = p.parseExpr(); err != nil {
					return nil, err
				}
			case p.acceptKeyword("USING"):
				if err := p.expectOp("(", "after USING"); err != nil {
					return nil, err
				}
				for {
					name, _, err := p.ident("a column name in USING")
					if err != nil {
						return nil, err
					}
					j.Using = append(j.Using, name)
					if !p.acceptOp(",") {
						break
					}
				}
				if err := p.expectOp(")", "to close USING"); err != nil {
					return nil, err
				}
			default:
				return nil, p.unexpected("ON or USING after the joined table")
			}
		}
		left = j
	}
}

func (p *parser) parseRelation() (relation, error) {
	t := p.tok()
	if p.acceptOp("(") {
		if !p.isKeyword("SELECT") && !p.isKeyword("WITH") && !p.isOp("(") {
			return nil, p.unexpected("SELECT or WITH in a subquery")
		}
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")", "to close the subquery"); err != nil {
			return nil, err
		}
		sub := &SubqueryRef{Pos: t.pos, Query: q}
		if sub.Alias, _, err = p.alias(); err != nil {
			return nil, err
		}
		return sub, nil
	}
	if t.kind == tokKeyword && t.text == "UNNEST" {
		return nil, p.errorf(t.pos, "UNNEST is not supported: found UNNEST, expected a table name or a subquery")
	}
	name, _, err := p.ident("a table name or a subquery")
	if err != nil {
		return nil, err
	}
	// catalog.database.table: the case has one database, so the
	// qualifiers are accepted and the last part names the table.
	namePos := t.pos
	for n := 0; n < 2 && p.isOp(".") && p.peek(1).kind == tokIdent; n++ {
		p.i++
		namePos = p.tok().pos
		name = p.tok().text
		p.i++
	}
	ref := &TableRef{Pos: namePos, Name: name}
	if ref.Alias, _, err = p.alias(); err != nil {
		return nil, err
	}
	return ref, nil
}
