package insights

import (
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// parser is a recursive-descent parser over the token list of one query.
type parser struct {
	src  string
	toks []token
	i    int
}

// Parse turns a query into its AST, or returns a *query.Error saying where
// it went wrong, what was found and what was expected.
func Parse(src string) (*Pipeline, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	pl := &Pipeline{}
	for {
		cmd, err := p.command()
		if err != nil {
			return nil, err
		}
		pl.Commands = append(pl.Commands, cmd)
		switch t := p.peek(); t.Kind {
		case tokEOF:
			return pl, nil
		case tokPipe:
			p.next()
		default:
			return nil, p.errorf(t, "unexpected %s after the %s command, expected \"|\" or the end of the query", t.describe(), commandName(cmd))
		}
	}
}

// commands the parser knows; unsupported lists the service's other
// commands, so their error says "not supported" rather than "unknown".
var (
	commandNames = []string{"fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup"}
	unsupported  = []string{"source", "filterindex", "unmask", "pattern", "diff", "anomaly", "unnest", "expand", "lookup", "addtotals", "join"}
)

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.Kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) errorf(t token, format string, args ...any) error {
	return query.Errorf("insights", p.src, t.Pos, format, args...)
}

// isWord reports whether t is the unquoted word w, ignoring case.
func isWord(t token, w string) bool {
	return t.Kind == tokField && !t.Quoted && strings.EqualFold(t.Val, w)
}

func (p *parser) acceptWord(w string) bool {
	if isWord(p.peek(), w) {
		p.next()
		return true
	}
	return false
}

func (p *parser) command() (Command, error) {
	t := p.next()
	if t.Kind != tokField || t.Quoted {
		return nil, p.errorf(t, "unexpected %s, expected a command (%s)", t.describe(), strings.Join(commandNames, ", "))
	}
	var (
		cmd Command
		err error
	)
	switch strings.ToLower(t.Val) {
	case "fields":
		cmd, err = p.fieldsCmd(t)
	case "display":
		cmd, err = p.displayCmd(t)
	case "filter":
		cmd, err = p.filterCmd(t)
	case "stats":
		cmd, err = p.statsCmd(t)
	case "sort":
		cmd, err = p.sortCmd(t)
	case "limit":
		cmd, err = p.limitCmd(t)
	case "parse":
		cmd, err = p.parseCmd(t)
	case "dedup":
		cmd, err = p.dedupCmd(t)
	default:
		for _, u := range unsupported {
			if strings.EqualFold(t.Val, u) {
				return nil, p.errorf(t, "the %s command is not supported by cloudhunt, expected one of %s", t.Val, strings.Join(commandNames, ", "))
			}
		}
		return nil, p.errorf(t, "unknown command %q, expected one of %s", t.Val, strings.Join(commandNames, ", "))
	}
	return cmd, err
}

// end is the end offset of the last consumed token.
func (p *parser) end() int {
	if p.i == 0 {
		return 0
	}
	return p.toks[p.i-1].End
}

// items parses `expr [as alias], …`. A following keyword (stats' by)
// ends the list because it cannot continue an expression.
func (p *parser) items() ([]Item, error) {
	var items []Item
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		it := Item{Expr: e}
		if p.acceptWord("as") {
			a := p.next()
			if a.Kind != tokField {
				return nil, p.errorf(a, "unexpected %s after as, expected a field name", a.describe())
			}
			it.Alias = a.Val
		}
		items = append(items, it)
		if p.peek().Kind != tokComma {
			return items, nil
		}
		p.next()
	}
}

func (p *parser) fieldsCmd(kw token) (Command, error) {
	items, err := p.items()
	if err != nil {
		return nil, err
	}
	return &FieldsCmd{span: span{kw.Pos, p.end()}, Items: items}, nil
}

// fieldList parses `a, b, …` where each is a plain field name.
func (p *parser) fieldList(cmd string) ([]*FieldRef, error) {
	var out []*FieldRef
	for {
		t := p.next()
		if t.Kind != tokField {
			return nil, p.errorf(t, "unexpected %s in %s, expected a field name", t.describe(), cmd)
		}
		out = append(out, &FieldRef{span: span{t.Pos, t.End}, Name: t.Val})
		if p.peek().Kind != tokComma {
			return out, nil
		}
		p.next()
	}
}

func (p *parser) displayCmd(kw token) (Command, error) {
	fs, err := p.fieldList("display")
	if err != nil {
		return nil, err
	}
	return &DisplayCmd{span: span{kw.Pos, p.end()}, Fields: fs}, nil
}

func (p *parser) dedupCmd(kw token) (Command, error) {
	fs, err := p.fieldList("dedup")
	if err != nil {
		return nil, err
	}
	return &DedupCmd{span: span{kw.Pos, p.end()}, Fields: fs}, nil
}

