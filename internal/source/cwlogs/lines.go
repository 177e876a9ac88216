package cwlogs

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// lineReader reads lines of up to max bytes; a longer line is read past
// (not held in memory) and reported as too long.
type lineReader struct {
	br   *bufio.Reader
	max  int
	buf  []byte
	line int64 // number of the line last read, 1-based
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line without its line ending. It returns io.EOF
// after the last line, or the reader's error.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	read := false
	for {
		chunk, err := lr.br.ReadSlice('\n')
		read = read || len(chunk) > 0
		if !tooLong {
			if len(lr.buf)+len(chunk) > lr.max+2 { // +2: the line ending
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !(errors.Is(err, io.EOF) && read) {
			return nil, false, err
		}
		lr.line++
		line = bytes.TrimSuffix(bytes.TrimSuffix(lr.buf, []byte("\n")), []byte("\r"))
		if len(line) > lr.max {
			tooLong = true
		}
		return line, tooLong, nil
	}
}
