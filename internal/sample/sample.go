// Package sample writes deterministic, realistic sample evidence for
// cloudhunt: a week of AWS CloudTrail logs and VPC flow logs in the S3
// layouts AWS delivers them in, a lookup-events export and a CloudWatch
// Logs export, AWS service evidence (GuardDuty, Macie, Inspector, Config,
// EC2 and CloudWatch outputs, container, API Gateway and S3 access logs:
// awssvc.go), the same week of Azure evidence in the shapes Azure exports
// it (azure.go), with attacks woven in, and ground-truth.json naming what
// each hunt of docs/HUNTS.md must find.
//
// The same seed and scale always give byte-identical files, whatever the
// number of workers: every file draws its randomness from (seed, file
// index), and nothing reads the clock.
package sample

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"golang.org/x/sync/errgroup"
)

// Options control a sample.
type Options struct {
	Seed  int64
	Scale float64 // 1 = default size (~20k CloudTrail events, ~100k flow records); scales the background only
	// Workers is how many files are written at once; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called after each file with the uncompressed
	// bytes generated so far and an estimate of the total. Calls never
	// overlap.
	Progress func(doneBytes, totalEstimate int64)
}

// Summary describes what Generate wrote.
type Summary struct {
	Files            int   // files written, ground-truth.json included
	Bytes            int64 // their size on disk
	CloudTrailEvents int64 // distinct CloudTrail events (the lookup-events export repeats some)
	FlowRecords      int64 // flow log records, NODATA and SKIPDATA included
	AzureRows        int64 // rows of the Azure tables, every export together
}

// MaxScale bounds --scale: beyond it the background traffic of the busiest
// hosts would outgrow the exfiltration and aws-top-talkers' ground truth
// would no longer hold (Generate checks it anyway).
const MaxScale = 100

