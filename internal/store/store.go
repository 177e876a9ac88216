// Package store is the case: a folder holding case.duckdb (the evidence as
// tables) and manifest.json (what was read, with hashes). Evidence files are
// never opened for writing; the store only ever writes inside the case folder.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// SchemaVersion is bumped whenever the layout of case.duckdb changes. A case
// written by a newer cloudhunt is refused rather than misread.
//
// Version 2 added _evidence.log_group. Older cases are migrated in place the
// first time a cloudhunt that knows the newer layout opens them.
const SchemaVersion = 2

const (
	dbFile       = "case.duckdb"
	manifestFile = "manifest.json"
)

// Options control how a case is opened.
type Options struct {
	// Create makes the folder and database when they do not exist yet.
	Create bool
	// ReadOnly opens the database without write access (queries, hunts).
	ReadOnly bool
	// MemoryLimit caps DuckDB's memory ("512MB"); empty means the default.
	MemoryLimit string
	// Threads caps DuckDB's worker threads; zero means one per core.
	Threads int
	// NoFileAccess turns off DuckDB's access to any file but the case's
	// own database: a query typed by a user (or pasted from a playbook) can
	// then neither read other files (read_csv('/etc/…')) nor write any (COPY).
	NoFileAccess bool
}

// Case is an open case.
type Case struct {
	Dir    string
	DB     *sql.DB
	tables []*source.Table
	conn   *duckdb.Connector
}

// ErrNoCase is returned when the folder holds no case and Create is false.
var ErrNoCase = errors.New("no case here")

// Open opens (or creates) the case in dir. tables are the tables every case
// has; they are created when missing.
func Open(dir string, tables []*source.Table, opts Options) (*Case, error) {
	path := filepath.Join(dir, dbFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if !opts.Create {
			return nil, fmt.Errorf("%s: %w (run `cloudhunt ingest EVIDENCE --case %s` first)", dir, ErrNoCase, dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	dsn := path
	var params []string
	if opts.ReadOnly {
		params = append(params, "access_mode=read_only")
	}
	if opts.NoFileAccess {
		params = append(params, "enable_external_access=false")
	}
	if len(params) > 0 {
		dsn += "?" + strings.Join(params, "&")
	}
	settings := []string{
		// The case never reaches the network: no extension is fetched or
		// loaded behind the user's back (json, parquet and icu are built in).
		"SET autoinstall_known_extensions=false",
		"SET autoload_known_extensions=false",
		"SET TimeZone='UTC'",
		// Rows carry their own provenance (_file, _record); letting DuckDB
		// insert in any order lets it load in parallel with bounded memory.
		"SET preserve_insertion_order=false",
	}
	if opts.MemoryLimit != "" {
		settings = append(settings, "SET memory_limit='"+opts.MemoryLimit+"'")
	}
	if opts.Threads > 0 {
		settings = append(settings, "SET threads="+strconv.Itoa(opts.Threads))
	}
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		for _, s := range settings {
			if _, err := execer.ExecContext(context.Background(), s, nil); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open case %s: %w", dir, err)
	}
	c := &Case{Dir: dir, DB: sql.OpenDB(connector), tables: tables, conn: connector}
	if err := c.prepare(opts.ReadOnly); err != nil {
		c.Close()
		if errors.Is(err, errNeedsUpgrade) {
			// Upgrade once with write access, then open read-only as asked.
			rw := opts
			rw.ReadOnly, rw.Create = false, false
			up, err := Open(dir, tables, rw)
			if err != nil {
				return nil, err
			}
			if err := up.Close(); err != nil {
				return nil, err
			}
			return Open(dir, tables, opts)
		}
		return nil, err
	}
	return c, nil
}

// Close closes the database.
func (c *Case) Close() error {
	err := c.DB.Close()
	if c.conn != nil {
		c.conn.Close()
	}
	return err
}

// Table returns the named table, or nil.
func (c *Case) Table(name string) *source.Table {
	for _, t := range c.tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

func (c *Case) prepare(readOnly bool) error {
	var version int
	err := c.DB.QueryRow(`SELECT CAST(value AS INTEGER) FROM _meta WHERE key = 'schema_version'`).Scan(&version)
	switch {
	case err == nil && version > SchemaVersion:
		return fmt.Errorf("case %s was written by a newer cloudhunt (schema %d; this one reads up to %d): upgrade cloudhunt", c.Dir, version, SchemaVersion)
	case err == nil && readOnly:
		if version < SchemaVersion || c.missingTables() {
			return errNeedsUpgrade
		}
		return nil
	case readOnly:
		return fmt.Errorf("case %s: %w", c.Dir, ErrNoCase)
	}
	if err := c.createSchema(); err != nil {
		return err
	}
	if err == nil && version < SchemaVersion {
		if err := c.migrate(version); err != nil {
			return fmt.Errorf("case %s: upgrade from schema %d: %w", c.Dir, version, err)
		}
	}
	if err := c.addMissingColumns(); err != nil {
		return err
	}
	return c.dropOrphans()
}

// errNeedsUpgrade says a read-only open found an older layout (or a table
// this cloudhunt adds): Open upgrades the case once, then opens it read-only.
var errNeedsUpgrade = errors.New("case needs an upgrade")

// migrate brings a case of an older schema version up to SchemaVersion.
// Each step is idempotent, so a migration cut short runs again safely.
func (c *Case) migrate(from int) error {
	steps := []string{}
	if from < 2 {
		steps = append(steps, `ALTER TABLE _evidence ADD COLUMN IF NOT EXISTS log_group VARCHAR`)
	}
	steps = append(steps, `UPDATE _meta SET value = '`+strconv.Itoa(SchemaVersion)+`' WHERE key = 'schema_version'`)
	for _, s := range steps {
		if _, err := c.DB.Exec(s); err != nil {
			return err
		}
	}
	return nil
}

// missingTables reports whether a table this cloudhunt knows is not in the
// case yet (a case made before that log source existed).
func (c *Case) missingTables() bool {
	have := map[string]bool{}
	rows, err := c.DB.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)
	if err != nil {
		return true
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			have[name] = true
		}
	}
	for _, t := range c.tables {
		if !have[t.Name] {
			return true
		}
	}
	return false
}

// addMissingColumns adds the columns a newer cloudhunt defines for a table
// that an older one created; old rows read NULL there.
func (c *Case) addMissingColumns() error {
	have := map[string]bool{}
	rows, err := c.DB.Query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			rows.Close()
			return err
		}
		have[table+"."+column] = true
	}
	rows.Close()
	for _, t := range c.tables {
		for _, col := range t.Columns {
			if have[t.Name+"."+col.Name] {
				continue
			}
			q := fmt.Sprintf(`ALTER TABLE %s ADD COLUMN %s %s`, quoteIdent(t.Name), quoteIdent(col.Name), col.Type)
			if _, err := c.DB.Exec(q); err != nil {
				return fmt.Errorf("case %s: add column %s.%s: %w", c.Dir, t.Name, col.Name, err)
			}
		}
	}
	return nil
}

