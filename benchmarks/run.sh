#!/bin/sh
# Runs a benchmark main of this module with the environment oneDNN's OpenMP reads at start-up (Java cannot set it).
#   mvn -B -Pbench -pl benchmarks -am package -DskipTests        # once, writes target/classpath.txt
#   BENCH_THREADS=1 benchmarks/run.sh dev.sheaf.benchmarks.Workloads --workload w1,w4 --backend cpu,reference
#   benchmarks/run.sh org.openjdk.jmh.Main -f 1 -wi 3 -i 5        # the JMH kernel benchmarks
# SHEAF_BUILD_DIR picks the build directory (default target), as -Dsheaf.buildDir does for Maven.
set -e
here=$(cd "$(dirname "$0")" && pwd)
dir="$here/${SHEAF_BUILD_DIR:-target}"
export OMP_NUM_THREADS="${BENCH_THREADS:-2}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
main="$1"
shift
exec java ${JAVA_OPTS:--Xms1g -Xmx1g} -cp "$dir/classes:$(cat "$dir/classpath.txt")" "$main" "$@"