func (p *parser) filterCmd(kw token) (Command, error) {
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &FilterCmd{span: span{kw.Pos, p.end()}, Cond: e}, nil
}

func (p *parser) statsCmd(kw token) (Command, error) {
	aggs, err := p.items()
	if err != nil {
		return nil, err
	}
	cmd := &StatsCmd{Aggs: aggs}
	if p.acceptWord("by") {
		if cmd.By, err = p.items(); err != nil {
			return nil, err
		}
	}
	cmd.span = span{kw.Pos, p.end()}
	return cmd, nil
}

func (p *parser) sortCmd(kw token) (Command, error) {
	cmd := &SortCmd{}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		k := SortKey{Expr: e}
		switch {
		case p.acceptWord("desc"):
			k.Desc = true
		case p.acceptWord("asc"):
		}
		cmd.Keys = append(cmd.Keys, k)
		if p.peek().Kind != tokComma {
			break
		}
		p.next()
	}
	cmd.span = span{kw.Pos, p.end()}
	return cmd, nil
}

func (p *parser) limitCmd(kw token) (Command, error) {
	t := p.next()
	n, err := strconv.Atoi(t.Val)
	if t.Kind != tokNumber || err != nil || n <= 0 {
		return nil, p.errorf(t, "unexpected %s after limit, expected a positive whole number", t.describe())
	}
	return &LimitCmd{span: span{kw.Pos, t.End}, N: n}, nil
}

// parseCmd: parse [field] "glob" as a, b | parse [field] /regex/.
// Without a field the pattern applies to @message.
func (p *parser) parseCmd(kw token) (Command, error) {
	cmd := &ParseCmd{}
	if t := p.peek(); t.Kind == tokString || t.Kind == tokRegex {
		cmd.Field = &FieldRef{span: span{t.Pos, t.Pos}, Name: "@message"}
	} else {
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		cmd.Field = e
	}
	t := p.next()
	cmd.PatPos = t.Pos
	switch t.Kind {
	case tokString:
		cmd.Pattern = t.Val
		if !p.acceptWord("as") {
			n := p.peek()
			return nil, p.errorf(n, "unexpected %s after the parse pattern, expected as and the names of the fields to extract", n.describe())
		}
		fs, err := p.fieldList("parse")
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			cmd.Names = append(cmd.Names, f.Name)
		}
		if want := strings.Count(cmd.Pattern, "*"); want != len(cmd.Names) {
			return nil, p.errorf(t, "the parse pattern has %d * but %d names follow as, expected one name per *", want, len(cmd.Names))
		}
	case tokRegex:
		cmd.Pattern = t.Val
		cmd.Regex = true
	default:
		return nil, p.errorf(t, "unexpected %s in parse, expected a pattern: a string with * or a /regular expression/", t.describe())
	}
	cmd.span = span{kw.Pos, p.end()}
	return cmd, nil
}

// Expressions, lowest precedence first: or, and, not, comparison,
// + -, * / %, ^, unary minus, primary.

func (p *parser) expr() (Expr, error) { return p.or() }

func (p *parser) or() (Expr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.acceptWord("or") {
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = binary("or", l, r)
	}
	return l, nil
}

func (p *parser) and() (Expr, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	for p.acceptWord("and") {
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		l = binary("and", l, r)
	}
	return l, nil
}

func (p *parser) not() (Expr, error) {
	t := p.peek()
	if isWord(t, "not") {
		p.next()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		_, end := x.Span()
		return &Unary{span: span{t.Pos, end}, Op: "not", X: x}, nil
	}
	return p.compare()
}

func binary(op string, l, r Expr) *Binary {
	pos, _ := l.Span()
	_, end := r.Span()
	return &Binary{span: span{pos, end}, Op: op, L: l, R: r}
}

func (p *parser) compare() (Expr, error) {
	l, err := p.additive()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	op := ""
	switch {
	case t.Kind == tokOp && (t.Val == "=" || t.Val == "=="):
		op = "="
	case t.Kind == tokOp && (t.Val == "=~" || t.Val == "~="):
		op = "=~"
	case t.Kind == tokOp && (t.Val == "!=" || t.Val == "<" || t.Val == "<=" || t.Val == ">" || t.Val == ">="):
		op = t.Val
	case isWord(t, "like"):
		op = "like"
	case isWord(t, "in"):
		op = "in"
	case isWord(t, "not") && (isWord(p.toks[p.i+1], "like") || isWord(p.toks[p.i+1], "in")):
		p.next()
		op = "not " + strings.ToLower(p.peek().Val)
	default:
		return l, nil
	}
	p.next()
	if op == "in" || op == "not in" {
		lt := p.peek()
		if lt.Kind != tokLBracket {
			return nil, p.errorf(lt, "unexpected %s after %s, expected a list such as [\"a\", \"b\"]", lt.describe(), op)
		}
		r, err := p.primary()
		if err != nil {
			return nil, err
		}
		return binary(op, l, r), nil
	}
	r, err := p.additive()
	if err != nil {
		return nil, err
	}
	return binary(op, l, r), nil
}

