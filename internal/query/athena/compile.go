// Package athena runs Amazon Athena (Trino dialect) SQL, as the playbook
// writes it, on a case: a lexer and a recursive-descent parser build a
// syntax tree of the SELECT subset, and the compiler prints it as one
// DuckDB query over CTEs that present the case tables as Athena's tables
// (vpc_flow_logs, cloudtrail_logs) with Athena's column names and types.
package athena

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// Compile turns an Athena query into DuckDB SQL over the case described by
// schema. Errors are *query.Error with Lang "athena" and a position.
func Compile(text string, schema query.Schema) (out *query.Compiled, err error) {
	defer func() {
		// A bug here must not take the whole program down with it.
		if p := recover(); p != nil {
			out, err = nil, &query.Error{Lang: lang, Msg: fmt.Sprintf("internal error compiling the query: %v", p)}
		}
	}()
	q, err := parse(text)
	if err != nil {
		return nil, err
	}
	c := &compiler{src: text, schema: schema, cteNames: map[string]string{}, userNames: map[string]bool{}}
	collectWithNames(q, c.userNames)
	with, body, cols, err := c.query(q, nil, nil)
	if err != nil {
		return nil, err
	}
	// The Athena tables come first, so the user's WITH queries can read them.
	var ctes []string
	for _, t := range athenaTables {
		if name, ok := c.cteNames[t.name]; ok {
			ctes = append(ctes, query.Ident(name)+" AS ("+t.cteSQL(schema)+")")
		}
	}
	ctes = append(ctes, with...)
	sql := body
	if len(ctes) > 0 {
		sql = "WITH " + strings.Join(ctes, ", ") + " " + body
	}
	out = &query.Compiled{SQL: sql}
	for _, col := range cols {
		out.Columns = append(out.Columns, query.Column{Name: col.name, Type: col.t.String()})
	}
	return out, nil
}

// compiler holds what one compilation shares.
type compiler struct {
	src       string
	schema    query.Schema
	cteNames  map[string]string // Athena table → name of the CTE that defines it
	userNames map[string]bool   // every WITH name the query defines
	aliases   int               // for naming derived tables
}

func (c *compiler) errorf(pos int, format string, args ...any) error {
	return query.Errorf(lang, c.src, pos, format, args...)
}

// column is a column a relation or a query offers.
type column struct {
	name string
	t    *typ
}

// rel is a relation in a FROM clause: its alias and columns.
type rel struct {
	alias string // as the query names it ("" for a derived table without alias)
	sql   string // the alias in the SQL
	cols  []column
}

// scope is the relations of a FROM clause; parent is the enclosing
// query's scope, for correlated subqueries.
type scope struct {
	rels   []*rel
	parent *scope
}

// withEnv is the WITH queries visible at a point, innermost first.
type withEnv struct {
	names  map[string][]column
	parent *withEnv
}

func (w *withEnv) lookup(name string) ([]column, bool) {
	for ; w != nil; w = w.parent {
		if cols, ok := w.names[name]; ok {
			return cols, true
		}
	}
	return nil, false
}

func collectWithNames(q *Query, names map[string]bool) {
	for _, cte := range q.With {
		names[cte.Name] = true
		collectWithNames(cte.Query, names)
	}
}

// query compiles q. The WITH items are returned apart so that the top
// level can put the Athena tables' CTEs before them.
func (c *compiler) query(q *Query, env *withEnv, outer *scope) (with []string, body string, cols []column, err error) {
	if len(q.With) > 0 {
		env = &withEnv{names: map[string][]column{}, parent: env}
		for _, cte := range q.With {
			if _, dup := env.names[cte.Name]; dup {
				return nil, "", nil, c.errorf(cte.Pos, "WITH query %s is defined twice", cte.Name)
			}
			sql, cols, err := c.subquery(cte.Query, env, outer)
			if err != nil {
				return nil, "", nil, err
			}
			env.names[cte.Name] = cols
			with = append(with, query.Ident(cte.Name)+" AS ("+sql+")")
		}
	}
	var b strings.Builder
	if sel, ok := q.Body.(*Select); ok {
		// ORDER BY of a plain SELECT may name its input columns too.
		sql, out, err := c.selectStmt(sel, env, outer, q.OrderBy)
		if err != nil {
			return nil, "", nil, err
		}
		b.WriteString(sql)
		cols = out
	} else {
		sql, out, err := c.body(q.Body, env, outer)
		if err != nil {
			return nil, "", nil, err
		}
		b.WriteString(sql)
		cols = out
		if len(q.OrderBy) > 0 {
			order, err := c.orderByOutput(q.OrderBy, cols)
			if err != nil {
				return nil, "", nil, err
			}
			b.WriteString(" ORDER BY " + order)
		}
	}
	if q.Limit != nil {
		b.WriteString(" LIMIT " + q.Limit.Text)
	}
	if q.Offset != nil {
		b.WriteString(" OFFSET " + q.Offset.Text)
	}
	return with, b.String(), cols, nil
}

