package dev.sheaf.benchmarks;

import dev.sheaf.Sheaf;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.optimizers.plugin.Adam;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The end-to-end harness: the workloads of {@code ../shared/bench/README.md} on each named backend in one process,
 * printing one {@code RESULT {json}} line per workload and backend (as {@code pytorch_peer.py} does) with the ratio
 * to the {@code reference} backend when that ran too.
 *
 * <pre>
 * benchmarks/run.sh dev.sheaf.benchmarks.Workloads --workload w1,w4 --backend cpu,reference [--data DIR] [--seed N]
 * </pre>
 * {@code BENCH_THREADS} (default 2) is the thread count; run.sh passes it to oneDNN as {@code OMP_NUM_THREADS}.
 * W3 (LSTM) is written with {@code Ops.rnn} ({@link Lstm}); W2 (conv) needs Conv2D/MaxPool layers, which the api
 * does not have yet.
 */
public final class Workloads {
    private static final int BATCH = 128;
    private static final int W1_WARMUP = 20;
    private static final int W1_EPOCHS = 3;
    /** Steps a window of W1's warm-up curve averages. */
    private static final int CURVE_WINDOW = 50;
    private static final int W3_WARMUP = 5;
    private static final int W3_BATCHES = 100;
    private static final int W4_BATCH = 1000;
    private static final int W4_PASSES = 5;
    private static final int W4_B1_WARMUP = 200;

    private Workloads() {
    }

