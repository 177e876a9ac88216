package athena

import (
	"slices"
	"strings"
)

// Expression parsing, lowest precedence first:
// OR < AND < NOT < predicates (= < BETWEEN IN LIKE IS) < || < + - < * / % < unary < postfix.

func (p *parser) parseExpr() (Expr, error) { return p.parseOr() }

func (p *parser) parseOr() (Expr, error) { return p.parseBinary(p.parseAnd, tokKeyword, "OR") }

func (p *parser) parseAnd() (Expr, error) { return p.parseBinary(p.parseNot, tokKeyword, "AND") }

func (p *parser) parseNot() (Expr, error) {
	if t := p.tok(); p.acceptKeyword("NOT") {
		x, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		return &Unary{Pos: t.pos, Op: "NOT", X: x}, nil
	}
	return p.parsePredicate()
}

var comparisons = map[string]bool{"=": true, "<>": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}

func (p *parser) parsePredicate() (Expr, error) {
	x, err := p.parseConcat()
	if err != nil {
		return nil, err
	}
	for {
		t := p.tok()
		if t.kind == tokOp && comparisons[t.text] {
			p.i++
			y, err := p.parseConcat()
			if err != nil {
				return nil, err
			}
			op := t.text
			if op == "!=" {
				op = "<>"
			}
			x = &Binary{Pos: x.exprPos(), OpPos: t.pos, Op: op, X: x, Y: y}
			continue
		}
		if p.isKeyword("IS") {
			p.i++
			not := p.acceptKeyword("NOT")
			if p.isKeyword("DISTINCT") {
				return nil, p.errorf(p.tok().pos, "IS DISTINCT FROM is not supported: found DISTINCT, expected NULL")
			}
			if err := p.expectKeyword("NULL", "after IS"); err != nil {
				return nil, err
			}
			x = &IsNull{Pos: x.exprPos(), Not: not, X: x}
			continue
		}
		// [NOT] BETWEEN / IN / LIKE
		not := false
		if p.isKeyword("NOT") && (p.peekKeyword(1, "BETWEEN") || p.peekKeyword(1, "IN") || p.peekKeyword(1, "LIKE")) {
			p.i++
			not = true
		}
		switch {
		case p.acceptKeyword("BETWEEN"):
			lo, err := p.parseConcat()
			if err != nil {
				return nil, err
			}
			if err := p.expectKeyword("AND", "in BETWEEN … AND …"); err != nil {
				return nil, err
			}
			hi, err := p.parseConcat()
			if err != nil {
				return nil, err
			}
			x = &Between{Pos: x.exprPos(), Not: not, X: x, Lo: lo, Hi: hi}
		case p.acceptKeyword("IN"):
			in := &In{Pos: x.exprPos(), Not: not, X: x}
			if err := p.expectOp("(", "after IN"); err != nil {
				return nil, err
			}
			if p.isKeyword("SELECT") || p.isKeyword("WITH") {
				if in.Query, err = p.parseQuery(); err != nil {
					return nil, err
				}
			} else {
				for {
					e, err := p.parseExpr()
					if err != nil {
						return nil, err
					}
					in.List = append(in.List, e)
					if !p.acceptOp(",") {
						break
					}
				}
			}
			if err := p.expectOp(")", "to close the IN list"); err != nil {
				return nil, err
			}
			x = in
		case p.acceptKeyword("LIKE"):
			like := &Like{Pos: x.exprPos(), Not: not, X: x}
			if like.Pattern, err = p.parseConcat(); err != nil {
				return nil, err
			}
			if p.acceptKeyword("ESCAPE") {
				if like.Escape, err = p.parseConcat(); err != nil {
					return nil, err
				}
			}
			x = like
		default:
			return x, nil
		}
	}
}

func (p *parser) peekKeyword(n int, kw string) bool {
	t := p.peek(n)
	return t.kind == tokKeyword && t.text == kw
}

func (p *parser) parseConcat() (Expr, error) { return p.parseBinary(p.parseAdditive, tokOp, "||") }

func (p *parser) parseAdditive() (Expr, error) {
	return p.parseBinary(p.parseMultiplicative, tokOp, "+", "-")
}

func (p *parser) parseMultiplicative() (Expr, error) {
	return p.parseBinary(p.parseUnary, tokOp, "*", "/", "%")
}

// parseBinary parses one precedence level of left-associative binary
// operators: operand (op operand)*, op being a token of kind k whose text
// is one of ops (keywords are upper-cased by the lexer).
func (p *parser) parseBinary(operand func() (Expr, error), k kind, ops ...string) (Expr, error) {
	x, err := operand()
	if err != nil {
		return nil, err
	}
	for {
		t := p.tok()
		if t.kind != k || !slices.Contains(ops, t.text) {
			return x, nil
		}
		p.i++
		y, err := operand()
		if err != nil {
			return nil, err
		}
		x = &Binary{Pos: x.exprPos(), OpPos: t.pos, Op: t.text, X: x, Y: y}
	}
}

