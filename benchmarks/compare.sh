#!/bin/sh
# Sheaf's cpu backend and the PyTorch peer on one workload, interleaved (one run of each, REPS times), printing the
# ratio of each pair: on a shared host only ratios taken back to back mean anything.
#   benchmarks/compare.sh w1|w1k|w3|w4 THREADS [REPS]     (after mvn -B -q -Pbench -pl benchmarks -am package -DskipTests)
# PEER overrides the peer script (default ../shared/bench/pytorch_peer.py beside the repository).
set -e
here=$(cd "$(dirname "$0")" && pwd)
workload="$1"
threads="$2"
reps="${3:-3}"
peer="${PEER:-$here/../../shared/bench/pytorch_peer.py}"
i=0
while [ "$i" -lt "$reps" ]; do
    sheaf=$(BENCH_THREADS="$threads" "$here/run.sh" dev.sheaf.benchmarks.Workloads --workload "$workload" \
        --backend cpu 2>/dev/null | sed -n 's/^RESULT //p')
    # w1k is W1 through the Keras API: the peer's side of it is W1.
    torch=$(BENCH_THREADS="$threads" /usr/bin/python3 "$peer" --workload "$(echo "$workload" | sed 's/^w1k$/w1/')" \
        | sed -n 's/^RESULT //p')
    /usr/bin/python3 - "$workload" "$sheaf" "$torch" <<'PY'
import json, sys
w, s, p = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
if w in ("w1", "w1k"):
    a, b = s["epoch_s"], p["epoch_s"]
    print(w + " epochs s: sheaf %s torch %s | first epoch %.2fx, third %.2fx"
          % ([round(x, 3) for x in a], [round(x, 3) for x in b], b[0] / a[0], b[2] / a[2]))
    if "step_ms_per_50" in s:
        c = s["step_ms_per_50"]
        print("   sheaf ms/step by 50 steps: first epoch %s, third %s" % (c[0], c[2]))
elif w == "w4":
    print("w4 b1000 samples/s: sheaf %.0f torch %.0f (%.2fx) | b1 p50 ms: sheaf %.4f torch %.4f"
          % (s["b1000_sps"], p["b1000_sps"], s["b1000_sps"] / p["b1000_sps"], s["b1_p50_ms"], p["b1_p50_ms"]))
else:
    print("%s samples/s: sheaf %.0f torch %.0f (%.2fx)" % (w, s["train_sps"], p["train_sps"],
                                                          s["train_sps"] / p["train_sps"]))
PY
    i=$((i + 1))
done
