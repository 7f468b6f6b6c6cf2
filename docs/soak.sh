#!/bin/sh
# Soak run of the small CNN (docs/reliability.md, "Long runs and memory"): trains the README's
# example for many epochs with the README's JVM flags and records, at the end of every epoch,
# the resident memory, the heap in use after a full GC, the live threads and the open file
# descriptors of the training JVM.
#
# usage: docs/soak.sh [epochs] [batches per epoch] [minutes at most]   (defaults: 50 100 45)
# Build first: mvn -B -q -o -DskipTests package. Needs jcmd (the JDK's) and Linux's /proc.
# Writes runs/soak-<time>/{train.log,epochs.tsv}; epochs.tsv has one row per epoch:
#   epoch  seconds  rss_mb  heap_after_gc_min_mb  heap_after_gc_max_mb  threads  fds
set -eu
EPOCHS=${1:-50}
BATCHES=${2:-100}
MINUTES=${3:-45}
DATA=${TAUON_CIFAR10:-../shared/datasets/cifar-10/cifar-10-binary.tar.gz}
# A copy of the jar, so that a build during the run cannot replace the classes under the JVM.
JAR=${TAUON_JAR:-examples/target/tauon-examples.jar}
OUT=runs/soak-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$OUT"

# The README's command line; a 2% validation split keeps the per-epoch evaluation short.
nice -n 19 java -XX:+UseSerialGC -Xmx512m --add-modules jdk.incubator.vector \
    -jar "$JAR" --data "$DATA" --epochs "$EPOCHS" --limit-batches "$BATCHES" \
    --val-split 0.02 --no-progress --output "$OUT/run" > "$OUT/train.log" 2>&1 &
PID=$!
START=$(date +%s)
DEADLINE=$((START + MINUTES * 60))
printf 'epoch\tseconds\trss_mb\theap_after_gc_min_mb\theap_after_gc_max_mb\tthreads\tfds\n' > "$OUT/epochs.tsv"
SEEN=0
while kill -0 "$PID" 2>/dev/null; do
    DONE=$(grep -c 'Epoch [0-9]*/[0-9]*:' "$OUT/train.log" || true)
    if [ "$DONE" -gt "$SEEN" ]; then
        SEEN=$DONE
        # A full GC first, so the heap figure is what is live, not garbage not yet collected. What
        # is live also depends on the moment (a batch's activations, the prefetched batches), so
        # three samples a second apart: the smallest is the run's baseline, the largest its peak.
        HEAP_KB=999999999
        HEAP_MAX_KB=0
        for SAMPLE in 1 2 3; do
            nice -n 19 jcmd "$PID" GC.run > /dev/null 2>&1 || true
            KB=$(nice -n 19 jcmd "$PID" GC.heap_info 2>/dev/null | awk '/def new generation|tenured generation/ {
                for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); sum += v } } END { print sum + 0 }')
            [ "$KB" -lt "$HEAP_KB" ] && HEAP_KB=$KB
            [ "$KB" -gt "$HEAP_MAX_KB" ] && HEAP_MAX_KB=$KB
            sleep 1
        done
        RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
        THREADS=$(awk '/^Threads:/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
        FDS=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l)
        printf '%d\t%d\t%.1f\t%.1f\t%.1f\t%d\t%d\n' "$SEEN" $(( $(date +%s) - START )) \
            "$(echo "$RSS_KB / 1024" | bc -l)" "$(echo "$HEAP_KB / 1024" | bc -l)" "$(echo "$HEAP_MAX_KB / 1024" | bc -l)" "$THREADS" "$FDS" >> "$OUT/epochs.tsv"
    fi
    if [ "$(date +%s)" -ge "$DEADLINE" ]; then
        echo "soak: time limit of $MINUTES minutes reached after $SEEN epochs" >> "$OUT/epochs.tsv.note"
        kill "$PID"
        break
    fi
    sleep 1
done
wait "$PID" 2>/dev/null || true
echo "$OUT"
cat "$OUT/epochs.tsv"
