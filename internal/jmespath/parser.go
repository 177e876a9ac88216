package jmespath

import "fmt"

// bindingPower is how strongly each token binds to what is on its left, as
// in Python jmespath's Pratt parser. Tokens below projectionStop end a
// projection's right-hand side.
var bindingPower = map[tokenKind]int{
	tokEOF: 0, tokUnquotedIdentifier: 0, tokQuotedIdentifier: 0, tokLiteral: 0,
	tokRbracket: 0, tokRparen: 0, tokComma: 0, tokRbrace: 0, tokNumber: 0,
	tokCurrent: 0, tokExpref: 0, tokColon: 0,
	tokPipe: 1, tokOr: 2, tokAnd: 3,
	tokEq: 5, tokGt: 5, tokLt: 5, tokGte: 5, tokLte: 5, tokNe: 5,
	tokFlatten: 9,
	tokStar:    20, tokFilter: 21, tokDot: 40, tokNot: 45, tokLbrace: 50,
	tokLbracket: 55, tokLparen: 60,
}

const projectionStop = 10

// parser is a top-down operator precedence parser over the token list.
type parser struct {
	src  string
	toks []token
	i    int
}

func parse(src string) (*node, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	root, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if t := p.tok(0); t.kind != tokEOF {
		return nil, p.errorAt(t, fmt.Sprintf("Unexpected token: %s", pyStr(t.value)))
	}
	return root, nil
}

