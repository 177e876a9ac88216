package sample

import (
	"strconv"
	"time"
)

// Small append helpers that build JSON and log text straight into a byte
// slice. A million CloudTrail records go through them at --scale 50, and
// encoding/json would spend most of the run on reflection and allocations.

// appendJSONString appends s as a JSON string literal. Every string we write
// is valid UTF-8, so only quotes, backslashes and control characters need
// escaping.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendKB appends `"key":true|false`.
func appendKB(b []byte, key string, v bool) []byte {
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return strconv.AppendBool(b, v)
}

// appendTwo appends v (0–99) as two digits.
func appendTwo(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// appendISO appends a Unix time as CloudTrail writes eventTime:
// 2024-03-08T10:21:33Z (UTC, second precision).
func appendISO(b []byte, unix int64) []byte {
	t := time.Unix(unix, 0).UTC()
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	b = appendTwo(b, int(m))
	b = append(b, '-')
	b = appendTwo(b, d)
	b = append(b, 'T')
	b = appendTwo(b, hh)
	b = append(b, ':')
	b = appendTwo(b, mm)
	b = append(b, ':')
	b = appendTwo(b, ss)
	return append(b, 'Z')
}

// isoTime is appendISO as a string.
func isoTime(unix int64) string { return string(appendISO(nil, unix)) }

// appendUUID appends a random (version 4) UUID made of hi and lo.
func appendUUID(b []byte, hi, lo uint64) []byte {
	hi = hi&^0xf000 | 0x4000           // version 4
	lo = lo&^(0xc000<<48) | 0x8000<<48 // RFC 4122 variant
	var raw [16]byte
	for i := 0; i < 8; i++ {
		raw[i] = byte(hi >> (56 - 8*i))
		raw[8+i] = byte(lo >> (56 - 8*i))
	}
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

// appendHex appends the low n hex digits of v (n ≤ 16).
func appendHex(b []byte, v uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b = append(b, hexDigits[(v>>(4*uint(i)))&0xf])
	}
	return b
}
