package dev.sheaf.backend.cpu;

import dev.sheaf.spi.ConvSpec;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Hand-run measurement behind {@link Convolution}'s layout rule (not a test: surefire does not pick it up). For each
 * shape it times forward, backward-data and backward-weights under each layout policy (plain, any, weights-only any,
 * and the rule's choice) <em>interleaved</em>: per round each policy in turn (rotating which goes first) runs the three
 * in sequence, as a training step does, so that load from other processes on a shared machine hits all alike. It
 * prints medians, minima and their ratios to the first policy. The policies are forced through
 * {@link Convolution#layouts}; "plain" is exactly the convolution before any layouts were used (strided channels-last
 * descriptors, no reorders). Put {@code api/target-loops/classes} before the dependency class path if the api in the
 * local Maven repository is older than the tree.
 *
 * <pre>
 * mvn -B -q -Dsheaf.buildDir=target-loops -pl backend-cpu -am test-compile
 * mvn -B -q -Dsheaf.buildDir=target-loops -pl backend-cpu dependency:build-classpath -Dmdep.outputFile=cp.txt
 * OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive java [-Dpolicies=plain,auto] [-Dops=fwd,bwd\ data] \
 *     -cp backend-cpu/target-loops/test-classes:backend-cpu/target-loops/classes:$(cat backend-cpu/cp.txt) \
 *     dev.sheaf.backend.cpu.ConvLayoutTiming [rounds, default 15] [w2a,w2b,r56,...]
 * </pre>
 */
public final class ConvLayoutTiming {
    private record Case(String name, long batch, long size, long in, long out, int pad, int stride, int groups) {
        Case(String name, long batch, long size, long in, long out, int pad, int stride) {
            this(name, batch, size, in, out, pad, stride, 1);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("w2a", 128, 28, 1, 32, 0, 1),
            new Case("w2b", 128, 13, 32, 64, 0, 1),
            new Case("r56", 32, 56, 64, 64, 1, 1),
            new Case("c32", 128, 32, 3, 32, 1, 1),
            new Case("c16", 128, 16, 32, 64, 1, 1),
            new Case("s2", 128, 28, 32, 64, 1, 2),
            new Case("b1", 1, 56, 64, 64, 1, 1),
            new Case("g1", 128, 32, 1, 32, 1, 1),
            new Case("g3", 128, 28, 3, 32, 0, 1),
            new Case("m16", 128, 28, 16, 32, 0, 1),
            new Case("m32", 64, 28, 32, 32, 1, 1),
            new Case("dw", 128, 28, 32, 32, 1, 1, 32));

    /** The policies compared, the first being the basis of the ratios; {@code -Dpolicies=plain,auto} narrows them. */
    private static final Convolution.Layouts[] POLICIES = Arrays.stream(System.getProperty("policies",
            "plain,any,weights,auto").split(",")).map(p -> Convolution.Layouts.valueOf(p.trim().toUpperCase(Locale.ROOT)))
            .toArray(Convolution.Layouts[]::new);

    /** The ops timed ({@code -Dops=fwd,bwd data,bwd weights}); the others are not run at all. */
    private static final List<String> OPS = Arrays.asList(System.getProperty("ops", "fwd,bwd data,bwd weights")
            .split(","));

    private ConvLayoutTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> only = args.length > 1 ? Arrays.asList(args[1].split(",")) : null;
        CpuBackend cpu = new CpuBackend();
        for (Case c : CASES) {
            if (only != null && !only.contains(c.name())) {
                continue;
            }
            ConvSpec spec = new ConvSpec(new int[] {c.stride(), c.stride()}, new int[][] {{c.pad(), c.pad()},
                {c.pad(), c.pad()}}, new int[] {1, 1}, c.groups());
            Shape xs = Shape.of(c.batch(), c.size(), c.size(), c.in());
            Shape ks = Shape.of(3, 3, c.in() / c.groups(), c.out());
            long o = spec.outputSize(0, c.size(), 3);
            Shape gs = Shape.of(c.batch(), o, o, c.out());
            try (Tensor x = random(cpu, xs, 1); Tensor k = random(cpu, ks, 2); Tensor g = random(cpu, gs, 3)) {
                time(c.name(), rounds, List.of(() -> cpu.conv(x, k, spec), () -> cpu.convBackwardData(g, k, xs, spec),
                        () -> cpu.convBackwardFilter(x, g, ks, spec)));
            }
        }
        Convolution.layouts = Convolution.Layouts.AUTO;
        cpu.close();
    }

    private static Tensor random(CpuBackend cpu, Shape s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[s.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return cpu.fromFloats(v, s);
    }

    /**
     * Times {@code ops} (forward, backward data, backward weights) as a training step runs them: per round, each policy
     * in turn (rotating which goes first) runs the three in sequence.
     */
    private static void time(String label, int rounds, List<Supplier<Tensor>> ops) {
        Convolution.Layouts[] policies = POLICIES;
        int n = policies.length;
        String[] names = {"fwd", "bwd data", "bwd weights"};
        double[][][] ms = new double[ops.size()][n][rounds];
        for (Convolution.Layouts p : policies) {
            Convolution.layouts = p;
            for (int i = 0; i < 2; i++) {
                for (Supplier<Tensor> op : ops) {
                    op.get().close();
                }
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < n; j++) {
                int which = (r + j) % n;
                Convolution.layouts = policies[which];
                for (int o = 0; o < ops.size(); o++) {
                    if (!OPS.contains(names[o])) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    ops.get(o).get().close();
                    ms[o][which][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        for (int o = 0; o < ops.size(); o++) {
            if (!OPS.contains(names[o])) {
                continue;
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s", label + " " + names[o]));
            double basis = 0;
            double basisMin = 0;
            for (int i = 0; i < n; i++) {
                double[] v = ms[o][i].clone();
                Arrays.sort(v);
                double med = v[v.length / 2];
                double min = v[0];
                if (i == 0) {
                    basis = med;
                    basisMin = min;
                    sb.append(String.format(Locale.ROOT, " | %s median %8.2f ms min %8.2f",
                            policies[i].name().toLowerCase(Locale.ROOT), med, min));
                } else {
                    sb.append(String.format(Locale.ROOT, " | %s median %8.2f (%.2f) min %8.2f (%.2f)",
                            policies[i].name().toLowerCase(Locale.ROOT), med, med / basis, min, min / basisMin));
                }
            }
            System.out.println(sb);
        }
    }
}
