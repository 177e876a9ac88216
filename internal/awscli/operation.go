package awscli

// ParamType is the kind of value an operation parameter takes on the
// command line.
type ParamType int

const (
	String          ParamType = iota // one word
	Integer                          // one word, read as a Python int
	Timestamp                        // epoch seconds or ISO-8601
	List                             // one or more words (nargs='+')
	Structure                        // shorthand (Key=Value,…) or JSON object
	ListOfStructure                  // one or more shorthand words, or a JSON list
	Boolean                          // --name / --no-name, no value
	JSON                             // a JSON document given as text
)

// Param is one parameter of an operation.
type Param struct {
	Name     string // CLI name without the dashes: "lookup-attributes"
	Member   string // API member: "LookupAttributes"
	Type     ParamType
	Required bool
	Members  []Param // for Structure and ListOfStructure: the structure's members (Name unused)
}

// Paginator says how the CLI pages an operation (botocore's paginator
// config): it follows OutputToken into InputToken and concatenates
// ResultKeys; passing LimitKey (e.g. --max-results) turns paging off.
type Paginator struct {
	InputToken  string // "NextToken"
	OutputToken string // "NextToken"
	LimitKey    string // "MaxResults"
	ResultKeys  []string
}

// Operation is one `aws <service> <name>` command.
type Operation struct {
	Service   string // CLI service name: "cloudtrail"
	Name      string // CLI operation name: "lookup-events"
	API       string // API operation name: "LookupEvents" (the table title)
	Params    []Param
	Paginator *Paginator // nil when the operation does not page
}
