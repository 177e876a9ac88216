// Package e2e holds the end-to-end tests: sample evidence → ingest → hunts,
// checked against the sample's ground truth.
package e2e
