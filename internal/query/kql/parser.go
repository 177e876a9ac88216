package kql

import (
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// parser is a recursive-descent parser over the token list.
type parser struct {
	src  string
	toks []token
	i    int
}

// parse turns query text into its AST.
func parse(src string) (*Query, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	return p.query()
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) peekN(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// is reports whether the next token is the punctuation or word s.
func (p *parser) is(s string) bool {
	t := p.peek()
	return (t.kind == tPunct || t.kind == tIdent) && t.text == s
}

// accept consumes the next token when it is s.
func (p *parser) accept(s string) bool {
	if p.is(s) {
		p.i++
		return true
	}
	return false
}

// unexpected is the "found X in Y, expected Z" error at the next token.
func (p *parser) unexpected(context, expected string) *query.Error {
	t := p.peek()
	msg := "unexpected " + t.describe() + " in " + context + ", expected " + expected
	if t.kind == tPunct && t.text == "[" {
		msg += " (a [Placeholder] must be replaced with a value, e.g. \"user@example.com\")"
	}
	return errorAt(p.src, t.pos, "%s", msg)
}

func (p *parser) expect(s, context string) (token, error) {
	if !p.is(s) {
		return token{}, p.unexpected(context, "'"+s+"'")
	}
	return p.next(), nil
}

func (p *parser) ident(context string) (token, error) {
	t := p.peek()
	if t.kind != tIdent || strings.HasPrefix(t.text, "!") {
		return t, p.unexpected(context, "a name")
	}
	return p.next(), nil
}

// name reads a column name: plain, or bracketed ['name with spaces'].
func (p *parser) name(context string) (string, int, error) {
	if p.is("[") && p.peekN(1).kind == tString && p.peekN(2).text == "]" {
		pos := p.next().pos
		s := p.next().val
		p.next()
		return s, pos, nil
	}
	t, err := p.ident(context)
	return t.text, t.pos, err
}

func (p *parser) query() (*Query, error) {
	q := &Query{}
	for p.is("let") {
		l, err := p.let()
		if err != nil {
			return nil, err
		}
		q.Lets = append(q.Lets, l)
		if _, err := p.expect(";", "let statement"); err != nil {
			return nil, err
		}
	}
	body, err := p.pipeline()
	if err != nil {
		return nil, err
	}
	q.Body = body
	p.accept(";")
	if p.peek().kind != tEOF {
		return nil, p.unexpected("query", "'|' or the end of the query")
	}
	return q, nil
}

func (p *parser) let() (*Let, error) {
	pos := p.next().pos
	name, err := p.ident("let statement")
	if err != nil {
		return nil, err
	}
	if _, err := p.expect("=", "let statement"); err != nil {
		return nil, err
	}
	l := &Let{Pos: pos, Name: name.text}
	// A parenthesised pipeline, or a name followed by '|', is tabular; a
	// lone name is decided by the compiler (table or scalar let).
	if p.is("(") {
		save := p.i
		p.next()
		if tab, err := p.pipeline(); err == nil && p.accept(")") {
			l.Tab = tab
			return l, nil
		}
		p.i = save
	}
	if p.peek().kind == tIdent && p.peekN(1).text == "|" {
		tab, err := p.pipeline()
		l.Tab = tab
		return l, err
	}
	l.Expr, err = p.expr()
	return l, err
}

func (p *parser) pipeline() (*Pipeline, error) {
	t := p.peek()
	pl := &Pipeline{Pos: t.pos}
	switch {
	case p.is("("):
		p.next()
		inner, err := p.pipeline()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(")", "parenthesised query"); err != nil {
			return nil, err
		}
		pl.Source = inner
	case p.is("union"):
		u, err := p.union()
		if err != nil {
			return nil, err
		}
		pl.Source = u
	case t.kind == tIdent && !strings.HasPrefix(t.text, "!") && !strings.HasPrefix(t.text, "$"):
		p.next()
		pl.Source = &TableRef{Pos: t.pos, Name: t.text}
	case p.is("[") && p.peekN(1).kind == tString:
		name, pos, err := p.name("query")
		if err != nil {
			return nil, err
		}
		pl.Source = &TableRef{Pos: pos, Name: name}
	default:
		return nil, p.unexpected("query", "a table name")
	}
	for p.accept("|") {
		op, err := p.operator()
		if err != nil {
			return nil, err
		}
		pl.Ops = append(pl.Ops, op)
	}
	return pl, nil
}

func (p *parser) operator() (Op, error) {
	t := p.peek()
	if t.kind != tIdent {
		return nil, p.unexpected("query", "an operator after '|' (where, project, extend, summarize, …)")
	}
	p.next()
	pos := t.pos
	switch t.text {
	case "where", "filter":
		e, err := p.expr()
		return &WhereOp{Pos: pos, Pred: e}, err
	case "project":
		items, err := p.items("project")
		return &ProjectOp{Pos: pos, Items: items}, err
	case "extend":
		items, err := p.items("extend")
		return &ExtendOp{Pos: pos, Items: items}, err
	case "project-away":
		op := &ProjectAwayOp{Pos: pos}
		for {
			n, npos, err := p.name("project-away")
			if err != nil {
				return nil, err
			}
			op.Names = append(op.Names, &Ident{Pos: npos, Name: n})
			if !p.accept(",") {
				return op, nil
			}
		}
	case "project-rename":
		op := &ProjectRenameOp{Pos: pos}
		for {
			n, npos, err := p.name("project-rename")
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("=", "project-rename"); err != nil {
				return nil, err
			}
			o, _, err := p.name("project-rename")
			if err != nil {
				return nil, err
			}
			op.Pairs = append(op.Pairs, Rename{Pos: npos, New: n, Old: o})
			if !p.accept(",") {
				return op, nil
			}
		}
	case "summarize":
		return p.summarize(pos)
	case "sort", "order":
		if _, err := p.expect("by", t.text); err != nil {
			return nil, err
		}
		keys, err := p.sortKeys(t.text)
		return &SortOp{Pos: pos, Keys: keys}, err
	case "top":
		n, err := p.count("top")
		if err != nil {
			return nil, err
		}
		if _, err := p.expect("by", "top"); err != nil {
			return nil, err
		}
		keys, err := p.sortKeys("top")
		return &TopOp{Pos: pos, N: n, Keys: keys}, err
	case "take", "limit":
		n, err := p.count(t.text)
		return &TakeOp{Pos: pos, N: n}, err
	case "distinct":
		if p.accept("*") {
			return &DistinctOp{Pos: pos, Star: true}, nil
		}
		items, err := p.items("distinct")
		return &DistinctOp{Pos: pos, Items: items}, err
	case "count":
		return &CountOp{Pos: pos}, nil
	case "join":
		return p.join(pos)
	case "union":
		p.i--
		return p.union()
	case "mv-expand":
		return p.mvExpand(pos)
	case "parse":
		return p.parseOp(pos)
	case "render":
		return p.render(pos)
	}
	return nil, errorAt(p.src, pos, "unknown operator '%s', expected where, project, project-away, project-rename, extend, summarize, sort, order, top, take, limit, distinct, count, join, union, mv-expand, parse or render", t.text)
}

// items reads `[name =] expr, …`.
func (p *parser) items(context string) ([]Item, error) {
	var items []Item
	for {
		var it Item
		if (p.peek().kind == tIdent || p.is("[")) && p.isNamedItem() {
			n, npos, err := p.name(context)
			if err != nil {
				return nil, err
			}
			p.next() // =
			it.Name, it.NamePos = n, npos
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		it.Expr = e
		items = append(items, it)
		if !p.accept(",") {
			return items, nil
		}
	}
}

// isNamedItem looks ahead for `name =` or `['name'] =`.
func (p *parser) isNamedItem() bool {
	if p.is("[") {
		return p.peekN(1).kind == tString && p.peekN(2).text == "]" && p.peekN(3).text == "="
	}
	return p.peekN(1).kind == tPunct && p.peekN(1).text == "="
}

func (p *parser) count(context string) (int64, error) {
	t := p.peek()
	if t.kind != tNumber {
		return 0, p.unexpected(context, "a row count")
	}
	n, err := strconv.ParseInt(t.text, 10, 64)
	if err != nil || n < 0 {
		return 0, errorAt(p.src, t.pos, "%s needs a whole number of rows, found %s", context, t.text)
	}
	p.next()
	return n, nil
}

func (p *parser) sortKeys(context string) ([]SortKey, error) {
	var keys []SortKey
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		k := SortKey{Expr: e, Desc: true}
		if p.accept("asc") {
			k.Desc = false
		} else {
			p.accept("desc")
		}
		// Kusto puts nulls last when descending and first when ascending.
		k.NullsFirst = !k.Desc
		if p.accept("nulls") {
			switch {
			case p.accept("first"):
				k.NullsFirst = true
			case p.accept("last"):
				k.NullsFirst = false
			default:
				return nil, p.unexpected(context, "'first' or 'last'")
			}
		}
		keys = append(keys, k)
		if !p.accept(",") {
			return keys, nil
		}
	}
}

func (p *parser) summarize(pos int) (Op, error) {
	op := &SummarizeOp{Pos: pos}
	if !p.is("by") {
		aggs, err := p.items("summarize")
		if err != nil {
			return nil, err
		}
		op.Aggs = aggs
	}
	if p.accept("by") {
		by, err := p.items("summarize … by")
		if err != nil {
			return nil, err
		}
		op.By = by
	}
	if len(op.Aggs) == 0 && len(op.By) == 0 {
		return nil, p.unexpected("summarize", "an aggregation such as count() or 'by'")
	}
	return op, nil
}

// joinKinds are the kinds of join; innerunique is the default.
var joinKinds = map[string]bool{
	"innerunique": true, "inner": true, "leftouter": true, "rightouter": true, "fullouter": true,
	"leftanti": true, "rightanti": true, "leftsemi": true, "rightsemi": true,
	"leftantisemi": true, "rightantisemi": true, "anti": true,
}

func (p *parser) join(pos int) (Op, error) {
	op := &JoinOp{Pos: pos, Kind: "innerunique"}
	for p.peek().kind == tIdent && p.peekN(1).text == "=" || p.peek().kind == tIdent && strings.HasPrefix(p.peek().text, "hint") {
		key := p.next()
		if key.text == "kind" {
			p.next()
			k := p.peek()
			if k.kind != tIdent || !joinKinds[k.text] {
				return nil, p.unexpected("join kind=", "one of innerunique, inner, leftouter, rightouter, fullouter, leftanti, rightanti, leftsemi, rightsemi")
			}
			op.Kind = k.text
			p.next()
			continue
		}
		// hint.strategy=shuffle and the like change nothing offline.
		for p.accept(".") {
			if _, err := p.ident("join hint"); err != nil {
				return nil, err
			}
		}
		if _, err := p.expect("=", "join hint"); err != nil {
			return nil, err
		}
		p.next()
	}
	switch op.Kind {
	case "leftantisemi", "anti":
		op.Kind = "leftanti"
	case "rightantisemi":
		op.Kind = "rightanti"
	}
	if p.is("(") {
		p.next()
		right, err := p.pipeline()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(")", "join"); err != nil {
			return nil, err
		}
		op.Right = right
	} else {
		t, err := p.ident("join")
		if err != nil {
			return nil, err
		}
		op.Right = &Pipeline{Pos: t.pos, Source: &TableRef{Pos: t.pos, Name: t.text}}
	}
	if _, err := p.expect("on", "join"); err != nil {
		return nil, err
	}
	for {
		k := JoinKey{Pos: p.peek().pos}
		if p.is("$left") || p.is("$right") {
			a, b, err := p.joinSide()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("==", "join … on"); err != nil {
				return nil, err
			}
			c, d, err := p.joinSide()
			if err != nil {
				return nil, err
			}
			if a == c {
				return nil, errorAt(p.src, k.Pos, "join condition compares $%s with $%s, expected one side of each", a, c)
			}
			if a == "left" {
				k.Left, k.Right = b, d
			} else {
				k.Left, k.Right = d, b
			}
		} else {
			n, _, err := p.name("join … on")
			if err != nil {
				return nil, err
			}
			k.Left, k.Right = n, n
		}
		op.On = append(op.On, k)
		if !p.accept(",") && !p.accept("and") {
			return op, nil
		}
	}
}

func (p *parser) joinSide() (side, col string, err error) {
	t := p.peek()
	if t.text != "$left" && t.text != "$right" {
		return "", "", p.unexpected("join … on", "$left.column or $right.column")
	}
	p.next()
	if _, err := p.expect(".", "join … on"); err != nil {
		return "", "", err
	}
	n, _, err := p.name("join … on")
	return t.text[1:], n, err
}

func (p *parser) union() (*UnionOp, error) {
	op := &UnionOp{Pos: p.next().pos}
	for p.peek().kind == tIdent && p.peekN(1).text == "=" {
		key := p.next()
		p.next()
		switch key.text {
		case "withsource":
			n, _, err := p.name("union withsource=")
			if err != nil {
				return nil, err
			}
			op.WithSource = n
		case "kind", "isfuzzy":
			p.next() // outer/inner, true/false: the offline union is always outer
		default:
			return nil, errorAt(p.src, key.pos, "unknown union parameter '%s', expected withsource=, kind= or isfuzzy=", key.text)
		}
	}
	for {
		if p.is("(") {
			p.next()
			pl, err := p.pipeline()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect(")", "union"); err != nil {
				return nil, err
			}
			op.Tables = append(op.Tables, pl)
		} else {
			n, npos, err := p.name("union")
			if err != nil {
				return nil, err
			}
			op.Tables = append(op.Tables, &Pipeline{Pos: npos, Source: &TableRef{Pos: npos, Name: n}})
		}
		if !p.accept(",") {
			return op, nil
		}
	}
}

func (p *parser) mvExpand(pos int) (Op, error) {
	op := &MvExpandOp{Pos: pos}
	for p.peek().kind == tIdent && p.peekN(1).text == "=" && (p.peek().text == "kind" || p.peek().text == "bagexpansion" || p.peek().text == "with_itemindex") {
		return nil, errorAt(p.src, p.peek().pos, "mv-expand %s= is not supported, expected a column to expand", p.peek().text)
	}
	for {
		var it MvItem
		if p.peek().kind == tIdent && p.isNamedItem() {
			it.Name = p.next().text
			p.next()
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		it.Expr = e
		if p.accept("to") {
			if _, err := p.expect("typeof", "mv-expand … to"); err != nil {
				return nil, err
			}
			if _, err := p.expect("(", "mv-expand … to typeof"); err != nil {
				return nil, err
			}
			t, err := p.ident("typeof(…)")
			if err != nil {
				return nil, err
			}
			it.ToType = t.text
			if _, err := p.expect(")", "typeof(…)"); err != nil {
				return nil, err
			}
		}
		op.Items = append(op.Items, it)
		if !p.accept(",") {
			break
		}
	}
	if p.is("limit") {
		return nil, errorAt(p.src, p.peek().pos, "mv-expand … limit is not supported")
	}
	return op, nil
}

func (p *parser) parseOp(pos int) (Op, error) {
	op := &ParseOp{Pos: pos}
	if p.peek().text == "kind" && p.peekN(1).text == "=" {
		p.next()
		p.next()
		k, err := p.ident("parse kind=")
		if err != nil {
			return nil, err
		}
		if k.text != "simple" {
			return nil, errorAt(p.src, k.pos, "parse kind=%s is not supported, expected kind=simple", k.text)
		}
	}
	e, err := p.postfix()
	if err != nil {
		return nil, err
	}
	op.Expr = e
	if _, err := p.expect("with", "parse"); err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		switch {
		case p.is("*"):
			p.next()
			op.Parts = append(op.Parts, ParsePart{Pos: t.pos, Star: true})
		case t.kind == tString:
			p.next()
			op.Parts = append(op.Parts, ParsePart{Pos: t.pos, Lit: t.val})
		case t.kind == tIdent && !strings.HasPrefix(t.text, "!"):
			p.next()
			part := ParsePart{Pos: t.pos, Col: t.text, Type: "string"}
			if p.accept(":") {
				ty, err := p.ident("parse … with")
				if err != nil {
					return nil, err
				}
				part.Type = ty.text
			}
			op.Parts = append(op.Parts, part)
		default:
			if len(op.Parts) == 0 {
				return nil, p.unexpected("parse … with", "*, a string or a column name")
			}
			return op, nil
		}
	}
}

func (p *parser) render(pos int) (Op, error) {
	k, err := p.ident("render")
	if err != nil {
		return nil, err
	}
	op := &RenderOp{Pos: pos, Chart: query.Chart{Kind: k.text, Properties: map[string]string{}}}
	if p.accept("with") {
		if _, err := p.expect("(", "render … with"); err != nil {
			return nil, err
		}
		for !p.is(")") {
			key, err := p.ident("render … with")
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("=", "render … with"); err != nil {
				return nil, err
			}
			v := p.next()
			switch v.kind {
			case tString:
				op.Chart.Properties[key.text] = v.val
			case tEOF:
				return nil, errorAt(p.src, v.pos, "unexpected end of query in render … with, expected a value")
			default:
				op.Chart.Properties[key.text] = v.text
			}
			if !p.accept(",") {
				break
			}
		}
		if _, err := p.expect(")", "render … with"); err != nil {
			return nil, err
		}
	}
	return op, nil
}