// tok is the token n places ahead (the end token past the end).
func (p *parser) tok(n int) token {
	if i := p.i + n; i >= 0 && i < len(p.toks) {
		return p.toks[i]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) current() tokenKind { return p.tok(0).kind }

func (p *parser) advance() { p.i++ }

func (p *parser) errorAt(t token, msg string) error {
	return newSyntaxError(formParse, p.src, t.start, t, msg)
}

// incomplete is Python's IncompleteExpressionError: it always points at
// the end of the expression.
func (p *parser) incomplete() error {
	return newSyntaxError(formIncomplete, p.src, len(p.src), token{kind: tokEOF, value: ""}, "")
}

// match consumes a token of kind k or fails.
func (p *parser) match(k tokenKind) error {
	if p.current() == k {
		p.advance()
		return nil
	}
	return p.expected(k.String())
}

// expected fails at the current token; expected is Python's rendering of
// what was wanted (a type name, or a list of them).
func (p *parser) expected(expected string) error {
	t := p.tok(0)
	if t.kind == tokEOF {
		return p.incomplete()
	}
	return p.errorAt(t, fmt.Sprintf("Expecting: %s, got: %s", expected, t.kind))
}

// expression parses while the next token binds tighter than rbp.
func (p *parser) expression(rbp int) (*node, error) {
	left := p.tok(0)
	p.advance()
	n, err := p.nud(left)
	if err != nil {
		return nil, err
	}
	for rbp < bindingPower[p.current()] {
		t := p.tok(0)
		if !hasLed(t.kind) {
			return nil, p.errorAt(t, "invalid token")
		}
		p.advance()
		if n, err = p.led(t, n); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// nud parses a token that starts an expression.
func (p *parser) nud(t token) (*node, error) {
	switch t.kind {
	case tokLiteral:
		return &node{kind: nodeLiteral, value: t.value}, nil
	case tokUnquotedIdentifier:
		return &node{kind: nodeField, name: t.value.(string)}, nil
	case tokQuotedIdentifier:
		if p.current() == tokLparen {
			// Python reports this one at column 0.
			e := p.errorAt(p.tok(0), "Quoted identifier not allowed for function names.").(*SyntaxError)
			e.Offset, e.Column = 0, 0
			return nil, e
		}
		return &node{kind: nodeField, name: t.value.(string)}, nil
	case tokStar:
		right := newNode(nodeIdentity)
		if p.current() != tokRbracket {
			var err error
			if right, err = p.projectionRHS(bindingPower[tokStar]); err != nil {
				return nil, err
			}
		}
		return newNode(nodeValueProjection, newNode(nodeIdentity), right), nil
	case tokFilter:
		return p.filter(newNode(nodeIdentity))
	case tokLbrace:
		return p.multiSelectHash()
	case tokLparen:
		n, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		return n, p.match(tokRparen)
	case tokFlatten:
		right, err := p.projectionRHS(bindingPower[tokFlatten])
		if err != nil {
			return nil, err
		}
		return newNode(nodeProjection, newNode(nodeFlatten, newNode(nodeIdentity)), right), nil
	case tokNot:
		n, err := p.expression(bindingPower[tokNot])
		if err != nil {
			return nil, err
		}
		return newNode(nodeNot, n), nil
	case tokLbracket:
		switch {
		case p.current() == tokNumber || p.current() == tokColon:
			right, err := p.indexExpression()
			if err != nil {
				return nil, err
			}
			return p.projectIfSlice(newNode(nodeIdentity), right)
		case p.current() == tokStar && p.tok(1).kind == tokRbracket:
			p.advance()
			p.advance()
			right, err := p.projectionRHS(bindingPower[tokStar])
			if err != nil {
				return nil, err
			}
			return newNode(nodeProjection, newNode(nodeIdentity), right), nil
		}
		return p.multiSelectList()
	case tokCurrent:
		return newNode(nodeCurrent), nil
	case tokExpref:
		n, err := p.expression(bindingPower[tokExpref])
		if err != nil {
			return nil, err
		}
		return newNode(nodeExpref, n), nil
	case tokEOF:
		return nil, p.incomplete()
	}
	return nil, p.errorAt(t, "invalid token")
}

// hasLed reports whether a token can continue an expression on its left.
func hasLed(k tokenKind) bool {
	switch k {
	case tokDot, tokPipe, tokOr, tokAnd, tokLparen, tokFilter, tokEq, tokNe,
		tokGt, tokGte, tokLt, tokLte, tokFlatten, tokLbracket:
		return true
	}
	return false
}

// led parses token t that continues the expression left.
func (p *parser) led(t token, left *node) (*node, error) {
	switch t.kind {
	case tokDot:
		if p.current() != tokStar {
			right, err := p.dotRHS(bindingPower[tokDot])
			if err != nil {
				return nil, err
			}
			if left.kind == nodeSubexpression {
				left.children = append(left.children, right)
				return left, nil
			}
			return newNode(nodeSubexpression, left, right), nil
		}
		p.advance()
		right, err := p.projectionRHS(bindingPower[tokDot])
		if err != nil {
			return nil, err
		}
		return newNode(nodeValueProjection, left, right), nil
	case tokPipe, tokOr, tokAnd:
		right, err := p.expression(bindingPower[t.kind])
		if err != nil {
			return nil, err
		}
		kind := map[tokenKind]nodeKind{tokPipe: nodePipe, tokOr: nodeOr, tokAnd: nodeAnd}[t.kind]
		return newNode(kind, left, right), nil
	case tokLparen:
		return p.functionCall(left)
	case tokFilter:
		return p.filter(left)
	case tokEq, tokNe, tokGt, tokGte, tokLt, tokLte:
		right, err := p.expression(bindingPower[t.kind])
		if err != nil {
			return nil, err
		}
		return &node{kind: nodeComparator, op: t.kind, children: []*node{left, right}}, nil
	case tokFlatten:
		right, err := p.projectionRHS(bindingPower[tokFlatten])
		if err != nil {
			return nil, err
		}
		return newNode(nodeProjection, newNode(nodeFlatten, left), right), nil
	case tokLbracket:
		if p.current() == tokNumber || p.current() == tokColon {
			right, err := p.indexExpression()
			if err != nil {
				return nil, err
			}
			if left.kind == nodeIndexExpression {
				left.children = append(left.children, right)
				return left, nil
			}
			return p.projectIfSlice(left, right)
		}
		if err := p.match(tokStar); err != nil {
			return nil, err
		}
		if err := p.match(tokRbracket); err != nil {
			return nil, err
		}
		right, err := p.projectionRHS(bindingPower[tokStar])
		if err != nil {
			return nil, err
		}
		return newNode(nodeProjection, left, right), nil
	}
	return nil, p.errorAt(t, "invalid token")
}

// functionCall parses the arguments of name(…); left must be a plain name.
func (p *parser) functionCall(left *node) (*node, error) {
	if left.kind != nodeField {
		prev := p.tok(-2)
		return nil, p.errorAt(prev, fmt.Sprintf("Invalid function name '%s'", pyStr(prev.value)))
	}
	fn := &node{kind: nodeFunction, name: left.name}
	// As in Python, a missing comma between arguments is not an error.
	for p.current() != tokRparen {
		arg, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		if p.current() == tokComma {
			p.advance()
		}
		fn.children = append(fn.children, arg)
	}
	return fn, p.match(tokRparen)
}

// filter parses the rest of left[?condition]…
func (p *parser) filter(left *node) (*node, error) {
	cond, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if err := p.match(tokRbracket); err != nil {
		return nil, err
	}
	right := newNode(nodeIdentity)
	if p.current() != tokFlatten {
		if right, err = p.projectionRHS(bindingPower[tokFilter]); err != nil {
			return nil, err
		}
	}
	return newNode(nodeFilterProjection, left, right, cond), nil
}

// indexExpression parses [n] or a slice, after the [.
func (p *parser) indexExpression() (*node, error) {
	if p.tok(0).kind == tokColon || p.tok(1).kind == tokColon {
		return p.sliceExpression()
	}
	n := &node{kind: nodeIndex, index: p.tok(0).num}
	p.advance()
	return n, p.match(tokRbracket)
}

// sliceExpression parses [start:stop:step], each part optional.
func (p *parser) sliceExpression() (*node, error) {
	n := &node{kind: nodeSlice}
	part := 0
	for p.current() != tokRbracket && part < 3 {
		switch p.current() {
		case tokColon:
			part++
			if part == 3 {
				return nil, p.errorAt(p.tok(0), "syntax error")
			}
			p.advance()
		case tokNumber:
			v := p.tok(0).num
			n.slice[part] = &v
			p.advance()
		default:
			return nil, p.errorAt(p.tok(0), "syntax error")
		}
	}
	return n, p.match(tokRbracket)
}

// projectIfSlice makes left[slice] a projection; left[n] stays an index.
func (p *parser) projectIfSlice(left, right *node) (*node, error) {
	ix := newNode(nodeIndexExpression, left, right)
	if right.kind != nodeSlice {
		return ix, nil
	}
	rhs, err := p.projectionRHS(bindingPower[tokStar])
	if err != nil {
		return nil, err
	}
	return newNode(nodeProjection, ix, rhs), nil
}

func (p *parser) multiSelectList() (*node, error) {
	list := newNode(nodeMultiSelectList)
	for {
		n, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		list.children = append(list.children, n)
		if p.current() == tokRbracket {
			break
		}
		if err := p.match(tokComma); err != nil {
			return nil, err
		}
	}
	return list, p.match(tokRbracket)
}

func (p *parser) multiSelectHash() (*node, error) {
	hash := newNode(nodeMultiSelectHash)
	for {
		key := p.tok(0)
		if key.kind != tokQuotedIdentifier && key.kind != tokUnquotedIdentifier {
			return nil, p.expected("['quoted_identifier', 'unquoted_identifier']")
		}
		p.advance()
		if err := p.match(tokColon); err != nil {
			return nil, err
		}
		n, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		hash.keys = append(hash.keys, key.value.(string))
		hash.children = append(hash.children, n)
		if p.current() == tokComma {
			p.advance()
		} else if p.current() == tokRbrace {
			p.advance()
			break
		}
	}
	return hash, nil
}

// projectionRHS parses what a projection applies to each element.
func (p *parser) projectionRHS(rbp int) (*node, error) {
	switch {
	case bindingPower[p.current()] < projectionStop:
		return newNode(nodeIdentity), nil
	case p.current() == tokLbracket, p.current() == tokFilter:
		return p.expression(rbp)
	case p.current() == tokDot:
		p.advance()
		return p.dotRHS(rbp)
	}
	return nil, p.errorAt(p.tok(0), "syntax error")
}

// dotRHS parses what may follow a dot: a name, a multiselect or a function.
func (p *parser) dotRHS(rbp int) (*node, error) {
	switch p.current() {
	case tokQuotedIdentifier, tokUnquotedIdentifier, tokStar:
		return p.expression(rbp)
	case tokLbracket:
		p.advance()
		return p.multiSelectList()
	case tokLbrace:
		p.advance()
		return p.multiSelectHash()
	}
	t := p.tok(0)
	return nil, p.errorAt(t, fmt.Sprintf("Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: %s", t.kind))
}
