#!/usr/bin/env bash
# Runs one benchmark profile on two checkouts in turn (A B A B …) in one invocation, so a
# before/after comparison is not spoiled by this VM's ±20 % swing between runs; prints each round's
# figures. Example (the consolidation's referral comparison, docs/benchmarks.md):
#   git worktree add /tmp/before <commit>
#   scripts/benchmark-alternate.sh /tmp/before . 2 benchmark-referral -Dbenchmark.rate=50
# Each side builds its own reactor (-pl fhir-server -am); nothing is installed.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 <checkout A> <checkout B> <rounds> <maven profile> [-Dbenchmark.…=…]" >&2
  exit 2
fi
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); rounds=$3; profile=$4; shift 4
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    dir=$a; [ "$side" = B ] && dir=$b
    log=$(mktemp)
    started=$(date -u +%H:%M:%S)
    if ! (cd "$dir" && mvn -B -q -pl fhir-server -am -P"$profile" -Dspotless.check.skip=true \
        verify "$@" >"$log" 2>&1); then
      echo "== round $round, $side failed ($dir):"; tail -40 "$log"; exit 1
    fi
    echo "== round $round, $side: $(git -C "$dir" rev-parse --short HEAD) (started $started UTC)"
    grep -E '^(warm-up|referrals|POST to|CPU per|notifications|audit queue|enrolments|worklist|step advance|\$shared-care-plan|\$summary|CDS Hooks)|AuditEvents queued at shutdown' \
      "$log" || tail -20 "$log"
    rm -f "$log"
  done
done
