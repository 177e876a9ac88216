package nsgflow

import "bytes"

// Flow log blobs start with {"records":[{"time":…,"systemId"/"flowLogVersion"
// …,"category":…}: the category is within the first few hundred bytes of
// the head, so a plain search of the head is enough and cannot be fooled
// by a cut-off head.

func sniffNSG(head []byte) bool {
	return isRecordsDocument(head) && bytes.Contains(head, []byte(`"NetworkSecurityGroupFlowEvent"`))
}

func sniffVNet(head []byte) bool {
	if !isRecordsDocument(head) {
		return false
	}
	return bytes.Contains(head, []byte(`"FlowLogFlowEvent"`)) || bytes.Contains(head, []byte(`"flowRecords"`))
}

// isRecordsDocument reports whether head starts like a flow log blob: an
// object with a "records" member, or a bare array of records.
func isRecordsDocument(head []byte) bool {
	h := bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) == 0 {
		return false
	}
	switch h[0] {
	case '[':
		return true
	case '{':
		return bytes.Contains(h, []byte(`"records"`))
	}
	return false
}