func (p *parser) additive() (Expr, error) {
	l, err := p.multiplicative()
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t.Kind == tokOp && (t.Val == "+" || t.Val == "-"); t = p.peek() {
		p.next()
		r, err := p.multiplicative()
		if err != nil {
			return nil, err
		}
		l = binary(t.Val, l, r)
	}
	return l, nil
}

func (p *parser) multiplicative() (Expr, error) {
	l, err := p.power()
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t.Kind == tokOp && (t.Val == "*" || t.Val == "/" || t.Val == "%"); t = p.peek() {
		p.next()
		r, err := p.power()
		if err != nil {
			return nil, err
		}
		l = binary(t.Val, l, r)
	}
	return l, nil
}

func (p *parser) power() (Expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.Kind == tokOp && t.Val == "^" {
		p.next()
		r, err := p.power()
		if err != nil {
			return nil, err
		}
		return binary("^", l, r), nil
	}
	return l, nil
}

func (p *parser) unary() (Expr, error) {
	t := p.peek()
	if t.Kind == tokOp && t.Val == "-" {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		_, end := x.Span()
		return &Unary{span: span{t.Pos, end}, Op: "-", X: x}, nil
	}
	return p.primary()
}

func (p *parser) primary() (Expr, error) {
	t := p.next()
	sp := span{t.Pos, t.End}
	switch t.Kind {
	case tokString:
		return &StringLit{span: sp, Val: t.Val}, nil
	case tokNumber:
		if _, err := strconv.ParseFloat(t.Val, 64); err != nil {
			return nil, p.errorf(t, "malformed number %q, expected digits with at most one decimal point", t.Val)
		}
		return &NumberLit{span: sp, Val: t.Val}, nil
	case tokRegex:
		return &RegexLit{span: sp, Pattern: t.Val}, nil
	case tokDuration:
		return &DurationLit{span: sp, Val: t.Val}, nil
	case tokLParen:
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.Kind != tokRParen {
			line, col := query.Position(p.src, t.Pos)
			return nil, p.errorf(c, "unexpected %s, expected \")\" to close the \"(\" at %d:%d", c.describe(), line, col)
		}
		return e, nil
	case tokLBracket:
		l := &ListLit{}
		for p.peek().Kind != tokRBracket {
			e, err := p.additive()
			if err != nil {
				return nil, err
			}
			l.Elems = append(l.Elems, e)
			if p.peek().Kind != tokComma {
				break
			}
			p.next()
		}
		if c := p.next(); c.Kind != tokRBracket {
			return nil, p.errorf(c, "unexpected %s in a list, expected \",\" or \"]\"", c.describe())
		}
		l.span = span{t.Pos, p.end()}
		return l, nil
	case tokField:
		if p.peek().Kind == tokLParen && !t.Quoted {
			return p.call(t)
		}
		return &FieldRef{span: sp, Name: t.Val}, nil
	}
	return nil, p.errorf(t, "unexpected %s, expected a field, a value or a function call", t.describe())
}

func (p *parser) call(name token) (Expr, error) {
	p.next() // (
	c := &Call{Name: name.Val}
	if t := p.peek(); t.Kind == tokOp && t.Val == "*" && p.toks[p.i+1].Kind == tokRParen {
		p.next()
		c.Star = true
	}
	for !c.Star && p.peek().Kind != tokRParen {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, e)
		if p.peek().Kind != tokComma {
			break
		}
		p.next()
	}
	if t := p.next(); t.Kind != tokRParen {
		return nil, p.errorf(t, "unexpected %s in the arguments of %s, expected \",\" or \")\"", t.describe(), name.Val)
	}
	c.span = span{name.Pos, p.end()}
	return c, nil
}

func commandName(c Command) string {
	switch c.(type) {
	case *FieldsCmd:
		return "fields"
	case *DisplayCmd:
		return "display"
	case *FilterCmd:
		return "filter"
	case *StatsCmd:
		return "stats"
	case *SortCmd:
		return "sort"
	case *LimitCmd:
		return "limit"
	case *ParseCmd:
		return "parse"
	case *DedupCmd:
		return "dedup"
	}
	return "?"
}
