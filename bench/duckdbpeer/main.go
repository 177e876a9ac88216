// Command duckdbpeer is the benchmark's DuckDB peer: DuckDB itself reads the
// same evidence files (read_json / read_csv) into tables, so cloudhunt's
// ingest can be compared with the engine it loads into.
//
//	go run ./bench/duckdbpeer -db /tmp/peer.duckdb -cloudtrail 'ev/**/CloudTrail/**/*.json.gz' -flow 'ev/**/vpcflowlogs/**/*.log.gz'
package main

import (
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// What the CloudTrail peer extracts: the same typed columns cloudhunt keeps,
// read straight from each record.
const cloudtrailColumns = `
	try_cast(r->>'eventTime' AS TIMESTAMP) AS eventTime, r->>'eventVersion' AS eventVersion,
	r->>'eventSource' AS eventSource, r->>'eventName' AS eventName, r->>'awsRegion' AS awsRegion,
	r->>'sourceIPAddress' AS sourceIPAddress, r->>'userAgent' AS userAgent, r->>'errorCode' AS errorCode,
	r->>'errorMessage' AS errorMessage, try_cast(r->>'readOnly' AS BOOLEAN) AS readOnly,
	r->>'eventType' AS eventType, r->>'eventCategory' AS eventCategory,
	try_cast(r->>'managementEvent' AS BOOLEAN) AS managementEvent, r->>'eventID' AS eventID,
	r->>'requestID' AS requestID, r->>'recipientAccountId' AS recipientAccountId,
	r->>'$.userIdentity.type' AS userIdentityType, r->>'$.userIdentity.arn' AS userIdentityArn,
	r->>'$.userIdentity.principalId' AS userIdentityPrincipalId, r->>'$.userIdentity.accountId' AS userIdentityAccountId,
	r->>'$.userIdentity.userName' AS userIdentityUserName, r->>'$.userIdentity.invokedBy' AS userIdentityInvokedBy,
	r->>'$.userIdentity.accessKeyId' AS accessKeyId,
	r->>'$.userIdentity.sessionContext.sessionIssuer.userName' AS sessionIssuerUserName,
	r->>'$.userIdentity.sessionContext.sessionIssuer.arn' AS sessionIssuerArn,
	r->>'$.userIdentity.sessionContext.attributes.mfaAuthenticated' AS mfaAuthenticated`

type result struct {
	Name    string  `json:"name"`
	Rows    int64   `json:"rows"`
	Seconds float64 `json:"seconds"`
	Error   string  `json:"error,omitempty"`
}

func main() {
	dbPath := flag.String("db", "", "database file to create (removed first)")
	ctGlob := flag.String("cloudtrail", "", "globs of CloudTrail {\"Records\":[…]} files, comma-separated")
	flowGlob := flag.String("flow", "", "globs of VPC flow log text files, comma-separated")
	withRaw := flag.Bool("raw", true, "also keep each whole record as JSON, as cloudhunt does")
	flag.Parse()
	os.Remove(*dbPath)
	db, err := sql.Open("duckdb", *dbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	for _, s := range []string{"SET autoinstall_known_extensions=false", "SET autoload_known_extensions=false", "SET TimeZone='UTC'"} {
		if _, err := db.Exec(s); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	var results []result
	if *ctGlob != "" {
		raw := ""
		if *withRaw {
			raw = ", r AS raw"
		}
		// Each file is one {"Records":[…]} object; unnest gives one row per event.
		q := fmt.Sprintf(`CREATE TABLE cloudtrail AS SELECT %s%s FROM (
			SELECT unnest(Records) AS r FROM read_json(?::VARCHAR[], columns={Records: 'JSON[]'}, format='auto', maximum_object_size=1073741824))`,
			cloudtrailColumns, raw)
		results = append(results, load(db, "duckdb read_json → cloudtrail", q, *ctGlob, "cloudtrail"))
	}
	if *flowGlob != "" {
		// union_by_name lines up files whose headers order the fields differently.
		q := `CREATE TABLE vpc_flow_logs AS SELECT * FROM read_csv(?::VARCHAR[], delim=' ', header=true, nullstr='-',
			union_by_name=true, types={'version':'INTEGER','account-id':'VARCHAR','srcport':'INTEGER','dstport':'INTEGER',
			'protocol':'INTEGER','packets':'BIGINT','bytes':'BIGINT','start':'BIGINT','end':'BIGINT'})`
		results = append(results, load(db, "duckdb read_csv → vpc_flow_logs", q, *flowGlob, "vpc_flow_logs"))
	}
	json.NewEncoder(os.Stdout).Encode(results)
}

func load(db *sql.DB, name, query, globs, table string) result {
	start := time.Now()
	r := result{Name: name}
	// DuckDB takes one "**" per glob, so layouts that differ in depth (an
	// organization trail adds a folder) come as a list.
	if _, err := db.Exec(query, strings.Split(globs, ",")); err != nil {
		r.Error = err.Error()
		return r
	}
	if _, err := db.Exec("CHECKPOINT"); err != nil {
		r.Error = err.Error()
		return r
	}
	r.Seconds = time.Since(start).Seconds()
	db.QueryRow("SELECT count(*) FROM " + table).Scan(&r.Rows)
	return r
}
