package s3access

import "testing"

// Splitting a record is on the path of every line: one allocation, not
// one per growth of the field list.
func TestSplitFieldsAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { splitFields(docRecord) }); n > 1 {
		t.Errorf("splitFields allocates %v times a record, want 1", n)
	}
}