func (p *parser) parseUnary() (Expr, error) {
	t := p.tok()
	if p.acceptOp("-") || p.acceptOp("+") {
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &Unary{Pos: t.pos, Op: t.text, X: x}, nil
	}
	return p.parsePostfix()
}

// parsePostfix reads a primary followed by [index] subscripts and .field
// dereferences.
func (p *parser) parsePostfix() (Expr, error) {
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.tok()
		switch {
		case p.acceptOp("["):
			idx, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp("]", "to close the subscript"); err != nil {
				return nil, err
			}
			x = &Subscript{Pos: t.pos, X: x, Index: idx}
		case p.isOp(".") && p.peek(1).kind == tokIdent:
			p.i++
			name := p.tok().text
			p.i++
			if n, ok := x.(*Name); ok {
				n.Parts = append(n.Parts, name)
			} else {
				x = &Field{Pos: t.pos, X: x, Name: name}
			}
		default:
			return x, nil
		}
	}
}

// bareFunctions are the SQL functions called without parentheses.
var bareFunctions = map[string]bool{"current_timestamp": true, "current_date": true, "localtimestamp": true}

func (p *parser) parsePrimary() (Expr, error) {
	t := p.tok()
	switch t.kind {
	case tokNumber:
		p.i++
		return &Literal{Pos: t.pos, Kind: LitNumber, Text: t.text}, nil
	case tokString:
		p.i++
		return &Literal{Pos: t.pos, Kind: LitString, Text: t.text}, nil
	case tokKeyword:
		switch t.text {
		case "TRUE", "FALSE":
			p.i++
			return &Literal{Pos: t.pos, Kind: LitBool, Text: strings.ToLower(t.text)}, nil
		case "NULL":
			p.i++
			return &Literal{Pos: t.pos, Kind: LitNull, Text: "NULL"}, nil
		case "CASE":
			return p.parseCase()
		case "CAST":
			return p.parseCast(false)
		case "EXTRACT":
			return p.parseExtract()
		case "EXISTS":
			p.i++
			if err := p.expectOp("(", "after EXISTS"); err != nil {
				return nil, err
			}
			q, err := p.parseQuery()
			if err != nil {
				return nil, err
			}
			return &Exists{Pos: t.pos, Query: q}, p.expectOp(")", "to close EXISTS")
		}
		return nil, p.unexpected("an expression")
	case tokOp:
		if t.text == "(" {
			p.i++
			if p.isKeyword("SELECT") || p.isKeyword("WITH") {
				q, err := p.parseQuery()
				if err != nil {
					return nil, err
				}
				return &ScalarQuery{Pos: t.pos, Query: q}, p.expectOp(")", "to close the subquery")
			}
			x, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if p.isOp(",") {
				return nil, p.errorf(p.tok().pos, "row constructors are not supported: found \",\", expected \")\"")
			}
			return &Paren{Pos: t.pos, X: x}, p.expectOp(")", "to close the parenthesis")
		}
		return nil, p.unexpected("an expression")
	case tokIdent:
		if !t.quoted {
			if lit, ok, err := p.parseTypedLiteral(); ok || err != nil {
				return lit, err
			}
			if t.text == "try_cast" && p.peek(1).kind == tokOp && p.peek(1).text == "(" {
				return p.parseCast(true)
			}
			if t.text == "array" && p.peek(1).kind == tokOp && p.peek(1).text == "[" {
				return p.parseArray()
			}
			if bareFunctions[t.text] && !(p.peek(1).kind == tokOp && p.peek(1).text == "(") {
				p.i++
				return &Call{Pos: t.pos, Name: t.text}, nil
			}
		}
		if p.peek(1).kind == tokOp && p.peek(1).text == "(" {
			return p.parseCall()
		}
		p.i++
		return &Name{Pos: t.pos, Parts: []string{t.text}}, nil
	}
	return nil, p.unexpected("an expression")
}

// parseTypedLiteral reads DATE '…', TIMESTAMP '…' and INTERVAL '…' unit.
func (p *parser) parseTypedLiteral() (Expr, bool, error) {
	t := p.tok()
	next := p.peek(1)
	switch t.text {
	case "date", "timestamp":
		if next.kind != tokString {
			return nil, false, nil
		}
		p.i += 2
		kind := LitDate
		if t.text == "timestamp" {
			kind = LitTimestamp
		}
		return &Literal{Pos: t.pos, Kind: kind, Text: next.text}, true, nil
	case "interval":
		sign := ""
		n := 1
		if next.kind == tokOp && (next.text == "-" || next.text == "+") {
			if next.text == "-" {
				sign = "-"
			}
			n = 2
		}
		val := p.peek(n)
		if val.kind != tokString {
			if n == 2 {
				p.i += n
				return nil, true, p.unexpected("a quoted quantity after INTERVAL, as in INTERVAL '1' DAY")
			}
			return nil, false, nil
		}
		p.i += n + 1
		unit := p.tok()
		if unit.kind != tokIdent || !intervalUnits[strings.TrimSuffix(unit.text, "s")] {
			return nil, true, p.unexpected("an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND)")
		}
		p.i++
		if p.acceptWord("to") {
			return nil, true, p.errorf(p.toks[p.i-1].pos, "interval ranges (… TO …) are not supported: found TO, expected a single unit")
		}
		return &Literal{Pos: t.pos, Kind: LitInterval, Text: sign + val.text, Unit: strings.TrimSuffix(unit.text, "s")}, true, nil
	}
	return nil, false, nil
}

