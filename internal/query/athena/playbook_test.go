package athena

import (
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// The Athena queries of the playbook, exactly as written there, on the
// flows of helpers_test.go.
func TestPlaybookQueries(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		hunt     string
		text     string
		columns  []query.Column
		want     [][]any
		orderCol int
		desc     bool
	}{
		{
			hunt:    "SSH brute force",
			text:    "SELECT sourceaddress, count(*) as total FROM vpc_flow_logs WHERE (destinationport = 22) group by distinct sourceaddress ORDER by total desc",
			columns: []query.Column{{Name: "sourceaddress", Type: "varchar"}, {Name: "total", Type: "bigint"}},
			want: [][]any{
				{"203.0.113.5", int64(3)},
				{"198.51.100.7", int64(2)},
				{"10.0.1.5", int64(1)},
			},
			orderCol: -1,
		},
		{
			hunt:    "non-standard ports",
			text:    "SELECT destinationport, count(*) as total FROM vpc_flow_logs WHERE destinationport < 1024 AND action='ACCEPT' group by distinct destinationport ORDER by total ASC LIMIT 50",
			columns: []query.Column{{Name: "destinationport", Type: "integer"}, {Name: "total", Type: "bigint"}},
			want: [][]any{
				{int64(80), int64(1)},
				{int64(22), int64(2)},
				{int64(443), int64(3)},
			},
			orderCol: -1,
		},
		{
			hunt:    "scanning/recon",
			text:    "SELECT sourceaddress, destinationaddress, count(*) count, action FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY sourceaddress, destinationaddress, action ORDER BY count desc LIMIT 25",
			columns: []query.Column{{Name: "sourceaddress", Type: "varchar"}, {Name: "destinationaddress", Type: "varchar"}, {Name: "count", Type: "bigint"}, {Name: "action", Type: "varchar"}},
			want: [][]any{
				{"10.0.2.20", "198.51.100.99", int64(3), "REJECT"},
				{"203.0.113.5", "10.0.1.10", int64(2), "REJECT"},
				{"203.0.113.5", "10.0.1.11", int64(1), "REJECT"},
				{"198.51.100.7", "10.0.1.10", int64(1), "REJECT"},
				{"10.1.0.9", "198.51.100.99", int64(1), "REJECT"},
			},
			orderCol: 2, desc: true,
		},
		{
			hunt:    "egress rejection",
			text:    "SELECT sourceaddress, destinationaddress, count(*) count, action FROM vpc_flow_logs WHERE action = 'REJECT' AND sourceaddress LIKE '10.0.%' GROUP BY sourceaddress, destinationaddress, action ORDER BY count desc LIMIT 25",
			columns: []query.Column{{Name: "sourceaddress", Type: "varchar"}, {Name: "destinationaddress", Type: "varchar"}, {Name: "count", Type: "bigint"}, {Name: "action", Type: "varchar"}},
			want: [][]any{
				{"10.0.2.20", "198.51.100.99", int64(3), "REJECT"},
			},
			orderCol: -1,
		},
		{
			hunt:    "top internal talkers",
			text:    "SELECT ip, sum(bytes) as total_bytes FROM (SELECT destinationaddress as ip,sum(numbytes) as bytes FROM vpc_flow_logs GROUP BY 1 UNION ALL SELECT sourceaddress as ip,sum(numbytes) as bytes FROM vpc_flow_logs GROUP BY 1) GROUP BY ip ORDER BY total_bytes DESC LIMIT 10",
			columns: []query.Column{{Name: "ip", Type: "varchar"}, {Name: "total_bytes", Type: "bigint"}},
			want: [][]any{
				{"10.0.1.10", int64(1065200)},
				{"192.0.2.1", int64(1030000)},
				{"192.0.2.2", int64(30000)},
				{"10.0.1.5", int64(4000)},
				{"203.0.113.5", int64(560)},
				{"192.0.2.3", int64(500)},
				{"198.51.100.99", int64(250)},
				{"198.51.100.7", int64(240)},
				{"10.0.1.11", int64(200)},
				{"10.0.2.20", int64(190)},
			},
			orderCol: -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.hunt, func(t *testing.T) {
			comp, res := run(t, c, tt.text)
			if len(comp.Columns) != len(tt.columns) {
				t.Fatalf("columns %v, want %v", comp.Columns, tt.columns)
			}
			for i := range tt.columns {
				if comp.Columns[i] != tt.columns[i] {
					t.Errorf("column %d = %v, want %v", i, comp.Columns[i], tt.columns[i])
				}
			}
			checkRows(t, tt.text, res, tt.want, tt.orderCol, tt.desc)
		})
	}
}