// subquery compiles a nested query into one SQL text.
func (c *compiler) subquery(q *Query, env *withEnv, outer *scope) (string, []column, error) {
	with, body, cols, err := c.query(q, env, outer)
	if err != nil {
		return "", nil, err
	}
	if len(with) > 0 {
		body = "WITH " + strings.Join(with, ", ") + " " + body
	}
	return body, cols, nil
}

// body compiles a query body: a SELECT, a set operation or a nested query.
func (c *compiler) body(b queryBody, env *withEnv, outer *scope) (string, []column, error) {
	switch b := b.(type) {
	case *Select:
		return c.selectStmt(b, env, outer, nil)
	case *Query:
		sql, cols, err := c.subquery(b, env, outer)
		return "(" + sql + ")", cols, err
	case *SetOp:
		left, lcols, err := c.body(b.Left, env, outer)
		if err != nil {
			return "", nil, err
		}
		right, rcols, err := c.body(b.Right, env, outer)
		if err != nil {
			return "", nil, err
		}
		if len(lcols) != len(rcols) {
			return "", nil, c.errorf(b.Pos, "%s of queries with different numbers of columns: found %d on the left and %d on the right", b.Op, len(lcols), len(rcols))
		}
		cols := make([]column, len(lcols))
		for i := range lcols {
			t := commonType(lcols[i].t, rcols[i].t)
			if t == nil {
				return "", nil, c.errorf(b.Pos, "column %d of %s has type %s on the left and %s on the right, expected compatible types", i+1, b.Op, lcols[i].t, rcols[i].t)
			}
			cols[i] = column{name: lcols[i].name, t: t}
		}
		op := b.Op
		if b.All {
			op += " ALL"
		}
		return wrapSetOperand(b.Left, left) + " " + op + " " + wrapSetOperand(b.Right, right), cols, nil
	}
	return "", nil, fmt.Errorf("athena: unexpected query body %T", b)
}

// wrapSetOperand parenthesises set-operation operands other than a plain
// SELECT, so that DuckDB groups them as the query did.
func wrapSetOperand(b queryBody, sql string) string {
	if _, ok := b.(*SetOp); ok {
		return "(" + sql + ")"
	}
	return sql
}

// outputName is the name Athena gives a select item: its alias, the
// column or field it reads, or _col<position>.
func outputName(item *SelectItem, index int) string {
	if item.HasAlias {
		return item.Alias
	}
	switch e := item.Expr.(type) {
	case *Name:
		return e.Parts[len(e.Parts)-1]
	case *Field:
		return e.Name
	}
	return "_col" + strconv.Itoa(index)
}

