// Package ingest loads evidence files into a case: it walks the paths it is
// given, hashes each file, recognises its format, parses it on a pool of
// workers and bulk-loads the rows through one writer.
//
// Evidence is only ever opened for reading. A file whose SHA-256 the case
// already holds is not loaded again. Every record that cannot be loaded is
// counted and reported with its file and line/record; the run goes on.
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
	"golang.org/x/sync/errgroup"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// Options tune a run. The zero value works.
type Options struct {
	// Workers is the number of files parsed at once; 0 means one per core.
	Workers int
	// Formats are tried in order on each file; Skips first.
	Formats []source.Format
	Skips   []source.Skip
	// Progress, when set, is updated as the run goes (read it from another
	// goroutine to draw a progress line).
	Progress *Progress
	// OnFile is called once per file when it is done (from one goroutine at a time).
	OnFile func(FileResult)
	// Table, when set, is the table every file of this run holds (`ingest
	// --table`), for formats that otherwise recognise it.
	Table string
	// LogGroup, when set, is the CloudWatch Logs group every file of this run
	// was exported from (`ingest --log-group`): Logs Insights queries and the
	// `aws logs` drop-ins find the records under that name.
	LogGroup string
}

// Progress counts what a run has done so far; safe to read while it runs.
type Progress struct {
	FilesTotal atomic.Int64
	FilesDone  atomic.Int64
	BytesTotal atomic.Int64 // on disk
	BytesDone  atomic.Int64 // on disk, hashed and parsed
	Records    atomic.Int64
	Rejected   atomic.Int64
}

// File outcomes.
const (
	StatusLoaded    = "loaded"
	StatusSkipped   = "skipped"   // recognised as holding nothing to load, or not recognised
	StatusDuplicate = "duplicate" // the case already has this content
	StatusFailed    = "failed"    // could not be read at all
)

// FileResult is what happened to one file.
type FileResult struct {
	Status   string
	Evidence store.Evidence // for duplicates: the copy already in the case
	Err      error          // for failed files
}

// Summary totals a run.
type Summary struct {
	Files, Loaded, Skipped, Duplicates, Failed int
	Records, Rejected, Warnings                int64
	Bytes                                      int64 // on disk
	DecompressedBytes                          int64
	Elapsed                                    time.Duration
	Results                                    []FileResult
}

