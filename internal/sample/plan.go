package sample

import (
	"math"
	"time"
)

// Volumes at --scale 1. --scale multiplies the background, never the
// attack, so that the story stays the same at any size.
const (
	baseCloudTrailEvents = 22000  // ×50 ≥ 1M events (and ≥ 1.4 GB of JSON)
	baseFlowRecords      = 102000 // ×50 ≥ 5M records
	exportBackground     = 40     // benign us-west-2 events in the CloudWatch Logs export

	// Estimated uncompressed sizes, only for progress reports.
	estEventBytes = 1330
	estFlowBytes  = 130
)

type taskKind int

const (
	ctFileTask    taskKind = iota // one CloudTrail S3 log file
	flowFileTask                  // one VPC flow log S3 file
	cwlExportTask                 // the CloudWatch Logs export of us-west-2
)

// task is one output file: what goes in it, decided up front so that
// files can be written in any order, by any worker, with the same result.
type task struct {
	kind       taskKind
	seq        uint64 // position in the plan: seeds the file's randomness
	stream     *ctStream
	vpc        *vpcNet
	start, end int64 // the time window the file covers
	stamp      int64 // the time in the file name (delivery)
	background int   // benign events or flow records to generate
	ct         []scriptedCT
	flows      []flowRec
	digest     bool // list the file in the digest file
}

type plan struct {
	tasks    []task
	estimate int64 // uncompressed bytes, roughly
}

// makePlan cuts the week into files and decides how many background
// events or records each holds. The randomness here (window lengths,
// jitter) comes from the plan's own stream.
func makePlan(w *world, scale float64) *plan {
	r := newRand(w.seed, 1)
	p := &plan{}
	var events, flows int64

	scripted := map[string][]scriptedCT{}
	for _, s := range w.scriptedCloudTrail() {
		scripted[s.stream] = append(scripted[s.stream], s)
	}

	// CloudTrail delivers a file per account and region every 5–15
	// minutes, only when there were events.
	for _, s := range w.streams {
		if s.share == 0 {
			continue // not delivered to S3
		}
		var starts, ends []int64
		var weights []float64
		for t := bgStart; t < bgEnd; {
			e := t + int64(between(r, 5, 14))*60 + int64(r.IntN(60))
			if e > bgEnd {
				e = bgEnd
			}
			starts, ends = append(starts, t), append(ends, e)
			weights = append(weights, float64(e-t)*activity(t)*(0.8+0.4*r.Float64()))
			t = e
		}
		counts := allocate(int64(math.Round(baseCloudTrailEvents*s.share*scale)), weights)
		for i := range starts {
			var sc []scriptedCT
			for _, x := range scripted[s.key] {
				if x.t >= starts[i] && x.t < ends[i] {
					sc = append(sc, x)
				}
			}
			if counts[i] == 0 && len(sc) == 0 {
				continue
			}
			t := task{kind: ctFileTask, stream: s, start: starts[i], end: ends[i], stamp: ends[i],
				background: int(counts[i]), ct: sc}
			// One digest file covers the prod us-east-1 files delivered
			// between 10:00 and 11:00 on the attack day.
			t.digest = s.key == "prod/"+regionMain && t.stamp >= at(10, 0, 0) && t.stamp < at(11, 0, 0)
			p.tasks = append(p.tasks, t)
			events += counts[i] + int64(len(sc))
		}
	}

	// VPC flow logs: one file per flow log per ten minutes (longer in
	// small samples).
	flowWindow := flowWindowFor(scale)
	scriptedFlows := w.scriptedFlows(newRand(w.seed, 2))
	for _, v := range w.vpcs {
		n := int((bgEnd - bgStart) / flowWindow)
		weights := make([]float64, n)
		for i := range weights {
			weights[i] = activity(bgStart+int64(i)*flowWindow) * (0.85 + 0.3*r.Float64())
		}
		counts := allocate(int64(math.Round(baseFlowRecords*v.share*scale)), weights)
		recs := scriptedFlows[v]
		for i := range weights {
			start := bgStart + int64(i)*flowWindow
			end := start + flowWindow
			var sf []flowRec
			for len(recs) > 0 && recs[0].start < end {
				sf, recs = append(sf, recs[0]), recs[1:]
			}
			if counts[i] == 0 && len(sf) == 0 {
				continue
			}
			p.tasks = append(p.tasks, task{kind: flowFileTask, vpc: v, start: start, end: end,
				stamp: end + int64(between(r, 0, 4))*60, background: int(counts[i]), flows: sf})
			flows += counts[i] + int64(len(sf))
		}
	}

	// The CloudWatch Logs export: a day of us-west-2.
	west := w.streamByKey("prod/" + regionExport)
	p.tasks = append(p.tasks, task{kind: cwlExportTask, stream: west, start: attackDay, end: attackDay + day,
		background: exportBackground, ct: scripted[west.key]})
	events += exportBackground + int64(len(scripted[west.key]))

	for i := range p.tasks {
		p.tasks[i].seq = uint64(i)
	}
	p.estimate = events*estEventBytes + flows*estFlowBytes
	return p
}

// flowWindowFor is the time a flow log file covers: ten minutes, as AWS
// delivers them, from --scale 0.75 up; below, up to an hour, so that a
// small sample (the tests') is not thousands of files of three records.
// Every choice divides the week evenly.
func flowWindowFor(scale float64) int64 {
	switch {
	case scale >= 0.75:
		return 600
	case scale >= 0.4:
		return 1200
	case scale >= 0.25:
		return 1800
	}
	return 3600
}

// activity is how busy the company is at t, between 0.15 and 1: quiet
// around 06:00 UTC (night in the US), busiest around 18:00 UTC, half as
// busy at weekends.
func activity(t int64) float64 {
	tt := time.Unix(t, 0).UTC()
	h := float64(tt.Hour()) + float64(tt.Minute())/60
	a := 0.3 + 0.7*(0.5-0.5*math.Cos(2*math.Pi*(h-6)/24))
	if wd := tt.Weekday(); wd == time.Saturday || wd == time.Sunday {
		a *= 0.5
	}
	return a
}

// allocate splits total into integer counts proportional to weights that
// add up to exactly total (rounding the running sum, not each share).
func allocate(total int64, weights []float64) []int64 {
	sum := 0.0
	for _, x := range weights {
		sum += x
	}
	counts := make([]int64, len(weights))
	if sum == 0 || total <= 0 {
		return counts
	}
	run, prev := 0.0, int64(0)
	for i, x := range weights {
		run += x
		upto := int64(math.Round(float64(total) * run / sum))
		if i == len(weights)-1 {
			upto = total
		}
		counts[i] = upto - prev
		prev = upto
	}
	return counts
}
