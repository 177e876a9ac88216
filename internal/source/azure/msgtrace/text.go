package msgtrace

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Exchange writes its downloadable reports in UTF-16 (little-endian, with a
// byte order mark); PowerShell's Export-Csv writes UTF-8 with or without
// one. Everything past this file sees UTF-8 text without a mark.

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodedHead returns the head as UTF-8 text, past any byte order mark.
func decodedHead(head []byte) []byte {
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		return head[len(bomUTF8):]
	case bytes.HasPrefix(head, bomUTF16LE), bytes.HasPrefix(head, bomUTF16BE):
		var out bytes.Buffer
		// The head may end inside a character: the decoder drops the
		// unfinished half, which sniffing never needs.
		io.Copy(&out, newUTF16Reader(bytes.NewReader(head)))
		return out.Bytes()
	}
	return head
}

// decodedReader returns r as UTF-8 text, past any byte order mark.
func decodedReader(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	start, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(start, bomUTF8):
		br.Discard(len(bomUTF8))
		return br
	case bytes.HasPrefix(start, bomUTF16LE), bytes.HasPrefix(start, bomUTF16BE):
		return newUTF16Reader(br)
	}
	return br
}

// utf16Reader turns UTF-16 with a byte order mark into UTF-8, a block at a
// time, so that a large report is never held whole. A lone surrogate (half
// a pair) becomes U+FFFD.
type utf16Reader struct {
	r         io.Reader
	bigEndian bool
	started   bool
	in        []byte // bytes read but not yet decoded (an odd byte, a high surrogate)
	out       []byte // decoded text not yet returned
	err       error
}

func newUTF16Reader(r io.Reader) *utf16Reader {
	return &utf16Reader{r: r}
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		u.fill()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// fill reads one block and decodes what of it is whole.
func (u *utf16Reader) fill() {
	buf := make([]byte, 32<<10)
	n, err := u.r.Read(buf)
	u.in = append(u.in, buf[:n]...)
	if !u.started && len(u.in) >= 2 {
		u.started = true
		u.bigEndian = u.in[0] == 0xFE && u.in[1] == 0xFF
		u.in = u.in[2:] // the mark itself
	}
	if !u.started {
		if err != nil {
			u.err = err
		}
		return
	}
	units := make([]uint16, 0, len(u.in)/2)
	for i := 0; i+1 < len(u.in); i += 2 {
		if u.bigEndian {
			units = append(units, uint16(u.in[i])<<8|uint16(u.in[i+1]))
		} else {
			units = append(units, uint16(u.in[i+1])<<8|uint16(u.in[i]))
		}
	}
	used := len(units) * 2
	// A high surrogate at the end waits for its pair in the next block.
	if err == nil && len(units) > 0 && utf16.IsSurrogate(rune(units[len(units)-1])) && units[len(units)-1] < 0xDC00 {
		units = units[:len(units)-1]
		used -= 2
	}
	for _, r := range utf16.Decode(units) {
		u.out = utf8.AppendRune(u.out, r)
	}
	u.in = append(u.in[:0], u.in[used:]...)
	if err != nil {
		u.err = err
	}
}
