#!/usr/bin/env bash
# Benchmark: cloudhunt ingest and hunts against peers on the same files.
#
#   bench/run.sh                 # scale 50: ≥ 1M CloudTrail events, ≥ 5M flow records
#   SCALE=5 bench/run.sh         # a quicker run
#
# Peers, all on the same evidence and the same cores:
#   zcat      decompression alone (two streams, like cloudhunt's two workers): the ceiling
#   jq        the playbook's StopLogging question as a jq filter over the CloudTrail files
#   duckdb    DuckDB reading the files itself (read_json / read_csv) into tables
# Prints a Markdown table; the generated data stays in $OUT (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-50}
OUT=${OUT:-bench/out}
CORES=$(nproc)
for tool in zcat jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install gzip jq time)" >&2; exit 1; }
done
mkdir -p "$OUT"
go build -o "$OUT/cloudhunt" ./cmd/cloudhunt
go build -o "$OUT/duckdbpeer" ./bench/duckdbpeer
EV="$OUT/evidence"
if [ ! -f "$EV/ground-truth.json" ] || [ "$(jq -r .scale "$EV/ground-truth.json")" != "$SCALE" ]; then
  rm -rf "$EV"
  echo "generating sample evidence at scale $SCALE…" >&2
  "$OUT/cloudhunt" sample --out "$EV" --seed 7 --scale "$SCALE" >&2
fi
CT_LIST="$OUT/cloudtrail-files.txt"; FLOW_LIST="$OUT/flow-files.txt"
find "$EV/aws/cloudtrail" -path '*/CloudTrail/*' -name '*.json.gz' | sort > "$CT_LIST"
find "$EV/aws/vpcflow" -name '*.log.gz' | sort > "$FLOW_LIST"
events=$(jq -r .counts.cloudtrail_events "$EV/ground-truth.json")
flows=$(jq -r .counts.flow_records "$EV/ground-truth.json")
disk=$(du -sb "$EV" | cut -f1)
raw_ct=$(xargs zcat < "$CT_LIST" | wc -c)
raw_flow=$(xargs zcat < "$FLOW_LIST" | wc -c)
raw=$((raw_ct + raw_flow))

# seconds CMD… : wall-clock seconds of a command (stdout discarded)
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
# peak_rss_mb CMD… : peak resident memory of a command, MiB
peak_rss_mb() { /usr/bin/time -f '%M' -o "$OUT/rss.txt" "$@" >"$OUT/stdout.txt" 2>"$OUT/stderr.txt" || { cat "$OUT/stderr.txt" >&2; return 1; }; echo $(( $(tail -1 "$OUT/rss.txt") / 1024 )); }
rate() { echo "scale=1; $1 / $2 / 1000000" | bc -l; }

sync
t_zcat=$(seconds sh -c "cat '$CT_LIST' '$FLOW_LIST' | xargs -P $CORES -n 64 zcat")
t_jq=$(seconds sh -c "xargs -P $CORES -n 64 sh -c 'zcat \"\$@\" | jq -c \".Records[] | select(.eventName == \\\"StopLogging\\\") | {EventId: .eventID, EventName: .eventName, EventTime: .eventTime, Username: .userIdentity.userName}\"' _ < '$CT_LIST'")

rm -rf "$OUT/case"
start=$(date +%s.%N)
# The same files the peer reads: CloudTrail's S3 delivery and the flow logs.
rss_ingest=$(peak_rss_mb "$OUT/cloudhunt" ingest "$EV/aws/cloudtrail" "$EV/aws/vpcflow" --case "$OUT/case")
t_ingest=$(echo "$(date +%s.%N) - $start" | bc -l)
start=$(date +%s.%N)
rss_hunt=$(peak_rss_mb "$OUT/cloudhunt" hunt --case "$OUT/case" --cloud aws)
t_hunt=$(echo "$(date +%s.%N) - $start" | bc -l)

start=$(date +%s.%N)
rss_peer=$(peak_rss_mb "$OUT/duckdbpeer" -db "$OUT/peer.duckdb" -cloudtrail "$EV/aws/cloudtrail/AWSLogs/*/CloudTrail/**/*.json.gz,$EV/aws/cloudtrail/AWSLogs/*/*/CloudTrail/**/*.json.gz" -flow "$EV/aws/vpcflow/**/*.log.gz")
t_peer=$(echo "$(date +%s.%N) - $start" | bc -l)
peer_json=$(cat "$OUT/stdout.txt")

cat <<TABLE
Benchmark: scale $SCALE — $events CloudTrail events, $flows flow records; $(echo "scale=1; $disk/1048576" | bc) MiB on disk, $(echo "scale=1; $raw/1048576" | bc) MiB decompressed; $CORES cores

| run | seconds | MB/s (decompressed input) | events/s | peak RSS MiB |
|---|---|---|---|---|
| zcat, $CORES streams (ceiling) | $(printf %.2f "$t_zcat") | $(rate $raw $t_zcat) | | |
| jq StopLogging filter, $CORES streams (CloudTrail only) | $(printf %.2f "$t_jq") | $(rate $raw_ct $t_jq) | | |
| DuckDB read_json + read_csv into tables | $(printf %.2f "$t_peer") | $(rate $raw $t_peer) | $(echo "($events + $flows) / $t_peer" | bc) | $rss_peer |
| **cloudhunt ingest** | $(printf %.2f "$t_ingest") | $(rate $raw $t_ingest) | $(echo "($events + $flows) / $t_ingest" | bc) | $rss_ingest |
| **cloudhunt hunt** (the AWS hunts) | $(printf %.2f "$t_hunt") | | | $rss_hunt |

DuckDB peer detail: $peer_json
Ratios: cloudhunt ingest / zcat throughput = $(echo "scale=2; $t_zcat / $t_ingest" | bc -l); cloudhunt ingest / DuckDB peer throughput = $(echo "scale=2; $t_peer / $t_ingest" | bc -l)
TABLE