var intervalUnits = map[string]bool{"year": true, "month": true, "day": true, "hour": true, "minute": true, "second": true}

func (p *parser) parseCase() (Expr, error) {
	c := &Case{Pos: p.tok().pos}
	p.i++ // CASE
	var err error
	if !p.isKeyword("WHEN") {
		if c.Operand, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	for p.acceptKeyword("WHEN") {
		var w When
		if w.Cond, err = p.parseExpr(); err != nil {
			return nil, err
		}
		if err := p.expectKeyword("THEN", "after the WHEN condition"); err != nil {
			return nil, err
		}
		if w.Result, err = p.parseExpr(); err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, w)
	}
	if len(c.Whens) == 0 {
		return nil, p.unexpected("WHEN in CASE")
	}
	if p.acceptKeyword("ELSE") {
		if c.Else, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	return c, p.expectKeyword("END", "to close CASE")
}

func (p *parser) parseCast(try bool) (Expr, error) {
	c := &Cast{Pos: p.tok().pos, Try: try}
	p.i++ // CAST or try_cast
	if err := p.expectOp("(", "after CAST"); err != nil {
		return nil, err
	}
	var err error
	if c.X, err = p.parseExpr(); err != nil {
		return nil, err
	}
	if err := p.expectKeyword("AS", "in CAST(… AS type)"); err != nil {
		return nil, err
	}
	if c.Type, err = p.parseTypeName(); err != nil {
		return nil, err
	}
	return c, p.expectOp(")", "to close CAST")
}

// parseTypeName reads a type such as varchar, varchar(10), decimal(10,2),
// double precision or timestamp, returned lower-cased without spaces
// around the parenthesised part.
func (p *parser) parseTypeName() (string, error) {
	name, _, err := p.ident("a type name")
	if err != nil {
		return "", err
	}
	if name == "double" && p.acceptWord("precision") {
		return "double", nil
	}
	if p.acceptOp("(") {
		var args []string
		for {
			t := p.tok()
			if t.kind != tokNumber {
				return "", p.unexpected("a number in the type's parameters")
			}
			p.i++
			args = append(args, t.text)
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")", "to close the type's parameters"); err != nil {
			return "", err
		}
		name += "(" + strings.Join(args, ",") + ")"
	}
	return name, nil
}

func (p *parser) parseExtract() (Expr, error) {
	e := &Extract{Pos: p.tok().pos}
	p.i++
	if err := p.expectOp("(", "after EXTRACT"); err != nil {
		return nil, err
	}
	field, _, err := p.ident("a field such as YEAR, MONTH, DAY or HOUR")
	if err != nil {
		return nil, err
	}
	e.Field = field
	if err := p.expectKeyword("FROM", "in EXTRACT(field FROM value)"); err != nil {
		return nil, err
	}
	if e.X, err = p.parseExpr(); err != nil {
		return nil, err
	}
	return e, p.expectOp(")", "to close EXTRACT")
}

// parseArray reads ARRAY[a, b, …] as a call of the array constructor.
func (p *parser) parseArray() (Expr, error) {
	c := &Call{Pos: p.tok().pos, Name: "array"}
	p.i += 2 // array [
	if p.acceptOp("]") {
		return c, nil
	}
	for {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, e)
		if !p.acceptOp(",") {
			break
		}
	}
	return c, p.expectOp("]", "to close ARRAY[")
}

func (p *parser) parseCall() (Expr, error) {
	t := p.tok()
	c := &Call{Pos: t.pos, Name: t.text}
	p.i += 2 // name (
	switch {
	case p.acceptOp("*"):
		c.Star = true
	case p.acceptKeyword("DISTINCT"):
		c.Distinct = true
	default:
		p.acceptWord("all")
	}
	if !c.Star && !p.isOp(")") {
		for {
			e, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, e)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if err := p.expectOp(")", "to close the call of "+c.Name); err != nil {
		return nil, err
	}
	if p.isWord("over") {
		return nil, p.errorf(p.tok().pos, "window functions are not supported: found OVER after %s(…)", c.Name)
	}
	if p.isWord("filter") {
		return nil, p.errorf(p.tok().pos, "aggregate FILTER clauses are not supported: found FILTER after %s(…)", c.Name)
	}
	return c, nil
}
