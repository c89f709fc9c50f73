package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** Differential cases of convolution, pooling (forward and backward), softmax and the fused cross-entropy. */
final class NnCases {
    private NnCases() {
    }

    /** A convolution: input and kernel shapes, geometry, and the input's layout. */
    record Conv(String label, Shape x, Shape kernel, ConvSpec spec, Layout layout) {
        Conv(String label, Shape x, Shape kernel, ConvSpec spec) {
            this(label, x, kernel, spec, Layout.CONTIGUOUS);
        }

        Shape output() {
            int n = spec.spatialRank();
            long[] o = new long[n + 2];
            o[0] = x.dim(0);
            for (int i = 0; i < n; i++) {
                o[i + 1] = spec.outputSize(i, x.dim(i + 1), kernel.dim(i));
            }
            o[n + 1] = kernel.dim(-1);
            return Shape.of(o);
        }

        /** Products summed into one output element: window taps times input channels per group. */
        long taps() {
            return kernel.elementCount() / Math.max(1, kernel.dim(-1));
        }
    }

    static ConvSpec spec(int[] strides, int[][] padding, int[] dilation, int groups) {
        return new ConvSpec(strides, padding, dilation, groups);
    }

    static final List<Conv> CONVS = List.of(
            new Conv("1-d", Shape.of(2, 7, 3), Shape.of(3, 3, 4), ConvSpec.simple(1)),
            new Conv("1-d stride 2 padding (1, 2)", Shape.of(2, 7, 3), Shape.of(3, 3, 4),
                    spec(new int[] {2}, new int[][] {{1, 2}}, new int[] {1}, 1)),
            new Conv("1-d dilation 2 padding 2 groups 3", Shape.of(2, 9, 3), Shape.of(3, 1, 6),
                    spec(new int[] {1}, new int[][] {{2, 2}}, new int[] {2}, 3)),
            new Conv("2-d", Shape.of(2, 5, 6, 4), Shape.of(3, 2, 4, 6), ConvSpec.simple(2)),
            new Conv("2-d stride (2, 1) padding dilation (1, 2) groups 2", Shape.of(2, 5, 6, 4), Shape.of(3, 2, 2, 6),
                    spec(new int[] {2, 1}, new int[][] {{1, 0}, {2, 1}}, new int[] {1, 2}, 2)),
            new Conv("2-d 1x1", Shape.of(1, 3, 3, 5), Shape.of(1, 1, 5, 2), ConvSpec.simple(2)),
            new Conv("2-d depthwise", Shape.of(1, 4, 4, 3), Shape.of(2, 2, 1, 3),
                    spec(new int[] {1, 1}, new int[][] {{0, 1}, {1, 0}}, new int[] {1, 1}, 3)),
            new Conv("3-d stride (1, 2, 1)", Shape.of(1, 4, 4, 3, 2), Shape.of(2, 2, 2, 2, 3),
                    spec(new int[] {1, 2, 1}, new int[][] {{0, 0}, {1, 0}, {0, 1}}, new int[] {1, 1, 1}, 1)),
            new Conv("empty batch", Shape.of(0, 5, 3), Shape.of(2, 3, 2), ConvSpec.simple(1)),
            new Conv("empty output (kernel wider than input)", Shape.of(1, 2, 3), Shape.of(4, 3, 2),
                    ConvSpec.simple(1)),
            new Conv("2-d strided input", Shape.of(2, 5, 6, 4), Shape.of(3, 2, 4, 6),
                    spec(new int[] {1, 2}, new int[][] {{1, 1}, {0, 0}}, new int[] {1, 1}, 1), Layout.STRIDED),
            new Conv("2-d transposed input", Shape.of(1, 4, 4, 2), Shape.of(2, 2, 2, 3), ConvSpec.simple(2),
                    Layout.TRANSPOSED));

