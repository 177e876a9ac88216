package awscli

import "sort"

// textWidth is how many terminal columns the CLI's table reserves for s:
// two for East Asian Wide, Fullwidth and Ambiguous characters, one otherwise.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if isWide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func isWide(r rune) bool {
	i := sort.Search(len(wideRanges), func(i int) bool { return wideRanges[i][1] >= r })
	return i < len(wideRanges) && wideRanges[i][0] <= r
}
