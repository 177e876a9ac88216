package sample

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"

	"github.com/klauspost/compress/gzip"
)

// lookupEvent is a ListBuckets event of prod us-east-1, kept for the
// lookup-events export.
type lookupEvent struct {
	time     int64
	id       string
	key      string
	username string
	record   string // the record exactly as written to S3
}

// writeLookupEvents writes aws/exports/lookup-events-ListBuckets.json: what
// `aws cloudtrail lookup-events --lookup-attributes
// AttributeKey=EventName,AttributeValue=ListBuckets` prints in us-east-1:
// every page merged (the CLI follows NextToken itself), newest first, the
// members in the order of the API model (API_Event.html), ReadOnly as a
// string, CloudTrailEvent as the record in a JSON string, and EventTime in
// ISO-8601 as the CLI prints it on a UTC machine. The same events are in
// the S3 files: real evidence overlaps, and ingest must not count them
// twice.
//
// The output is written as it goes rather than built with encoding/json:
// at --scale 50 it holds some 20,000 events (35 MB).
func writeLookupEvents(dir string, acc *accum) error {
	evs := acc.lookup
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].time != evs[j].time {
			return evs[i].time > evs[j].time
		}
		return evs[i].id > evs[j].id
	})
	path := filepath.Join(dir, "aws", "exports", "lookup-events-ListBuckets.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := &countWriter{w: f}
	bw := bufio.NewWriterSize(cw, 256<<10)
	b := make([]byte, 0, 4096)
	bw.WriteString("{\n    \"Events\": [")
	for i, e := range evs {
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		iso := isoTime(e.time)
		b = append(b, "\n        {"...)
		b = appendLookupField(b, "EventId", e.id, false)
		b = appendLookupField(b, "EventName", "ListBuckets", true)
		b = appendLookupField(b, "ReadOnly", "true", true)
		if e.key != "" {
			b = appendLookupField(b, "AccessKeyId", e.key, true)
		}
		b = appendLookupField(b, "EventTime", iso[:len(iso)-1]+"+00:00", true)
		b = appendLookupField(b, "EventSource", "s3.amazonaws.com", true)
		if e.username != "" {
			b = appendLookupField(b, "Username", e.username, true)
		}
		b = append(b, ",\n            \"Resources\": []"...)
		b = appendLookupField(b, "CloudTrailEvent", e.record, true)
		b = append(b, "\n        }"...)
		bw.Write(b)
	}
	if len(evs) > 0 {
		bw.WriteString("\n    ")
	}
	bw.WriteString("]\n}\n")
	err = bw.Flush()
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return err
	}
	acc.files++
	acc.bytes += cw.n
	return nil
}

// appendLookupField appends one member of a lookup-events event, indented
// as the AWS CLI indents its JSON output (four spaces a level).
func appendLookupField(b []byte, name, value string, comma bool) []byte {
	if comma {
		b = append(b, ',')
	}
	b = append(b, "\n            \""...)
	b = append(b, name...)
	b = append(b, "\": "...)
	return appendJSONString(b, value)
}

// writeJSONFile writes v as indented JSON (the AWS CLI's four spaces, or
// two for our own files), without HTML escaping, and returns its size.
func writeJSONFile(path string, v any, indent string) (int64, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	return int64(buf.Len()), os.WriteFile(path, buf.Bytes(), 0o644)
}

// digestEntry is a log file listed in the digest file.
type digestEntry struct {
	object         string // S3 key
	sha256         string // of the uncompressed file
	oldest, newest int64
}