    static Stream<DynamicNode> conv(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("conv" + dt);
            List<DynamicNode> fwd = new ArrayList<>();
            List<DynamicNode> bwdData = new ArrayList<>();
            List<DynamicNode> bwdFilter = new ArrayList<>();
            for (Conv c : CONVS) {
                HostTensor x = rnd.of(dt, c.x());
                HostTensor k = rnd.of(dt, c.kernel());
                HostTensor g = rnd.of(dt, c.output());
                String name = c.spec().toString();
                fwd.add(h.compare(c.label(), "conv " + name, h.accumulation(dt, c.taps() * x.maxAbs() * k.maxAbs()),
                        (b, xs) -> b.conv(xs.get(0), xs.get(1), c.spec()), in("x", x, c.layout()), in("kernel", k)));
                bwdData.add(h.compare(c.label(), "convBackwardData " + name,
                        h.accumulation(dt, c.kernel().elementCount() * g.maxAbs() * k.maxAbs()),
                        (b, xs) -> b.convBackwardData(xs.get(0), xs.get(1), c.x(), c.spec()),
                        in("gradOutput", g, c.layout()), in("kernel", k)));
                bwdFilter.add(h.compare(c.label(), "convBackwardFilter " + name,
                        h.accumulation(dt, Math.max(1, c.output().elementCount()) * x.maxAbs() * g.maxAbs()),
                        (b, xs) -> b.convBackwardFilter(xs.get(0), xs.get(1), c.kernel(), c.spec()),
                        in("x", x, c.layout()), in("gradOutput", g)));
            }
            return dynamicContainer(dt.toString(), List.of(dynamicContainer("conv", fwd),
                    dynamicContainer("convBackwardData", bwdData), dynamicContainer("convBackwardFilter", bwdFilter)));
        });
    }

    /** A pooling: input shape, geometry, input layout. */
    record Pool(String label, Shape x, PoolSpec spec, Layout layout) {
        Pool(String label, Shape x, PoolSpec spec) {
            this(label, x, spec, Layout.CONTIGUOUS);
        }

        Shape output() {
            int n = spec.spatialRank();
            long[] o = x.dims();
            for (int i = 0; i < n; i++) {
                o[i + 1] = spec.outputSize(i, x.dim(i + 1));
            }
            return Shape.of(o);
        }
    }

    static final List<Pool> POOLS = List.of(
            new Pool("1-d window 2", Shape.of(2, 6, 3), PoolSpec.of(1, 2)),
            new Pool("1-d window 3 stride 1 padding 1", Shape.of(2, 5, 2),
                    new PoolSpec(new int[] {3}, new int[] {1}, new int[][] {{1, 1}})),
            new Pool("1-d window 2 stride 3 (gaps)", Shape.of(1, 7, 2),
                    new PoolSpec(new int[] {2}, new int[] {3}, new int[][] {{0, 0}})),
            new Pool("2-d 2x2", Shape.of(2, 4, 4, 3), PoolSpec.of(2, 2)),
            new Pool("2-d window (3, 2) stride (2, 1) padding", Shape.of(1, 5, 4, 2),
                    new PoolSpec(new int[] {3, 2}, new int[] {2, 1}, new int[][] {{1, 1}, {0, 1}})),
            new Pool("3-d 2x2x2", Shape.of(1, 4, 4, 4, 1), PoolSpec.of(3, 2)),
            new Pool("window wider than input, padded", Shape.of(1, 2, 1),
                    new PoolSpec(new int[] {3}, new int[] {1}, new int[][] {{1, 1}})),
            new Pool("empty batch", Shape.of(0, 4, 2), PoolSpec.of(1, 2)),
            new Pool("2-d strided input", Shape.of(2, 4, 4, 3), PoolSpec.of(2, 2), Layout.STRIDED),
            new Pool("2-d transposed input overlapping", Shape.of(1, 5, 5, 2),
                    new PoolSpec(new int[] {3, 3}, new int[] {2, 2}, new int[][] {{1, 1}, {1, 1}}),
                    Layout.TRANSPOSED));

    static Stream<DynamicNode> pool(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            List<DynamicNode> modes = new ArrayList<>();
            for (PoolMode mode : PoolMode.values()) {
                RandomTensors rnd = RandomTensors.forCase("pool" + mode + dt);
                List<DynamicNode> fwd = new ArrayList<>();
                List<DynamicNode> bwd = new ArrayList<>();
                for (Pool p : POOLS) {
                    // Max pooling on few distinct values: ties decide where the gradient goes.
                    HostTensor x = mode == PoolMode.MAX ? rnd.choose(dt, p.x(), -1, 0, 1, 2, -0.5)
                            : rnd.of(dt, p.x());
                    HostTensor g = rnd.of(dt, p.output());
                    Tolerance tol = mode == PoolMode.MAX ? Tolerance.EXACT : h.accumulation(dt, x.maxAbs());
                    String name = "pool " + mode + " " + p.spec();
                    fwd.add(h.compare(p.label(), name, tol, (b, xs) -> b.pool(mode, xs.get(0), p.spec()),
                            in("x", x, p.layout())));
                    bwd.add(h.compare(p.label(), "poolBackward " + mode + " " + p.spec(),
                            h.accumulation(dt, 4 * g.maxAbs()),
                            (b, xs) -> b.poolBackward(mode, xs.get(0), xs.get(1), p.spec()), in("x", x, p.layout()),
                            in("gradOutput", g, p.layout() == Layout.STRIDED ? Layout.STRIDED : Layout.CONTIGUOUS)));
                }
                modes.add(dynamicContainer(mode.name(), List.of(dynamicContainer("pool", fwd),
                        dynamicContainer("poolBackward", bwd))));
            }
            return dynamicContainer(dt.toString(), modes);
        });
    }

    static Stream<DynamicNode> softmax(Harness h) {
        return Stream.of("softmax", "logSoftmax").map(name -> dynamicContainer(name, h.floatTypes().stream()
                .map(dt -> {
                    boolean log = name.equals("logSoftmax");
                    RandomTensors rnd = RandomTensors.forCase(name + dt);
                    List<DynamicNode> cases = new ArrayList<>();
                    Object[][] shapes = {{Shape.of(3, 5), 0}, {Shape.of(3, 5), 1}, {Shape.of(2, 3, 4), 0},
                        {Shape.of(2, 3, 4), 1}, {Shape.of(2, 3, 4), 2}, {Shape.of(1), 0}, {Shape.of(0, 4), 1}};
                    for (Object[] sa : shapes) {
                        Shape s = (Shape) sa[0];
                        int axis = (Integer) sa[1];
                        HostTensor x = rnd.normal(dt, s, 3);
                        for (Layout l : new Layout[] {Layout.CONTIGUOUS, Layout.TRANSPOSED}) {
                            if (l.fits(s.rank())) {
                                cases.add(h.compare(s + " axis " + axis + " " + l.label(), name + " axis " + axis,
                                        h.accumulation(dt, s.dim(axis) * (log ? x.maxAbs() : 1)),
                                        (b, xs) -> log ? b.logSoftmax(xs.get(0), axis) : b.softmax(xs.get(0), axis),
                                        in("x", x, l)));
                            }
                        }
                    }
                    HostTensor big = HostTensor.of(dt, Shape.of(2, 3), 1000, 1001, 999, -1000, -1e30, -999);
                    cases.add(h.compare("large magnitudes " + big.preview(), name + " axis 1",
                            h.accumulation(dt, log ? 3000 : 3),
                            (b, xs) -> log ? b.logSoftmax(xs.get(0), 1) : b.softmax(xs.get(0), 1), in("x", big)));
                    HostTensor inf = HostTensor.of(dt, Shape.of(3, 3), Double.NEGATIVE_INFINITY, 0, 1,
                            Double.NaN, 0, 1, Double.POSITIVE_INFINITY, 0, 1);
                    cases.add(h.compare("infinities and NaN " + inf.preview(), name + " axis 1",
                            h.accumulation(dt, 3), (b, xs) -> log ? b.logSoftmax(xs.get(0), 1)
                                    : b.softmax(xs.get(0), 1), in("x", inf)));
                    return dynamicContainer(dt.toString(), cases);
                })));
    }

    static Stream<DynamicNode> softmaxCrossEntropy(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("xent" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            Object[][] shapes = {{Shape.of(4, 5), 1}, {Shape.of(4, 5), 0}, {Shape.of(2, 3, 4), 2},
                {Shape.of(0, 3), 1}, {Shape.of(1, 1), 1}};
            for (Object[] sa : shapes) {
                Shape s = (Shape) sa[0];
                int axis = (Integer) sa[1];
                HostTensor logits = rnd.normal(dt, s, 3);
                HostTensor labels = distribution(rnd, dt, s, axis);
                cases.add(h.compare(s + " axis " + axis, "softmaxCrossEntropy axis " + axis,
                        h.accumulation(dt, s.dim(axis) * logits.maxAbs()),
                        (b, xs) -> b.softmaxCrossEntropy(xs.get(0), xs.get(1), axis), in("logits", logits),
                        in("labels", labels, s.rank() >= 2 ? Layout.TRANSPOSED : Layout.CONTIGUOUS)));
            }
            return dynamicContainer(dt.toString(), cases);
        });
    }

    static Stream<DynamicNode> softmaxCrossEntropyBackward(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("xentBackward" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            Object[][] shapes = {{Shape.of(4, 5), 1}, {Shape.of(4, 5), 0}, {Shape.of(2, 3, 4), 2},
                {Shape.of(2, 3, 4), 1}, {Shape.of(128, 10), 1}, {Shape.of(0, 3), 1}, {Shape.of(1, 1), 1},
                {Shape.of(7), 0}};
            for (Object[] sa : shapes) {
                Shape s = (Shape) sa[0];
                int axis = (Integer) sa[1];
                HostTensor logits = rnd.normal(dt, s, 3);
                HostTensor labels = distribution(rnd, dt, s, axis);
                HostTensor upstream = rnd.normal(dt, s.remove(axis), 1);
                cases.add(h.compare(s + " axis " + axis, "softmaxCrossEntropyBackward axis " + axis,
                        h.accumulation(dt, s.dim(axis) * logits.maxAbs()),
                        (b, xs) -> b.softmaxCrossEntropyBackward(xs.get(0), xs.get(1), xs.get(2), axis),
                        in("logits", logits), in("labels", labels, s.rank() >= 2 ? Layout.TRANSPOSED
                                : Layout.CONTIGUOUS), in("upstream", upstream)));
            }
            // Labels that are not a distribution (the exact derivative keeps their sum), and non-finite logits:
            // a row with +inf is NaN throughout, a -inf logit gets probability 0, NaN spreads over its row.
            Shape s = Shape.of(4, 3);
            HostTensor soft = rnd.uniform(dt, s, 0, 2);
            cases.add(h.compare("labels not summing to 1", "softmaxCrossEntropyBackward axis 1",
                    h.accumulation(dt, 3 * 3), (b, xs) -> b.softmaxCrossEntropyBackward(xs.get(0), xs.get(1),
                            xs.get(2), 1), in("logits", rnd.normal(dt, s, 3)), in("labels", soft),
                    in("upstream", rnd.normal(dt, Shape.of(4), 1))));
            double inf = Double.POSITIVE_INFINITY;
            HostTensor odd = HostTensor.of(dt, s, 1, inf, 0, -inf, 2, 1, Double.NaN, 0, 1, 1e4, -1e4, 0);
            cases.add(h.compare("non-finite and extreme logits", "softmaxCrossEntropyBackward axis 1",
                    h.accumulation(dt, 3), (b, xs) -> b.softmaxCrossEntropyBackward(xs.get(0), xs.get(1),
                            xs.get(2), 1), in("logits", odd), in("labels", distribution(rnd, dt, s, 1)),
                    in("upstream", rnd.normal(dt, Shape.of(4), 1))));
            return dynamicContainer(dt.toString(), cases);
        });
    }

    /** Random non-negative values summing to 1 along {@code axis}, some of them one-hot. */
    static HostTensor distribution(RandomTensors rnd, DType dt, Shape s, int axis) {
        double[] v = rnd.uniform(DType.FLOAT64, s, 0, 1).doubles();
        long[] d = s.dims();
        long inner = 1;
        for (int a = axis + 1; a < d.length; a++) {
            inner *= d[a];
        }
        long n = d[axis];
        long outer = n == 0 ? 0 : v.length / (n * inner);
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                double sum = 0;
                boolean oneHot = rnd.nextInt(3) == 0;
                int hot = rnd.nextInt((int) n);
                for (long k = 0; k < n; k++) {
                    int at = (int) ((o * n + k) * inner + i);
                    if (oneHot) {
                        v[at] = k == hot ? 1 : 0;
                    }
                    sum += v[at];
                }
                for (long k = 0; k < n; k++) {
                    int at = (int) ((o * n + k) * inner + i);
                    v[at] /= sum;
                }
            }
        }
        return HostTensor.of(dt, s, v);
    }
}
