package store

import (
	"database/sql"
	"fmt"
	"time"
)

// TableInfo summarises one table of the case.
type TableInfo struct {
	Name      string     `json:"table"`
	Rows      int64      `json:"rows"`
	FirstTime *time.Time `json:"first_time,omitempty"`
	LastTime  *time.Time `json:"last_time,omitempty"`
}

// TableInfos counts the rows of every table and gives its time range.
func (c *Case) TableInfos() ([]TableInfo, error) {
	var infos []TableInfo
	for _, t := range c.tables {
		info := TableInfo{Name: t.Name}
		var first, last sql.NullTime
		q := fmt.Sprintf(`SELECT count(*), min(%[1]s), max(%[1]s) FROM %[2]s`, quoteIdent(t.TimeColumn), quoteIdent(t.Name))
		if err := c.DB.QueryRow(q).Scan(&info.Rows, &first, &last); err != nil {
			return nil, fmt.Errorf("table %s: %w", t.Name, err)
		}
		info.FirstTime, info.LastTime = timePtr(first), timePtr(last)
		infos = append(infos, info)
	}
	return infos, nil
}