// A CloudTrail digest file (cloudtrail-log-file-validation-digest-file-structure).
type digestFile struct {
	AWSAccountID                string          `json:"awsAccountId"`
	DigestStartTime             string          `json:"digestStartTime"`
	DigestEndTime               string          `json:"digestEndTime"`
	DigestS3Bucket              string          `json:"digestS3Bucket"`
	DigestS3Object              string          `json:"digestS3Object"`
	DigestPublicKeyFingerprint  string          `json:"digestPublicKeyFingerprint"`
	DigestSignatureAlgorithm    string          `json:"digestSignatureAlgorithm"`
	NewestEventTime             string          `json:"newestEventTime"`
	OldestEventTime             string          `json:"oldestEventTime"`
	PreviousDigestS3Bucket      string          `json:"previousDigestS3Bucket"`
	PreviousDigestS3Object      string          `json:"previousDigestS3Object"`
	PreviousDigestHashValue     string          `json:"previousDigestHashValue"`
	PreviousDigestHashAlgorithm string          `json:"previousDigestHashAlgorithm"`
	PreviousDigestSignature     string          `json:"previousDigestSignature"`
	LogFiles                    []digestLogFile `json:"logFiles"`
}

type digestLogFile struct {
	S3Bucket        string `json:"s3Bucket"`
	S3Object        string `json:"s3Object"`
	HashValue       string `json:"hashValue"`
	HashAlgorithm   string `json:"hashAlgorithm"`
	NewestEventTime string `json:"newestEventTime"`
	OldestEventTime string `json:"oldestEventTime"`
}

// writeDigest writes the hourly digest file of prod us-east-1 for 10:00–
// 11:00 on the attack day, with the real SHA-256 of the files it lists. It
// holds no events: ingest must recognise it and skip it.
func writeDigest(dir string, w *world, acc *accum) error {
	entries := acc.digest
	sort.Slice(entries, func(i, j int) bool { return entries[i].object < entries[j].object })
	name := func(t int64) string {
		iso := isoTime(t) // 2024-03-08T11:15:16Z → 20240308T111516Z
		stamp := iso[0:4] + iso[5:7] + iso[8:10] + "T" + iso[11:13] + iso[14:16] + iso[17:19] + "Z"
		return "AWSLogs/" + w.prod.id + "/CloudTrail-Digest/" + regionMain + "/" + iso[0:4] + "/" + iso[5:7] + "/" + iso[8:10] + "/" +
			w.prod.id + "_CloudTrail-Digest_" + regionMain + "_" + w.atk.mainTrail + "_" + regionMain + "_" + stamp + ".json.gz"
	}
	hexOf := func(label string, n int) string {
		var b []byte
		for i := 0; len(b) < n; i++ {
			b = appendHex(b, hashOf(w.seed, hashString(label), uint64(i)), 16)
		}
		return string(b[:n])
	}
	d := digestFile{
		AWSAccountID:                w.prod.id,
		DigestStartTime:             isoTime(at(10, 0, 0)),
		DigestEndTime:               isoTime(at(11, 0, 0)),
		DigestS3Bucket:              w.trailBucket,
		DigestS3Object:              name(at(11, 15, 16)),
		DigestPublicKeyFingerprint:  hexOf("fingerprint", 32),
		DigestSignatureAlgorithm:    "SHA256withRSA",
		PreviousDigestS3Bucket:      w.trailBucket,
		PreviousDigestS3Object:      name(at(10, 15, 9)),
		PreviousDigestHashValue:     hexOf("previous-hash", 64),
		PreviousDigestHashAlgorithm: "SHA-256",
		PreviousDigestSignature:     hexOf("previous-signature", 512),
		LogFiles:                    []digestLogFile{},
	}
	oldest, newest := int64(0), int64(0)
	for _, e := range entries {
		d.LogFiles = append(d.LogFiles, digestLogFile{S3Bucket: w.trailBucket, S3Object: e.object, HashValue: e.sha256,
			HashAlgorithm: "SHA-256", NewestEventTime: isoTime(e.newest), OldestEventTime: isoTime(e.oldest)})
		if oldest == 0 || e.oldest < oldest {
			oldest = e.oldest
		}
		newest = max(newest, e.newest)
	}
	if len(entries) > 0 {
		d.OldestEventTime, d.NewestEventTime = isoTime(oldest), isoTime(newest)
	}
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "aws", "cloudtrail", filepath.FromSlash(d.DigestS3Object))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(body) // writes to a bytes.Buffer cannot fail
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	acc.files++
	acc.bytes += int64(buf.Len())
	return nil
}