// selectStmt compiles one SELECT with the ORDER BY of its query.
func (c *compiler) selectStmt(s *Select, env *withEnv, outer *scope, orderBy []*OrderItem) (string, []column, error) {
	sc := &scope{parent: outer}
	var from string
	if s.From != nil {
		var err error
		if from, err = c.relation(s.From, env, sc); err != nil {
			return "", nil, err
		}
	}
	// Select list: stars expand to the relations' columns.
	var items []string
	var cols []column
	for _, item := range s.Items {
		if item.Star {
			rels := sc.rels
			if item.Qualifier != "" {
				rels = nil
				for _, r := range sc.rels {
					if r.alias == item.Qualifier {
						rels = append(rels, r)
					}
				}
				if len(rels) == 0 {
					return "", nil, c.errorf(item.Pos, "found %s.*, but no table in FROM is named %s", item.Qualifier, item.Qualifier)
				}
			}
			if len(rels) == 0 {
				return "", nil, c.errorf(item.Pos, "found SELECT * without a FROM clause, expected a table to read")
			}
			for _, r := range rels {
				for _, col := range r.cols {
					items = append(items, query.Ident(r.sql)+"."+query.Ident(col.name)+" AS "+query.Ident(col.name))
					cols = append(cols, col)
				}
			}
			continue
		}
		e, err := c.expr(item.Expr, sc, env, ctxSelect)
		if err != nil {
			return "", nil, err
		}
		name := outputName(item, len(cols))
		items = append(items, e.sql+" AS "+query.Ident(name))
		cols = append(cols, column{name: name, t: e.t})
	}

	var b strings.Builder
	b.WriteString("SELECT ")
	if s.Distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(strings.Join(items, ", "))
	if from != "" {
		b.WriteString(" FROM " + from)
	}
	if s.Where != nil {
		e, err := c.expr(s.Where, sc, env, ctxWhere)
		if err != nil {
			return "", nil, err
		}
		if err := c.wantBoolean(s.Where, e, "WHERE"); err != nil {
			return "", nil, err
		}
		b.WriteString(" WHERE " + e.sql)
	}
	if len(s.GroupBy) > 0 {
		var groups []string
		for _, g := range s.GroupBy {
			if n, ok := ordinal(g); ok {
				if n < 1 || n > len(cols) {
					return "", nil, c.errorf(g.exprPos(), "GROUP BY position %d is not in the select list, expected 1 to %d", n, len(cols))
				}
				groups = append(groups, strconv.Itoa(n))
				continue
			}
			e, err := c.expr(g, sc, env, ctxGroupBy)
			if err != nil {
				return "", nil, err
			}
			groups = append(groups, e.sql)
		}
		b.WriteString(" GROUP BY " + strings.Join(groups, ", "))
	}
	if s.Having != nil {
		e, err := c.expr(s.Having, sc, env, ctxSelect)
		if err != nil {
			return "", nil, err
		}
		if err := c.wantBoolean(s.Having, e, "HAVING"); err != nil {
			return "", nil, err
		}
		b.WriteString(" HAVING " + e.sql)
	}
	if len(orderBy) > 0 {
		var order []string
		for _, item := range orderBy {
			key, err := c.orderKey(item, cols, func(e Expr) (string, error) {
				ce, err := c.expr(e, sc, env, ctxSelect)
				return ce.sql, err
			})
			if err != nil {
				return "", nil, err
			}
			order = append(order, key+orderSuffix(item))
		}
		b.WriteString(" ORDER BY " + strings.Join(order, ", "))
	}
	return b.String(), cols, nil
}

// ordinal reports whether e is a select-list position (GROUP BY 1).
func ordinal(e Expr) (int, bool) {
	lit, ok := e.(*Literal)
	if !ok || lit.Kind != LitNumber {
		return 0, false
	}
	n, err := strconv.Atoi(lit.Text)
	if err != nil {
		return -1, true
	}
	return n, true
}

// orderKey prints one ORDER BY key: a position, a name of an output
// column (both printed as the position), or an expression over the input.
func (c *compiler) orderKey(item *OrderItem, cols []column, input func(Expr) (string, error)) (string, error) {
	if n, ok := ordinal(item.Expr); ok {
		if n < 1 || n > len(cols) {
			return "", c.errorf(item.Expr.exprPos(), "ORDER BY position %d is not in the select list, expected 1 to %d", n, len(cols))
		}
		return strconv.Itoa(n), nil
	}
	if name, ok := item.Expr.(*Name); ok && len(name.Parts) == 1 {
		var matches []int
		for i, col := range cols {
			if col.name == name.Parts[0] {
				matches = append(matches, i+1)
			}
		}
		if len(matches) > 1 {
			return "", c.errorf(name.Pos, "ORDER BY %s is ambiguous: the select list has %d columns named %s", name.Parts[0], len(matches), name.Parts[0])
		}
		if len(matches) == 1 {
			return strconv.Itoa(matches[0]), nil
		}
	}
	if input == nil {
		return "", c.errorf(item.Expr.exprPos(), "ORDER BY of a set operation must name an output column or a position: found an expression, expected one of %s", names(cols))
	}
	return input(item.Expr)
}