// Generate writes a sample into dir (created when missing). Files of the
// same name are overwritten; give it an empty folder so that nothing else
// ends up in the evidence.
func Generate(ctx context.Context, dir string, opts Options) (*Summary, error) {
	if math.IsNaN(opts.Scale) || opts.Scale <= 0 || opts.Scale > MaxScale {
		return nil, fmt.Errorf("sample: scale must be above 0 and at most %d, not %g", MaxScale, opts.Scale)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}

	w := newWorld(opts.Seed)
	p := makePlan(w, opts.Scale)

	// Workers take tasks in plan order; each keeps its own accumulator, and
	// the accumulators are merged at the end with order-free operations.
	var (
		next  int
		done  int64
		mu    sync.Mutex // guards next, done and calls of opts.Progress
		accs  = make([]*accum, workers)
		group errgroup.Group
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for i := range accs {
		accs[i] = newAccum()
		wk := newWorker(w, dir, accs[i])
		group.Go(func() error {
			for {
				if err := ctx.Err(); err != nil {
					return err
				}
				mu.Lock()
				n := next
				next++
				mu.Unlock()
				if n >= len(p.tasks) {
					return nil
				}
				raw, err := wk.run(&p.tasks[n])
				if err != nil {
					cancel()
					return err
				}
				mu.Lock()
				done += raw
				if opts.Progress != nil {
					opts.Progress(done, max(done, p.estimate))
				}
				mu.Unlock()
			}
		})
	}
	if err := group.Wait(); err != nil {
		return nil, err
	}

	total := accs[0]
	for _, a := range accs[1:] {
		total.merge(a)
	}
	if err := writeLookupEvents(dir, total); err != nil {
		return nil, err
	}
	if err := writeDigest(dir, w, total); err != nil {
		return nil, err
	}
	gt, err := buildGroundTruth(w, opts, total)
	if err != nil {
		return nil, err
	}
	az, err := writeAzure(dir, opts.Seed, opts.Scale)
	if err != nil {
		return nil, err
	}
	azTruth, err := azureTruth(az.w, az)
	if err != nil {
		return nil, err
	}
	for id, h := range azTruth {
		gt.Hunts[id] = h
	}
	svc, err := writeAWSServices(dir, w, opts.Scale)
	if err != nil {
		return nil, err
	}
	svcHunts, err := svcTruth(svc, total)
	if err != nil {
		return nil, err
	}
	for id, h := range svcHunts {
		gt.Hunts[id] = h
	}
	total.files += svc.files
	total.bytes += svc.bytes
	gt.Counts.AzureRows = az.rows
	total.files += az.files
	total.bytes += az.bytes
	n, err := writeJSONFile(filepath.Join(dir, GroundTruthFile), gt, "  ")
	if err != nil {
		return nil, err
	}
	total.files++
	total.bytes += n
	var azRows int64
	for _, n := range az.rows {
		azRows += n
	}
	return &Summary{Files: total.files, Bytes: total.bytes, CloudTrailEvents: total.ctEvents, FlowRecords: total.flowRecords,
		AzureRows: azRows}, nil
}

// accum collects what one worker wrote, for the summary and the ground
// truth.
type accum struct {
	files       int
	bytes       int64
	ctEvents    int64
	flowRecords int64
	found       map[string]map[string]bool // CloudTrail hunt id → keys it must report
	lookup      []lookupEvent              // ListBuckets of prod us-east-1, for the lookup-events export
	digest      []digestEntry
	flows       *flowTally
	// For the AWS service hunts (awssvc_truth.go): "<i-… session>|<source
	// IP>" of instance-profile calls, and suspicious user agents.
	instanceCalls map[string]bool
	userAgents    map[string]bool
	uaSeen        map[string]bool // user agents already checked
}

func newAccum() *accum {
	return &accum{found: map[string]map[string]bool{}, flows: newFlowTally(),
		instanceCalls: map[string]bool{}, userAgents: map[string]bool{}, uaSeen: map[string]bool{}}
}

func (a *accum) add(hunt, key string) {
	m := a.found[hunt]
	if m == nil {
		m = map[string]bool{}
		a.found[hunt] = m
	}
	m[key] = true
}

func (a *accum) merge(o *accum) {
	a.files += o.files
	a.bytes += o.bytes
	a.ctEvents += o.ctEvents
	a.flowRecords += o.flowRecords
	for h, keys := range o.found {
		for k := range keys {
			a.add(h, k)
		}
	}
	a.lookup = append(a.lookup, o.lookup...)
	a.digest = append(a.digest, o.digest...)
	a.flows.merge(o.flows)
	for k := range o.instanceCalls {
		a.instanceCalls[k] = true
	}
	for k := range o.userAgents {
		a.userAgents[k] = true
	}
}

// Error codes that make a ListBuckets, CreateBucket or DescribeInstances
// call a finding (the hunts' error_codes default).
func refused(code string) bool {
	return code == "AccessDenied" || code == "Client.UnauthorizedOperation" || code == "UnauthorizedOperation"
}

// observe applies the CloudTrail hunts' rules (docs/HUNTS.md, default
// parameters) to an event as it is written. The ground truth is what
// these rules select from the evidence actually written, never a list
// kept apart from it.
func (a *accum) observe(ev *ctEvent, record []byte, s *ctStream) {
	a.ctEvents++
	if strings.HasPrefix(ev.who.key, "AKIA") {
		a.add("aws-keyid-activity", ev.who.key)
	}
	instanceOrRefused := strings.HasPrefix(ev.who.username(), "i-") || refused(ev.errorCode)
	if strings.HasPrefix(ev.who.username(), "i-") && isIPAddress(ev.sourceIP) {
		a.instanceCalls[ev.who.username()+"|"+ev.sourceIP] = true
	}
	if !a.uaSeen[ev.userAgent] {
		a.uaSeen[ev.userAgent] = true
		if suspiciousUA(ev.userAgent) {
			a.userAgents[ev.userAgent] = true
		}
	}
	switch ev.name {
	case "CreateDBSnapshot", "CreateDBClusterSnapshot", "CopyDBSnapshot", "CopyDBClusterSnapshot",
		"ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute":
		a.add("aws-new-db-snapshots", ev.eventID())
	case "ListBuckets":
		if instanceOrRefused {
			a.add("aws-listbuckets", ev.eventID())
		}
		if s.key == "prod/"+regionMain {
			a.lookup = append(a.lookup, lookupEvent{time: ev.time, id: ev.eventID(), key: ev.who.key,
				username: ev.who.username(), record: string(record)})
		}
	case "CreateBucket":
		if instanceOrRefused {
			a.add("aws-createbucket", ev.eventID())
		}
	case "DescribeInstances":
		if instanceOrRefused {
			a.add("aws-describeinstances", ev.eventID())
		}
	case "StopLogging":
		a.add("aws-stoplogging", ev.eventID())
	case "DeleteTrail":
		a.add("aws-deletetrail", ev.eventID())
	case "UpdateTrail":
		a.add("aws-updatetrail", ev.eventID())
	}
}

// worker writes files, one at a time, reusing its buffers and gzip
// writer from file to file.
type worker struct {
	w    *world
	dir  string
	acc  *accum
	ct   ctGen
	ev   ctEvent
	line []byte
	vpc  *vpcNet // of the flow file being written
	dirs map[string]bool

	// The open output file.
	f    *os.File
	cw   countWriter
	bw   *bufio.Writer
	zw   *gzip.Writer
	sum  hash.Hash // sha256 of the uncompressed content, for digest-listed files
	raw  int64     // uncompressed bytes written
	werr error     // first write error
}

func newWorker(w *world, dir string, acc *accum) *worker {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // BestSpeed is a valid level
	return &worker{w: w, dir: dir, acc: acc, ct: ctGen{w: w}, dirs: map[string]bool{},
		bw: bufio.NewWriterSize(nil, 256<<10), zw: zw}
}

// countWriter counts the compressed bytes on their way to the file.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// run writes one task's file and returns the uncompressed bytes.
func (wk *worker) run(t *task) (int64, error) {
	switch t.kind {
	case ctFileTask:
		return wk.ctFile(t)
	case flowFileTask:
		return wk.flowFile(t)
	default:
		return wk.cwlExport(t)
	}
}

// open starts a gzip file at rel (slash-separated, under dir).
func (wk *worker) open(rel string, digest bool) error {
	path := filepath.Join(wk.dir, filepath.FromSlash(rel))
	if d := filepath.Dir(path); !wk.dirs[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		wk.dirs[d] = true
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	wk.f, wk.raw, wk.werr = f, 0, nil
	wk.cw = countWriter{w: f}
	wk.bw.Reset(&wk.cw)
	wk.zw.Reset(wk.bw)
	wk.sum = nil
	if digest {
		wk.sum = sha256.New()
	}
	return nil
}

func (wk *worker) write(p []byte) {
	if wk.werr != nil {
		return
	}
	if wk.sum != nil {
		wk.sum.Write(p)
	}
	wk.raw += int64(len(p))
	_, wk.werr = wk.zw.Write(p)
}

// close finishes the file and counts it.
func (wk *worker) close() error {
	err := wk.werr
	if e := wk.zw.Close(); err == nil {
		err = e
	}
	if e := wk.bw.Flush(); err == nil {
		err = e
	}
	if e := wk.f.Close(); err == nil {
		err = e
	}
	wk.f = nil
	if err != nil {
		return err
	}
	wk.acc.files++
	wk.acc.bytes += wk.cw.n
	return nil
}

// ctFile writes one CloudTrail log file: gzip of {"Records":[…]} on one
// line, events in no particular order (as CloudTrail delivers them).
func (wk *worker) ctFile(t *task) (int64, error) {
	w, s := wk.w, t.stream
	r := newRand(w.seed, 1000+t.seq)
	g := &wk.ct
	g.r, g.stream = r, s

	// AWSLogs/[o-…/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16>.json.gz
	key := make([]byte, 0, 160)
	key = append(key, "AWSLogs/"...)
	if s.acct.orgTrail {
		key = append(key, w.orgID...)
		key = append(key, '/')
	}
	key = append(key, s.acct.id...)
	key = append(key, "/CloudTrail/"...)
	key = append(key, s.region...)
	key = append(key, '/')
	key = appendDatePath(key, t.stamp)
	key = append(key, s.acct.id...)
	key = append(key, "_CloudTrail_"...)
	key = append(key, s.region...)
	key = append(key, '_')
	key = appendStamp(key, t.stamp)
	key = append(key, '_')
	key = appendAlnum(key, r, 16)
	key = append(key, ".json.gz"...)
	if err := wk.open("aws/cloudtrail/"+string(key), t.digest); err != nil {
		return 0, err
	}

	wk.write([]byte(`{"Records":[`))
	oldest, newest := int64(math.MaxInt64), int64(0)
	sLeft, bLeft := len(t.ct), t.background
	for i := 0; sLeft+bLeft > 0; i++ {
		ev := &wk.ev
		// Scripted events land at random places among the background.
		if sLeft > 0 && r.IntN(sLeft+bLeft) < sLeft {
			g.reset()
			t.ct[len(t.ct)-sLeft].build(g, ev)
			sLeft--
		} else {
			g.background(ev, t.start+r.Int64N(t.end-t.start))
			bLeft--
		}
		ev.idHi, ev.idLo = r.Uint64(), r.Uint64()
		if i > 0 {
			wk.write([]byte{','})
		}
		g.line = g.appendEvent(g.line[:0], ev)
		wk.write(g.line)
		wk.acc.observe(ev, g.line, s)
		oldest, newest = min(oldest, ev.time), max(newest, ev.time)
	}
	wk.write([]byte(`]}`))
	raw := wk.raw
	var sum string
	if wk.sum != nil {
		sum = hex.EncodeToString(wk.sum.Sum(nil))
	}
	if err := wk.close(); err != nil {
		return 0, err
	}
	if t.digest {
		wk.acc.digest = append(wk.acc.digest, digestEntry{object: string(key), sha256: sum, oldest: oldest, newest: newest})
	}
	return raw, nil
}

// flowFile writes one VPC flow log file: gzip of a header line and one
// record per line.
func (wk *worker) flowFile(t *task) (int64, error) {
	w, v := wk.w, t.vpc
	r := newRand(w.seed, 1000+t.seq)

	// AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/<acct>_vpcflowlogs_<region>_<fl-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz
	key := make([]byte, 0, 160)
	key = append(key, "aws/vpcflow/AWSLogs/"...)
	key = append(key, v.account.id...)
	key = append(key, "/vpcflowlogs/"...)
	key = append(key, v.region...)
	key = append(key, '/')
	key = appendDatePath(key, t.stamp)
	key = append(key, v.account.id...)
	key = append(key, "_vpcflowlogs_"...)
	key = append(key, v.region...)
	key = append(key, '_')
	key = append(key, v.flowLog...)
	key = append(key, '_')
	key = appendStamp(key, t.stamp)
	key = append(key, '_')
	key = appendHex(key, r.Uint64(), 8)
	key = append(key, ".log.gz"...)
	if err := wk.open(string(key), false); err != nil {
		return 0, err
	}

	if v.custom {
		wk.write([]byte(flowHeaderV5 + "\n"))
	} else {
		wk.write([]byte(flowHeaderV2 + "\n"))
	}
	wk.vpc = v
	g := flowGen{w: w, r: r, vpc: v, sink: wk.writeFlow}
	before := wk.acc.flowRecords
	si := 0
	for {
		bLeft := t.background - int(wk.acc.flowRecords-before-int64(si))
		sLeft := len(t.flows) - si
		if bLeft <= 0 && sLeft == 0 {
			break
		}
		if sLeft > 0 && (bLeft <= 0 || r.IntN(sLeft+bLeft) < sLeft) {
			wk.writeFlow(&t.flows[si])
			si++
			continue
		}
		k := v.kinds[pickWeighted(r, v.cum)]
		k.gen(&g, t.start+r.Int64N(t.end-t.start))
	}
	raw := wk.raw
	return raw, wk.close()
}

// writeFlow writes and counts one record of the open flow file.
func (wk *worker) writeFlow(rec *flowRec) {
	wk.line = appendFlowLine(wk.line[:0], wk.vpc, rec)
	wk.line = append(wk.line, '\n')
	wk.write(wk.line)
	wk.acc.flowRecords++
	wk.acc.flows.add(rec)
}

// cwlExport writes the CloudWatch Logs export (create-export-task) of
// the CloudTrail log group's us-west-2 stream for the attack day: one
// line per event, "<timestamp> <record>", in time order.
func (wk *worker) cwlExport(t *task) (int64, error) {
	w, s := wk.w, t.stream
	r := newRand(w.seed, 1000+t.seq)
	g := &wk.ct
	g.r, g.stream = r, s

	type line struct {
		t    int64
		text []byte
	}
	var lines []line
	emit := func(ev *ctEvent) {
		ev.idHi, ev.idLo = r.Uint64(), r.Uint64()
		g.line = g.appendEvent(g.line[:0], ev)
		wk.acc.observe(ev, g.line, s)
		text := appendISO(nil, ev.time)
		text = append(text[:len(text)-1], ".000Z "...) // CloudWatch timestamps carry milliseconds
		text = append(text, g.line...)
		lines = append(lines, line{ev.time, append(text, '\n')})
	}
	for i := 0; i < t.background; i++ {
		g.background(&wk.ev, t.start+r.Int64N(t.end-t.start))
		emit(&wk.ev)
	}
	for _, sc := range t.ct {
		g.reset()
		sc.build(g, &wk.ev)
		emit(&wk.ev)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].t < lines[j].t })

	taskID := string(appendUUID(nil, hashOf(w.seed, hashString("export-task")), hashOf(w.seed, hashString("export-task-2"))))
	rel := "aws/exports/cloudwatch/" + taskID + "/" + s.acct.id + "_CloudTrail_" + s.region + "/000000.gz"
	if err := wk.open(rel, false); err != nil {
		return 0, err
	}
	for _, l := range lines {
		wk.write(l.text)
	}
	raw := wk.raw
	return raw, wk.close()
}

// appendDatePath appends "YYYY/MM/DD/" of a Unix time.
func appendDatePath(b []byte, unix int64) []byte {
	iso := appendISO(nil, unix) // 2024-03-08T10:21:33Z
	b = append(b, iso[0:4]...)
	b = append(b, '/')
	b = append(b, iso[5:7]...)
	b = append(b, '/')
	b = append(b, iso[8:10]...)
	return append(b, '/')
}

// appendStamp appends the YYYYMMDDTHHmmZ of file names.
func appendStamp(b []byte, unix int64) []byte {
	iso := appendISO(nil, unix)
	b = append(b, iso[0:4]...)
	b = append(b, iso[5:7]...)
	b = append(b, iso[8:10]...)
	b = append(b, 'T')
	b = append(b, iso[11:13]...)
	b = append(b, iso[14:16]...)
	return append(b, 'Z')
}