    /** Runs the workloads; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        List<String> workloads = List.of(opts.getOrDefault("workload", "w1,w4").split(","));
        List<String> backends = List.of(opts.getOrDefault("backend", "cpu,reference").split(","));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        Path data = Path.of(opts.getOrDefault("data", System.getenv().getOrDefault("FMNIST_DIR",
                "../shared/datasets/fashion-mnist")));
        FashionMnist train = FashionMnist.read(data, "train");
        FashionMnist test = FashionMnist.read(data, "t10k");
        for (String w : workloads) {
            Map<String, Map<String, Object>> byBackend = new LinkedHashMap<>();
            for (String b : backends) {
                Sheaf.setBackend(b);
                Sheaf.setSeed(seed);
                Map<String, Object> r = switch (w) {
                    case "w1" -> w1(train, test, seed);
                    case "w4" -> w4(test, seed);
                    case "w3" -> w3(train, seed);
                    case "w1k" -> KerasW1.run(train, test, header("w1k", seed));
                    default -> throw new IllegalArgumentException("workload " + w
                            + ": only w1, w1k (W1 through the Keras API), w3 and w4 exist (W2 waits for Conv2D layers)");
                };
                r.put("backend", b);
                byBackend.put(b, r);
            }
            Map<String, Object> ref = byBackend.get("reference");
            for (Map<String, Object> r : byBackend.values()) {
                if (ref != null && r != ref) {
                    for (String k : List.of("train_sps", "b1000_sps", "b1_sps")) {
                        if (r.containsKey(k)) {
                            r.put(k + "_vs_reference", (Double) r.get(k) / (Double) ref.get(k));
                        }
                    }
                }
                System.out.println("RESULT " + Json.of(r));
            }
        }
    }

    private static Map<String, Object> header(String workload, long seed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("peer", "sheaf");
        r.put("workload", workload);
        r.put("seed", seed);
        r.put("threads", threads());
        r.put("rt", "java " + Runtime.version());
        return r;
    }

    /** W1: 20 warm-up batches, then three epochs timed separately; samples/s of the first. */
    static Map<String, Object> w1(FashionMnist train, FashionMnist test, long seed) {
        Map<String, Object> r = header("w1", seed);
        try (Mlp mlp = new Mlp(seed); DeviceBatches b = new DeviceBatches(train, BATCH, seed)) {
            Optimizer adam = new Adam(1e-3); // Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7
            for (int i = 0; i < W1_WARMUP; i++) {
                mlp.step(b, adam, false);
            }
            b.newEpoch();
            List<Double> times = new ArrayList<>();
            List<List<Double>> curves = new ArrayList<>();
            float loss = Float.NaN;
            for (int e = 0; e < W1_EPOCHS; e++) {
                int steps = b.batchesPerEpoch();
                long[] ends = new long[steps + 1];
                ends[0] = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    loss = mlp.step(b, adam, s == steps - 1);
                    ends[s + 1] = System.nanoTime();
                }
                times.add((ends[steps] - ends[0]) / 1e9);
                curves.add(windowMillis(ends, CURVE_WINDOW));
            }
            r.put("epoch_s", times);
            r.put("step_ms_per_" + CURVE_WINDOW, curves);
            r.put("train_sps", train.count / times.get(0));
            r.put("final_loss", (double) loss);
            r.put("test_acc", accuracy(mlp, test));
        }
        return r;
    }

    /**
     * The mean step time in milliseconds of each whole window of {@code window} steps, from the step end times
     * {@code ends} (element 0 is the start): the JIT warm-up curve, which the epoch total hides.
     */
    static List<Double> windowMillis(long[] ends, int window) {
        List<Double> means = new ArrayList<>();
        for (int k = 0; k + window < ends.length; k += window) {
            means.add(Math.round((ends[k + window] - ends[k]) / (window * 1e4)) / 100.0);
        }
        return means;
    }

    /** W3: the LSTM model ({@link Lstm}); 5 warm-up batches, then 100 batches timed; samples/s. */
    static Map<String, Object> w3(FashionMnist train, long seed) {
        Map<String, Object> r = header("w3", seed);
        try (Lstm lstm = new Lstm(seed); DeviceBatches b = new DeviceBatches(train, BATCH, seed)) {
            Optimizer adam = new Adam(1e-3);
            for (int i = 0; i < W3_WARMUP; i++) {
                lstm.step(b, adam, false);
            }
            b.newEpoch();
            float loss = Float.NaN;
            long t0 = System.nanoTime();
            for (int s = 0; s < W3_BATCHES; s++) {
                loss = lstm.step(b, adam, s == W3_BATCHES - 1);
            }
            double dt = (System.nanoTime() - t0) / 1e9;
            r.put("batches", W3_BATCHES);
            r.put("time_s", dt);
            r.put("train_sps", W3_BATCHES * BATCH / dt);
            r.put("final_loss", (double) loss);
        }
        return r;
    }

    private static double accuracy(Mlp mlp, FashionMnist test) {
        int correct = 0;
        for (int i = 0; i < test.count; i += W4_BATCH) {
            int n = Math.min(W4_BATCH, test.count - i);
            float[] p = mlp.predict(rows(test, i, n), n);
            for (int k = 0; k < n; k++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    if (p[k * 10 + c] > p[k * 10 + best]) {
                        best = c;
                    }
                }
                correct += best == test.labels[i + k] ? 1 : 0;
            }
        }
        return (double) correct / test.count;
    }

    /** W4: predict at batch 1000 (1 warm-up + 5 timed passes) and at batch 1 (200 warm-up + 10,000 timed calls). */
    static Map<String, Object> w4(FashionMnist test, long seed) {
        Map<String, Object> r = header("w4", seed);
        int n = test.count;
        // The test set held as one tensor, as the peer holds it in torch: a batch is a slice of it (x[i:i+k]).
        Tensor xs = TensorScope.detach(Ops.constant(test.images, n, FashionMnist.PIXELS));
        try (Mlp mlp = new Mlp(seed); xs) {
            predictAll(mlp, xs, n);
            double[] passes = new double[W4_PASSES];
            for (int p = 0; p < W4_PASSES; p++) {
                long t0 = System.nanoTime();
                predictAll(mlp, xs, n);
                passes[p] = (System.nanoTime() - t0) / 1e9;
            }
            for (int i = 0; i < W4_B1_WARMUP; i++) {
                mlp.predict(xs, i, 1);
            }
            double[] lat = new double[n];
            long all = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                mlp.predict(xs, i, 1); // the slice is part of the call, as x[i:i+1] is in the peer
                lat[i] = (System.nanoTime() - t0) / 1e6;
            }
            double total = (System.nanoTime() - all) / 1e9;
            r.put("b1000_pass_s", Arrays.stream(passes).boxed().toList());
            r.put("b1000_sps", n / median(passes));
            r.put("b1_sps", n / total);
            Arrays.sort(lat);
            r.put("b1_p50_ms", percentile(lat, 50));
            r.put("b1_p99_ms", percentile(lat, 99));
        }
        return r;
    }

    private static void predictAll(Mlp mlp, Tensor xs, int count) {
        for (int i = 0; i < count; i += W4_BATCH) {
            int k = Math.min(W4_BATCH, count - i);
            float[] p = mlp.predict(xs, i, k);
            if (p.length != k * 10) {
                throw new IllegalStateException("predict returned " + p.length + " values for " + k + " rows");
            }
        }
    }

    private static float[] rows(FashionMnist d, int from, int n) {
        return Arrays.copyOfRange(d.images, from * FashionMnist.PIXELS, (from + n) * FashionMnist.PIXELS);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** numpy's default (linear) percentile of sorted values. */
    private static double percentile(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static int threads() {
        String t = System.getenv("BENCH_THREADS");
        return t == null || t.isBlank() ? 2 : Integer.parseInt(t.trim());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: --workload w1,w4 --backend cpu,reference [--data DIR] "
                        + "[--seed N]; bad argument " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    /** Shuffles every epoch (seeded) and gathers each batch into host arrays; the last batch is partial. */
    static final class Batcher {
        private final FashionMnist data;
        private final int batch;
        private final long seed;
        private int epoch = -1;
        private int[] perm;
        private int pos;
        float[] x;
        int[] y;
        int n;

        Batcher(FashionMnist data, int batch, long seed) {
            this.data = data;
            this.batch = batch;
            this.seed = seed;
            newEpoch();
        }

        void newEpoch() {
            epoch++;
            SplittableRandom rnd = new SplittableRandom(seed * 1000 + epoch);
            perm = new int[data.count];
            for (int i = 0; i < perm.length; i++) {
                int j = rnd.nextInt(i + 1);
                perm[i] = perm[j];
                perm[j] = i;
            }
            pos = 0;
        }

        int batchesPerEpoch() {
            return (data.count + batch - 1) / batch;
        }

        /** The indices of the next batch into the data set, in the epoch's shuffled order. */
        int[] nextIndices() {
            if (pos >= data.count) {
                newEpoch();
            }
            int[] idx = Arrays.copyOfRange(perm, pos, Math.min(pos + batch, data.count));
            pos += idx.length;
            return idx;
        }

        /** Gathers the next batch into {@link #x}, {@link #y} and {@link #n}. */
        void next() {
            if (pos >= data.count) {
                newEpoch();
            }
            n = Math.min(batch, data.count - pos);
            x = new float[n * FashionMnist.PIXELS];
            y = new int[n];
            for (int k = 0; k < n; k++) {
                int i = perm[pos + k];
                System.arraycopy(data.images, i * FashionMnist.PIXELS, x, k * FashionMnist.PIXELS,
                        FashionMnist.PIXELS);
                y[k] = data.labels[i];
            }
            pos += n;
        }
    }

    /** Enough JSON for flat maps of numbers, strings and lists of numbers. */
    static final class Json {
        private Json() {
        }

        static String of(Object v) {
            if (v instanceof Map<?, ?> m) {
                StringBuilder sb = new StringBuilder("{");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (sb.length() > 1) {
                        sb.append(", ");
                    }
                    sb.append(of(String.valueOf(e.getKey()))).append(": ").append(of(e.getValue()));
                }
                return sb.append('}').toString();
            }
            if (v instanceof List<?> l) {
                StringBuilder sb = new StringBuilder("[");
                for (Object o : l) {
                    sb.append(sb.length() > 1 ? ", " : "").append(of(o));
                }
                return sb.append(']').toString();
            }
            if (v instanceof Double d) {
                return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d);
            }
            if (v instanceof Number) {
                return v.toString();
            }
            return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