// orderSuffix prints the direction and Trino's null ordering (NULLS LAST
// unless asked otherwise, in both directions).
func orderSuffix(item *OrderItem) string {
	s := " ASC"
	if item.Desc {
		s = " DESC"
	}
	if item.NullsFirst != nil && *item.NullsFirst {
		return s + " NULLS FIRST"
	}
	return s + " NULLS LAST"
}

// orderByOutput compiles ORDER BY over a set operation's output columns.
func (c *compiler) orderByOutput(items []*OrderItem, cols []column) (string, error) {
	var order []string
	for _, item := range items {
		key, err := c.orderKey(item, cols, nil)
		if err != nil {
			return "", err
		}
		order = append(order, key+orderSuffix(item))
	}
	return strings.Join(order, ", "), nil
}

func names(cols []column) string {
	out := make([]string, len(cols))
	for i, col := range cols {
		out[i] = col.name
	}
	return strings.Join(out, ", ")
}

// relation compiles a FROM item and adds its relations to sc.
func (c *compiler) relation(r relation, env *withEnv, sc *scope) (string, error) {
	switch r := r.(type) {
	case *TableRef:
		alias := r.Alias
		if alias == "" {
			alias = r.Name
		}
		if err := c.checkAlias(sc, alias, r.Pos); err != nil {
			return "", err
		}
		if cols, ok := env.lookup(r.Name); ok {
			sc.rels = append(sc.rels, &rel{alias: alias, sql: alias, cols: cols})
			return query.Ident(r.Name) + " AS " + query.Ident(alias), nil
		}
		t := lookupTable(r.Name)
		if t == nil {
			return "", c.errorf(r.Pos, "table %s does not exist, expected one of: %s", r.Name, strings.Join(Tables(), ", "))
		}
		if c.schema != nil && c.schema.Table(t.base) == nil {
			return "", c.errorf(r.Pos, "table %s reads the case table %s, which this case does not have", r.Name, t.base)
		}
		cols := make([]column, len(t.columns))
		for i, col := range t.columns {
			cols[i] = column{name: col.name, t: col.t}
		}
		sc.rels = append(sc.rels, &rel{alias: alias, sql: alias, cols: cols})
		return query.Ident(c.cteName(t.name)) + " AS " + query.Ident(alias), nil
	case *SubqueryRef:
		sql, cols, err := c.subquery(r.Query, env, sc.parent)
		if err != nil {
			return "", err
		}
		alias := r.Alias
		sqlAlias := alias
		if alias == "" {
			c.aliases++
			sqlAlias = "_subquery" + strconv.Itoa(c.aliases)
		} else if err := c.checkAlias(sc, alias, r.Pos); err != nil {
			return "", err
		}
		sc.rels = append(sc.rels, &rel{alias: alias, sql: sqlAlias, cols: cols})
		return "(" + sql + ") AS " + query.Ident(sqlAlias), nil
	case *Join:
		left, err := c.relation(r.Left, env, sc)
		if err != nil {
			return "", err
		}
		right, err := c.relation(r.Right, env, sc)
		if err != nil {
			return "", err
		}
		sql := left + " " + r.Kind + " JOIN " + right
		switch {
		case r.On != nil:
			e, err := c.expr(r.On, sc, env, ctxWhere)
			if err != nil {
				return "", err
			}
			if err := c.wantBoolean(r.On, e, "ON"); err != nil {
				return "", err
			}
			sql += " ON " + e.sql
		case r.Using != nil:
			quoted := make([]string, len(r.Using))
			for i, u := range r.Using {
				quoted[i] = query.Ident(u)
			}
			sql += " USING (" + strings.Join(quoted, ", ") + ")"
		}
		return sql, nil
	}
	return "", fmt.Errorf("athena: unexpected relation %T", r)
}

func (c *compiler) checkAlias(sc *scope, alias string, pos int) error {
	for _, r := range sc.rels {
		if r.alias == alias {
			return c.errorf(pos, "table name %s appears twice in FROM, expected an alias to tell them apart", alias)
		}
	}
	return nil
}

// cteName is the CTE that defines an Athena table: a name no WITH query
// of the user takes.
func (c *compiler) cteName(table string) string {
	if name, ok := c.cteNames[table]; ok {
		return name
	}
	name := "_athena_" + table
	for n := 2; c.userNames[name]; n++ {
		name = "_athena_" + table + "_" + strconv.Itoa(n)
	}
	c.cteNames[table] = name
	return name
}