// Run ingests the files and folders in paths (folders recursively) into c.
// Files inside the case folder itself are never read as evidence.
func Run(ctx context.Context, c *store.Case, paths []string, opts Options) (*Summary, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Progress == nil {
		opts.Progress = &Progress{}
	}
	files, err := listFiles(paths, c.Dir)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		opts.Progress.BytesTotal.Add(f.size)
	}
	opts.Progress.FilesTotal.Store(int64(len(files)))

	known, err := c.EvidenceBySHA256()
	if err != nil {
		return nil, err
	}
	lastID, err := c.MaxEvidenceID()
	if err != nil {
		return nil, err
	}
	w, err := newWriter(c)
	if err != nil {
		return nil, err
	}
	r := &run{c: c, opts: opts, w: w, known: known, claimed: map[string]bool{}, lastID: lastID}
	jobs := make(chan fileJob)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		for _, f := range files {
			select {
			case jobs <- f:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	var parsers sync.WaitGroup
	for i := 0; i < opts.Workers; i++ {
		parsers.Add(1)
		g.Go(func() error {
			defer parsers.Done()
			rd := &readers{}
			for f := range jobs {
				if err := r.ingestFile(gctx, f, rd); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		parsers.Wait()
		close(w.in)
		return nil
	})
	g.Go(func() error { return w.run(gctx) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := c.WriteManifest(); err != nil {
		return nil, fmt.Errorf("write manifest: %w", err)
	}
	s := r.summary
	s.Elapsed = time.Since(start)
	sort.Slice(s.Results, func(i, j int) bool { return s.Results[i].Evidence.Path < s.Results[j].Evidence.Path })
	return &s, nil
}

type fileJob struct {
	path string // absolute
	size int64
	err  error // the file could not be listed (unreadable folder, broken link)
}

// listFiles expands paths into the regular files under them, sorted, with
// the case folder left out.
func listFiles(paths []string, caseDir string) ([]fileJob, error) {
	caseAbs, _ := filepath.Abs(caseDir)
	var files []fileJob
	seen := map[string]bool{}
	add := func(path string, info fs.FileInfo) {
		if !info.Mode().IsRegular() || seen[path] {
			return
		}
		if caseAbs != "" && (path == caseAbs || strings.HasPrefix(path, caseAbs+string(filepath.Separator))) {
			return
		}
		seen[path] = true
		files = append(files, fileJob{path: path, size: info.Size()})
	}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		info, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("evidence %s: %w", p, err)
		}
		if !info.IsDir() {
			add(abs, info)
			continue
		}
		// Inside a folder, an entry that cannot be read is reported as a
		// failed file and the walk goes on: one unreadable folder must not
		// hide the rest of the evidence.
		err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				files = append(files, fileJob{path: path, err: err})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if path == caseAbs && d.IsDir() {
				return filepath.SkipDir
			}
			if d.IsDir() {
				return nil
			}
			info, err := os.Stat(path) // follows symlinks to files
			if err != nil {
				files = append(files, fileJob{path: path, err: err})
				return nil
			}
			add(path, info)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, nil
}

// run is the state of one Run shared by its workers.
type run struct {
	c    *store.Case
	opts Options
	w    *writer

	mu      sync.Mutex
	known   map[string]store.Evidence // files in the case before this run, by SHA-256
	claimed map[string]bool           // SHA-256 of files taken by a worker in this run
	lastID  int                       // the last evidence id handed out
	summary Summary
}

// newID numbers an evidence file.
func (r *run) newID() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lastID++
	return r.lastID
}

func (r *run) finish(res FileResult, decompressed int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &r.summary
	s.Files++
	s.Bytes += res.Evidence.Size
	s.DecompressedBytes += decompressed
	switch res.Status {
	case StatusLoaded:
		s.Loaded++
		s.Records += res.Evidence.Records
		s.Rejected += res.Evidence.Rejected
		s.Warnings += res.Evidence.Warnings
	case StatusSkipped:
		s.Skipped++
	case StatusDuplicate:
		s.Duplicates++
	case StatusFailed:
		s.Failed++
	}
	s.Results = append(s.Results, res)
	r.opts.Progress.FilesDone.Add(1)
	if r.opts.OnFile != nil {
		r.opts.OnFile(res)
	}
}

// ingestFile handles one file. It returns an error only for failures of the
// case itself; problems with the file are recorded in its result.
func (r *run) ingestFile(ctx context.Context, f fileJob, rd *readers) error {
	ev := store.Evidence{Path: f.path, Size: f.size, IngestedAt: time.Now().UTC(), LogGroup: r.opts.LogGroup}
	if f.err != nil {
		r.finish(FileResult{Status: StatusFailed, Evidence: ev, Err: f.err}, 0)
		return nil
	}
	// The file is read twice, to hash then to parse: a duplicate must be
	// known before any of its rows are loaded, and the second read comes
	// from the page cache (hashing all of the scale-50 sample takes ~0.2 s).
	sum, err := HashFile(f.path)
	if err != nil {
		r.opts.Progress.BytesDone.Add(f.size)
		r.finish(FileResult{Status: StatusFailed, Evidence: ev, Err: err}, 0)
		return nil
	}
	ev.SHA256 = sum

	if prior, dup := r.claim(sum); dup {
		r.opts.Progress.BytesDone.Add(f.size)
		if prior == nil {
			prior = &store.Evidence{Path: f.path, SHA256: sum, Note: "same content as another file of this run"}
		}
		r.finish(FileResult{Status: StatusDuplicate, Evidence: *prior}, 0)
		return nil
	}

	file, err := os.Open(f.path) // read-only: evidence is never written
	if err != nil {
		r.opts.Progress.BytesDone.Add(f.size)
		r.finish(FileResult{Status: StatusFailed, Evidence: ev, Err: err}, 0)
		return nil
	}
	defer file.Close()
	counted := &countingReader{r: file, progress: &r.opts.Progress.BytesDone}
	content, err := rd.decompress(counted)
	if err != nil {
		ev.Note = err.Error()
		return r.skip(ev, counted, f.size, 0)
	}
	decompressed := &countingReader{r: content}
	br := rd.head(decompressed)
	head, _ := br.Peek(source.HeadSize) // a short head is fine: small or truncated file

	if len(bytes.TrimSpace(head)) == 0 {
		ev.Note = "empty file"
		if len(head) > 0 {
			ev.Note = "holds only whitespace"
		}
		return r.skip(ev, counted, f.size, decompressed.n)
	}
	for _, s := range r.opts.Skips {
		if s.Match(f.path, head) {
			ev.Note = s.Reason
			return r.skip(ev, counted, f.size, decompressed.n)
		}
	}
	format := detect(r.opts.Formats, f.path, head)
	if format == nil {
		ev.Note = "unknown format: " + describe(head)
		return r.skip(ev, counted, f.size, decompressed.n)
	}

	ev.ID = r.newID()
	ev.Format = format.Name()
	if t := format.Table(); t != nil {
		ev.Table = t.Name
	}
	rw := newRowWriter(r.w, format.Table(), &ev, &r.opts.Progress.Records, &r.opts.Progress.Rejected)
	perr := format.Parse(ctx, source.Input{Path: f.path, R: br, Head: head, Table: r.opts.Table}, rw)
	rw.send() // the last rows
	var skipFile *source.SkipFile
	if errors.As(perr, &skipFile) && ev.Records == 0 && ev.Rejected == 0 {
		io.Copy(io.Discard, br)
		ev.Format, ev.Note = "", skipFile.Reason
		return r.skip(ev, counted, f.size, decompressed.n)
	}
	if perr != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		ev.Note = perr.Error()
		rw.issue(store.IssueError, source.Location{}, perr.Error())
	}
	// The rest of the file is read so that its size on disk and decompressed
	// size are known even when the parser stopped early.
	io.Copy(io.Discard, br)
	rest := f.size - counted.n
	r.opts.Progress.BytesDone.Add(rest)
	r.w.in <- writerMsg{file: &ev} // ev is the writer's from here on
	r.finish(FileResult{Status: StatusLoaded, Evidence: ev}, decompressed.n)
	return nil
}

// skip records a file that holds nothing to load, so that the case's
// inventory still lists it with its hash.
func (r *run) skip(ev store.Evidence, counted *countingReader, size, decompressed int64) error {
	ev.ID = r.newID()
	r.opts.Progress.BytesDone.Add(size - counted.n)
	r.w.in <- writerMsg{file: &ev}
	r.finish(FileResult{Status: StatusSkipped, Evidence: ev}, decompressed)
	return nil
}

// claim reports whether content with this hash is already in the case or
// taken by another worker of this run; otherwise it takes it.
func (r *run) claim(sum string) (*store.Evidence, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prior, found := r.known[sum]; found {
		return &prior, true
	}
	if r.claimed[sum] {
		return nil, true
	}
	r.claimed[sum] = true
	return nil, false
}

func detect(formats []source.Format, path string, head []byte) source.Format {
	for _, f := range formats {
		if f.Sniff(path, head) {
			return f
		}
	}
	return nil
}

// describe names what an unrecognised file looks like, for the skip note.
func describe(head []byte) string {
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if len(line) > 60 {
		line = line[:60]
	}
	printable := true
	for _, b := range line {
		if (b < 0x20 && b != '\t' && b != '\r') || b == 0x7f {
			printable = false
			break
		}
	}
	if !printable {
		return "binary content"
	}
	return fmt.Sprintf("starts with %q", strings.TrimSpace(string(line)))
}

// HashFile returns the hex SHA-256 of the file at path.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readers are one worker's buffers and gzip state, reused from file to
// file: an S3 CloudTrail dump is thousands of small files, and allocating
// them anew for each one costs more than parsing it.
type readers struct {
	raw  *bufio.Reader
	zr   *gzip.Reader
	text *bufio.Reader
}

// decompress returns the content of r, un-gzipped when it starts with the
// gzip magic bytes (whatever the file is called).
func (rd *readers) decompress(r io.Reader) (io.Reader, error) {
	if rd.raw == nil {
		rd.raw = bufio.NewReaderSize(r, 256<<10)
	} else {
		rd.raw.Reset(r)
	}
	magic, _ := rd.raw.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return rd.raw, nil
	}
	var err error
	if rd.zr == nil {
		rd.zr, err = gzip.NewReader(rd.raw)
	} else {
		err = rd.zr.Reset(rd.raw)
	}
	if err != nil {
		rd.zr = nil // a failed Reset leaves the reader unusable
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return &gzipReader{zr: rd.zr}, nil
}

// head wraps the decompressed content in a reader that can show its first
// source.HeadSize bytes to the sniffers without consuming them.
func (rd *readers) head(r io.Reader) *bufio.Reader {
	if rd.text == nil {
		rd.text = bufio.NewReaderSize(r, source.HeadSize)
	} else {
		rd.text.Reset(r)
	}
	return rd.text
}

// gzipReader names gzip failures (truncated or corrupt streams) as such.
type gzipReader struct{ zr *gzip.Reader }

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("gzip stream is truncated: %w", err)
		} else {
			err = fmt.Errorf("gzip: %w", err)
		}
	}
	return n, err
}

// countingReader counts the bytes read through it, and adds them to progress.
type countingReader struct {
	r        io.Reader
	n        int64
	progress *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil {
		c.progress.Add(int64(n))
	}
	return n, err
}