func (c *Case) createSchema() error {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
		`INSERT OR IGNORE INTO _meta VALUES ('schema_version', '` + strconv.Itoa(SchemaVersion) + `')`,
		`CREATE TABLE IF NOT EXISTS _evidence (
			id INTEGER PRIMARY KEY,
			path VARCHAR NOT NULL,       -- as given at ingest, absolute
			size BIGINT NOT NULL,
			sha256 VARCHAR NOT NULL,
			format VARCHAR,              -- NULL when the file was skipped
			"table" VARCHAR,
			records BIGINT NOT NULL,     -- rows loaded
			rejected BIGINT NOT NULL,    -- records that could not be loaded
			warnings BIGINT NOT NULL,    -- rows loaded with a problem (e.g. no time)
			first_time TIMESTAMP,
			last_time TIMESTAMP,
			note VARCHAR,                -- why a file was skipped, or what stopped its parse
			ingested_at TIMESTAMP NOT NULL,
			log_group VARCHAR            -- CloudWatch Logs group of its records (ingest --log-group, or named in the file)
		)`,
		`CREATE TABLE IF NOT EXISTS _issues (
			file INTEGER NOT NULL,
			kind VARCHAR NOT NULL,       -- reject | warning | error
			line BIGINT,
			record BIGINT,
			reason VARCHAR NOT NULL
		)`,
	}
	for _, t := range c.tables {
		stmts = append(stmts, createTableSQL(t))
	}
	for _, s := range stmts {
		if _, err := c.DB.Exec(s); err != nil {
			return fmt.Errorf("case %s: create schema: %w", c.Dir, err)
		}
	}
	return nil
}

func createTableSQL(t *source.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (", quoteIdent(t.Name))
	for i, col := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", quoteIdent(col.Name), col.Type)
	}
	fmt.Fprintf(&b, ", %s INTEGER NOT NULL, %s BIGINT NOT NULL, %s BIGINT)", source.FileColumn, source.RecordColumn, source.LineColumn)
	return b.String()
}

// dropOrphans removes rows whose evidence file never finished loading (the
// process was killed mid-file): a file counts as ingested only once its
// _evidence row is committed, so these rows would otherwise be duplicated
// when the file is ingested again.
func (c *Case) dropOrphans() error {
	for _, t := range c.tables {
		q := fmt.Sprintf(`DELETE FROM %s WHERE %s NOT IN (SELECT id FROM _evidence)`, quoteIdent(t.Name), source.FileColumn)
		if _, err := c.DB.Exec(q); err != nil {
			return fmt.Errorf("case %s: clean up an interrupted ingest: %w", c.Dir, err)
		}
	}
	_, err := c.DB.Exec(`DELETE FROM _issues WHERE file NOT IN (SELECT id FROM _evidence)`)
	return err
}

// quoteIdent quotes a SQL identifier. Table and column names come from the
// source packages, never from evidence or users.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteIdent is quoteIdent for other packages that build SQL over the case's
// own table and column names.
func QuoteIdent(s string) string { return quoteIdent(s) }
