package kql

import (
	"strconv"
	"strings"
)

// Scalar expressions, lowest precedence first:
//   or → and → comparison / string operator / in / between → + - → * / % → unary - → postfix (. [] call)

// stringOps are the word operators between two scalars (with their ! forms).
var stringOps = map[string]bool{}

func init() {
	for _, op := range []string{"contains", "has", "startswith", "endswith", "hasprefix", "hassuffix"} {
		for _, v := range []string{op, op + "_cs"} {
			stringOps[v] = true
			stringOps["!"+v] = true
		}
	}
}

var compareOps = map[string]bool{"==": true, "!=": true, "<>": true, "<": true, "<=": true, ">": true, ">=": true, "=~": true, "!~": true}

func (p *parser) expr() (Expr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.is("or") {
		pos := p.next().pos
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = &Binary{Pos: pos, Op: "or", L: l, R: r}
	}
	return l, nil
}

func (p *parser) and() (Expr, error) {
	l, err := p.comparison()
	if err != nil {
		return nil, err
	}
	for p.is("and") {
		pos := p.next().pos
		r, err := p.comparison()
		if err != nil {
			return nil, err
		}
		l = &Binary{Pos: pos, Op: "and", L: l, R: r}
	}
	return l, nil
}

func (p *parser) comparison() (Expr, error) {
	l, err := p.additive()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	switch {
	case t.kind == tPunct && compareOps[t.text], t.kind == tIdent && stringOps[t.text]:
		p.next()
		r, err := p.additive()
		if err != nil {
			return nil, err
		}
		op := t.text
		if op == "<>" {
			op = "!="
		}
		return &Binary{Pos: t.pos, Op: op, L: l, R: r}, nil
	case t.kind == tIdent && (t.text == "matches"):
		p.next()
		if _, err := p.expect("regex", "matches"); err != nil {
			return nil, err
		}
		r, err := p.additive()
		if err != nil {
			return nil, err
		}
		return &Binary{Pos: t.pos, Op: "matches regex", L: l, R: r}, nil
	case t.kind == tIdent && (t.text == "in" || t.text == "!in" || t.text == "in~" || t.text == "!in~" || t.text == "has_any"):
		p.next()
		if _, err := p.expect("(", t.text); err != nil {
			return nil, err
		}
		in := &In{Pos: t.pos, Op: t.text, X: l}
		for !p.is(")") {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			in.List = append(in.List, e)
			if !p.accept(",") {
				break
			}
		}
		if _, err := p.expect(")", t.text+" (…)"); err != nil {
			return nil, err
		}
		return in, nil
	case t.kind == tIdent && (t.text == "between" || t.text == "!between"):
		p.next()
		if _, err := p.expect("(", t.text); err != nil {
			return nil, err
		}
		lo, err := p.additive()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect("..", t.text+" (…)"); err != nil {
			return nil, err
		}
		hi, err := p.additive()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(")", t.text+" (…)"); err != nil {
			return nil, err
		}
		return &Between{Pos: t.pos, Not: t.text == "!between", X: l, Lo: lo, Hi: hi}, nil
	}
	return l, nil
}

func (p *parser) additive() (Expr, error) {
	l, err := p.multiplicative()
	if err != nil {
		return nil, err
	}
	for p.is("+") || p.is("-") {
		t := p.next()
		r, err := p.multiplicative()
		if err != nil {
			return nil, err
		}
		l = &Binary{Pos: t.pos, Op: t.text, L: l, R: r}
	}
	return l, nil
}

func (p *parser) multiplicative() (Expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.is("*") || p.is("/") || p.is("%") {
		t := p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &Binary{Pos: t.pos, Op: t.text, L: l, R: r}
	}
	return l, nil
}

func (p *parser) unary() (Expr, error) {
	if p.is("-") || p.is("+") {
		t := p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.text == "+" {
			return x, nil
		}
		return &Unary{Pos: t.pos, Op: "-", X: x}, nil
	}
	return p.postfix()
}

func (p *parser) postfix() (Expr, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.is("."):
			dot := p.next()
			if p.is("[") { // d.['key']
				continue
			}
			t := p.peek()
			if t.kind != tIdent {
				return nil, p.unexpected("member access", "a property name after '.'")
			}
			p.next()
			x = &Member{Pos: dot.pos, X: x, Name: t.text}
		case p.is("["):
			open := p.next()
			idx, err := p.expr()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("]", "index"); err != nil {
				return nil, err
			}
			x = &Index{Pos: open.pos, X: x, Idx: idx}
		default:
			return x, nil
		}
	}
}

func (p *parser) primary() (Expr, error) {
	t := p.peek()
	switch t.kind {
	case tString:
		p.next()
		return &StringLit{Pos: t.pos, Val: t.val}, nil
	case tNumber:
		p.next()
		return &NumberLit{Pos: t.pos, Text: t.text, IsReal: strings.ContainsAny(t.text, ".eE")}, nil
	case tTimespan:
		p.next()
		us, _ := strconv.ParseInt(t.val, 10, 64)
		return &TimespanLit{Pos: t.pos, Micros: us}, nil
	case tDatetime:
		p.next()
		tm, ok := parseDatetime(t.val)
		if !ok {
			return nil, errorAt(p.src, t.pos, "datetime(%s) is not a date, expected ISO 8601 (2023-08-09T10:00:00Z) or month/day/year (8/9/2023 10:00:00)", t.val)
		}
		return &DatetimeLit{Pos: t.pos, T: tm}, nil
	case tDynamic:
		p.next()
		return &DynamicLit{Pos: t.pos, JSON: t.val}, nil
	case tIdent:
		switch t.text {
		case "true", "True", "TRUE":
			p.next()
			return &BoolLit{Pos: t.pos, Val: true}, nil
		case "false", "False", "FALSE":
			p.next()
			return &BoolLit{Pos: t.pos, Val: false}, nil
		}
		if strings.HasPrefix(t.text, "!") {
			break
		}
		p.next()
		if p.is("(") {
			return p.call(t)
		}
		return &Ident{Pos: t.pos, Name: t.text}, nil
	case tPunct:
		switch t.text {
		case "(":
			p.next()
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect(")", "parenthesised expression"); err != nil {
				return nil, err
			}
			return e, nil
		case "[":
			if p.peekN(1).kind == tString && p.peekN(2).text == "]" {
				n, pos, _ := p.name("expression")
				return &Ident{Pos: pos, Name: n}, nil
			}
		}
	}
	return nil, p.unexpected("expression", "a column, a literal or a function call")
}

func (p *parser) call(name token) (Expr, error) {
	p.next() // (
	c := &Call{Pos: name.pos, Name: name.text}
	for !p.is(")") {
		if p.is("*") {
			c.Args = append(c.Args, &Star{Pos: p.next().pos})
		} else if name.text == "typeof" {
			// typeof(string) names a type, not a column.
			t, err := p.ident("typeof(…)")
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, &Ident{Pos: t.pos, Name: t.text})
		} else {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, e)
		}
		if !p.accept(",") {
			break
		}
	}
	if _, err := p.expect(")", name.text+"(…)"); err != nil {
		return nil, err
	}
	return c, nil
}
