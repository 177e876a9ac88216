package jmespath

// nodeKind is an AST node's type; the kinds are Python jmespath's.
type nodeKind int

const (
	nodeIdentity         nodeKind = iota // the value itself (an implicit @)
	nodeCurrent                          // @
	nodeField                            // name: value of key name in an object
	nodeLiteral                          // `json` or 'raw'
	nodeSubexpression                    // a.b.c: each child applied to the previous result
	nodeIndexExpression                  // a[0][1]: like subexpression
	nodeIndex                            // [n] on an array
	nodeSlice                            // [start:stop:step] on an array
	nodeProjection                       // children[0] then children[1] on each element of the array
	nodeValueProjection                  // the same over an object's values (a.*, *)
	nodeFilterProjection                 // children[0][?children[2]] then children[1] on the kept elements
	nodeFlatten                          // children[0][]
	nodeMultiSelectList                  // [a, b]
	nodeMultiSelectHash                  // {k: a, …}; keys in order
	nodeComparator                       // children[0] op children[1]
	nodeOr                               // ||
	nodeAnd                              // &&
	nodeNot                              // !
	nodePipe                             // a | b
	nodeFunction                         // name(args…)
	nodeExpref                           // &expr
)

// node is one AST node. Which fields are used depends on kind.
type node struct {
	kind     nodeKind
	children []*node
	name     string    // nodeField, nodeFunction; the operator for nodeComparator
	value    any       // nodeLiteral
	index    int       // nodeIndex
	slice    [3]*int   // nodeSlice: start, stop, step (nil when left out)
	keys     []string  // nodeMultiSelectHash: one key per child
	op       tokenKind // nodeComparator
}

func newNode(kind nodeKind, children ...*node) *node {
	return &node{kind: kind, children: children}
}
