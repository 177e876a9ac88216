package store

import (
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

var testTable = &source.Table{Name: "events", Columns: []source.Column{{Name: "a", Type: "VARCHAR"}}}

// A case written by schema 1 (no _evidence.log_group, a table without a
// column added since) opens read-only after an automatic upgrade, and keeps
// its rows.
func TestOpenUpgradesOlderCase(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, []*source.Table{testTable}, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`ALTER TABLE _evidence DROP COLUMN log_group`,
		`UPDATE _meta SET value = '1' WHERE key = 'schema_version'`,
		`INSERT INTO _evidence VALUES (1, '/e/a.json', 1, 'ab', 'f', 'events', 1, 0, 0, NULL, NULL, NULL, now())`,
		`INSERT INTO events VALUES ('kept', 1, 1, 1)`,
	} {
		if _, err := c.DB.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	c.Close()

	grown := &source.Table{Name: "events", Columns: []source.Column{{Name: "a", Type: "VARCHAR"}, {Name: "b", Type: "BIGINT"}}}
	newer := &source.Table{Name: "other", Columns: []source.Column{{Name: "x", Type: "VARCHAR"}}}
	c, err = Open(dir, []*source.Table{grown, newer}, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer c.Close()
	var version string
	if err := c.DB.QueryRow(`SELECT value FROM _meta WHERE key = 'schema_version'`).Scan(&version); err != nil || version != "2" {
		t.Errorf("schema_version = %q (%v), want 2", version, err)
	}
	ev, err := c.Evidence(0)
	if err != nil || len(ev) != 1 || ev[0].LogGroup != "" {
		t.Fatalf("evidence = %+v, %v", ev, err)
	}
	var a string
	var b *int64
	if err := c.DB.QueryRow(`SELECT a, b FROM events`).Scan(&a, &b); err != nil || a != "kept" || b != nil {
		t.Errorf("row = %q %v (%v), want kept NULL", a, b, err)
	}
	if _, err := c.DB.Exec(`SELECT count(*) FROM other`); err != nil {
		t.Errorf("new table missing: %v", err)
	}
}

// A case from a newer cloudhunt is refused, not misread.
func TestOpenRefusesNewerCase(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, nil, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	c.DB.Exec(`UPDATE _meta SET value = '99' WHERE key = 'schema_version'`)
	c.Close()
	if _, err := Open(dir, nil, Options{ReadOnly: true}); err == nil {
		t.Fatal("opened a schema-99 case")
	}
}
