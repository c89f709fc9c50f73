package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.ops.NormalizationResult;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * Batch and layer normalization: differential cases of the five {@link Backend} ops (every output compared), golden
 * cases worked out by hand, and the finite-difference checks of {@code Ops.batchNormalization},
 * {@code Ops.batchNormalizationInference} and {@code Ops.layerNormalization} (first and second order).
 *
 * <p>The data give every channel its own offset and spread, so that statistics taken over the wrong axes show; some
 * cases sit around 1e4 with a spread of about 1, where a variance computed as {@code E[x^2] - E[x]^2} loses every
 * float32 digit. Tolerances are the suite's accumulation tolerance with a magnitude derived from the data:
 * {@code y = (x - mean) * gamma / sqrt(variance + epsilon) + beta} carries the rounding of terms of size
 * {@code |x| |gamma| / sqrt(variance + epsilon)}, the mean that of {@code |x|}, the variance that of the squared
 * deviations, and the backward pass that of {@code |dy| |gamma| / sqrt(variance + epsilon) (2 + xhat^2)}.
 */
final class NormalizationCases {
    private NormalizationCases() {
    }

    static Stream<DynamicNode> all(Harness h) {
        return Stream.of(
                dynamicContainer("batchNormTraining", batchNormTraining(h)),
                dynamicContainer("batchNormInference", batchNormInference(h)),
                dynamicContainer("batchNormBackward", batchNormBackward(h)),
                dynamicContainer("layerNorm", layerNorm(h)),
                dynamicContainer("layerNormBackward", layerNormBackward(h)),
                dynamicContainer("Ops gradients through the backend's backward pass", opsGradients(h)),
                dynamicContainer("golden", golden(h)));
    }

    // ------------------------------------------------------------------ cases

    /** A batch-normalization case: x's shape, the channel axis, which parameters are given, epsilon, data. */
    record Bn(String label, Shape shape, int axis, boolean gamma, boolean beta, double eps, double offset,
              Layout layout, boolean special) {
        Bn(String label, Shape shape, int axis) {
            this(label, shape, axis, true, true, 1e-3, 0, Layout.CONTIGUOUS, false);
        }

        Bn params(boolean g, boolean b) {
            return new Bn(label, shape, axis, g, b, eps, offset, layout, special);
        }

        Bn eps(double e) {
            return new Bn(label, shape, axis, gamma, beta, e, offset, layout, special);
        }

        Bn offset(double o) {
            return new Bn(label, shape, axis, gamma, beta, eps, o, layout, special);
        }

        Bn layout(Layout l) {
            return new Bn(label, shape, axis, gamma, beta, eps, offset, l, special);
        }

        /** NaN in the first group (channel or row), +inf in the second, both infinities in the third. */
        Bn withSpecials() {
            return new Bn(label, shape, axis, gamma, beta, eps, offset, layout, true);
        }

        String name() {
            return label + (gamma ? "" : ", no gamma") + (beta ? "" : ", no beta") + (eps == 1e-3 ? "" : ", epsilon "
                    + eps) + (offset == 0 ? "" : ", values around " + offset)
                    + (layout == Layout.CONTIGUOUS ? "" : ", " + layout.label() + " x");
        }
    }

    static final List<Bn> BATCH = List.of(
            new Bn("[4, 3] axis 1", Shape.of(4, 3), 1),
            new Bn("[4, 3] axis 0", Shape.of(4, 3), 0),
            new Bn("[2, 5, 3] axis 2", Shape.of(2, 5, 3), 2),
            new Bn("[2, 5, 3] axis 1 (not last)", Shape.of(2, 5, 3), 1),
            new Bn("[2, 4, 4, 3] channels last", Shape.of(2, 4, 4, 3), 3),
            new Bn("[2, 3, 4, 4] channels first", Shape.of(2, 3, 4, 4), 1),
            new Bn("[2, 4, 3, 5] axis 2 (middle)", Shape.of(2, 4, 3, 5), 2),
            new Bn("[3, 2, 2, 2, 4] rank 5", Shape.of(3, 2, 2, 2, 4), 4),
            new Bn("[1, 6] batch of 1 (zero variance)", Shape.of(1, 6), 1),
            new Bn("[1, 3, 3, 2] batch of 1", Shape.of(1, 3, 3, 2), 3),
            new Bn("[5, 1] one channel", Shape.of(5, 1), 1),
            new Bn("[3, 4, 4, 1] one channel", Shape.of(3, 4, 4, 1), 3),
            new Bn("[6, 3]", Shape.of(6, 3), 1).params(false, true),
            new Bn("[6, 3]", Shape.of(6, 3), 1).params(true, false),
            new Bn("[2, 3, 3, 2]", Shape.of(2, 3, 3, 2), 3).params(false, false),
            new Bn("[2, 3, 4] axis 1", Shape.of(2, 3, 4), 1).params(false, false),
            new Bn("[6, 2]", Shape.of(6, 2), 1).eps(0),
            new Bn("[6, 2]", Shape.of(6, 2), 1).eps(0.5),
            new Bn("[2, 3, 3, 4]", Shape.of(2, 3, 3, 4), 3).eps(1e-5),
            new Bn("[16, 3]", Shape.of(16, 3), 1).offset(1e4),
            new Bn("[4, 5, 5, 2] channels last", Shape.of(4, 5, 5, 2), 3).offset(1e4),
            new Bn("[4, 2, 5, 5] channels first", Shape.of(4, 2, 5, 5), 1).offset(-1e4),
            new Bn("[3, 4, 2]", Shape.of(3, 4, 2), 2).layout(Layout.TRANSPOSED),
            new Bn("[3, 4, 2] axis 0", Shape.of(3, 4, 2), 0).layout(Layout.TRANSPOSED),
            new Bn("[2, 6, 4] axis 1", Shape.of(2, 6, 4), 1).layout(Layout.STRIDED),
            new Bn("[5, 3] with NaN and infinities", Shape.of(5, 3), 1).withSpecials(),
            new Bn("[2, 3, 4] axis 1 with NaN and infinities", Shape.of(2, 3, 4), 1).withSpecials(),
            new Bn("[0, 3] empty batch", Shape.of(0, 3), 1),
            new Bn("[4, 0] no channels", Shape.of(4, 0), 1));

    static final List<Bn> LAYER = List.of(
            new Bn("[4, 5]", Shape.of(4, 5), 1),
            new Bn("[2, 3, 6]", Shape.of(2, 3, 6), 2),
            new Bn("[7] rank 1", Shape.of(7), 0),
            new Bn("[2, 2, 2, 3] rank 4", Shape.of(2, 2, 2, 3), 3),
            new Bn("[1, 8] one row", Shape.of(1, 8), 1),
            new Bn("[3, 1] one feature (zero variance)", Shape.of(3, 1), 1),
            new Bn("[4, 6]", Shape.of(4, 6), 1).params(false, true),
            new Bn("[4, 6]", Shape.of(4, 6), 1).params(true, false),
            new Bn("[3, 2, 5]", Shape.of(3, 2, 5), 2).params(false, false),
            new Bn("[5, 4]", Shape.of(5, 4), 1).eps(0),
            new Bn("[5, 4]", Shape.of(5, 4), 1).eps(0.5),
            new Bn("[6, 16]", Shape.of(6, 16), 1).offset(1e4),
            new Bn("[2, 3, 8]", Shape.of(2, 3, 8), 2).offset(-1e4),
            new Bn("[5, 4]", Shape.of(5, 4), 1).layout(Layout.TRANSPOSED),
            new Bn("[3, 6]", Shape.of(3, 6), 1).layout(Layout.STRIDED),
            new Bn("[4, 5] with NaN and infinities", Shape.of(4, 5), 1).withSpecials(),
            new Bn("[0, 4] no rows", Shape.of(0, 4), 1),
            new Bn("[3, 0] no features", Shape.of(3, 0), 1));

    // ------------------------------------------------------------------ host statistics

    /**
     * How the elements of x group: the statistic each one belongs to ({@code group}) and the parameter that scales it
     * ({@code param}), for batch normalization over an axis or layer normalization over the last one.
     */
    record Groups(int groups, int params, int perGroup, int[] group, int[] param) {
        static Groups of(Shape s, int axis, boolean layer) {
            int n = s.elementCountAsInt();
            long[] d = s.dims();
            int[] g = new int[n];
            int[] p = new int[n];
            if (layer) {
                int f = (int) d[d.length - 1];
                for (int k = 0; k < n; k++) {
                    g[k] = k / f;
                    p[k] = k % f;
                }
                return new Groups(rows(d), f, f, g, p);
            }
            int c = (int) d[axis];
            long inner = 1;
            for (int a = axis + 1; a < d.length; a++) {
                inner *= d[a];
            }
            for (int k = 0; k < n; k++) {
                g[k] = (int) ((k / inner) % c);
                p[k] = g[k];
            }
            return new Groups(c, c, c == 0 ? 0 : n / c, g, p);
        }

        private static int rows(long[] d) {
            long r = 1;
            for (int a = 0; a < d.length - 1; a++) {
                r *= d[a];
            }
            return (int) r;
        }
    }

    /** {@code {mean, variance}} per group, two-pass in double; NaN for empty groups. */
    static double[][] stats(double[] x, Groups g) {
        double[] mean = new double[g.groups()];
        double[] var = new double[g.groups()];
        int[] count = new int[g.groups()];
        for (int k = 0; k < x.length; k++) {
            mean[g.group()[k]] += x[k];
            count[g.group()[k]]++;
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= count[j];
        }
        for (int k = 0; k < x.length; k++) {
            double dev = x[k] - mean[g.group()[k]];
            var[g.group()[k]] += dev * dev;
        }
        for (int j = 0; j < var.length; j++) {
            var[j] /= count[j];
        }
        return new double[][] {mean, var};
    }

    /**
     * The magnitudes the tolerances scale with, from host data, over the groups whose statistics are finite: the
     * largest finite |x|, deviation, |xhat| and 1 / sqrt(variance + epsilon), and the largest {@code (|x| + |mean|) /
     * sqrt(variance + epsilon)} (the terms of y before gamma).
     */
    record Scale(double x, double dev, double xhat, double inv, double yTerm, double gamma, double beta) {
        static Scale of(double[] x, Groups g, double[] mean, double[] var, double eps, HostTensor gamma,
                        HostTensor beta) {
            double mx = 1;
            double dev = 1;
            double xhat = 1;
            double inv = 1;
            double yTerm = 1;
            for (int k = 0; k < x.length; k++) {
                int j = g.group()[k];
                double i = 1 / Math.sqrt(var[j] + eps);
                if (!Double.isFinite(x[k]) || !Double.isFinite(mean[j]) || !Double.isFinite(i)) {
                    continue;
                }
                double d = Math.abs(x[k] - mean[j]);
                mx = Math.max(mx, Math.abs(x[k]));
                dev = Math.max(dev, d);
                inv = Math.max(inv, i);
                xhat = Math.max(xhat, d * i);
                yTerm = Math.max(yTerm, (Math.abs(x[k]) + Math.abs(mean[j])) * i);
            }
            return new Scale(mx, dev, xhat, inv, yTerm, gamma == null ? 1 : gamma.maxAbs(), beta == null ? 0
                    : beta.maxAbs());
        }

        double y() {
            return gamma * yTerm + beta;
        }
    }

    /**
     * Each channel (group of parameters) gets its own offset and spread, around {@code base}; for a {@code special}
     * case, NaN goes into the first group, +inf into the second, and +inf and -inf into the third.
     */
    private static HostTensor data(RandomTensors rnd, DType dt, Bn c, Groups g) {
        Shape s = c.shape();
        double[] v = rnd.normal(DType.FLOAT64, s, 1).doubles();
        for (int k = 0; k < v.length; k++) {
            int p = g.param()[k];
            v[k] = c.offset() + 1.5 * (p % 4 - 1.5) + v[k] * (1 + 0.5 * (p % 3));
        }
        if (c.special()) {
            int[] seen = new int[3];
            double[][] put = {{Double.NaN}, {Double.POSITIVE_INFINITY}, {Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY}};
            for (int k = 0; k < v.length; k++) {
                int j = g.group()[k];
                if (j < 3 && seen[j] < put[j].length) {
                    v[k] = put[j][seen[j]++];
                }
            }
        }
        return HostTensor.of(dt, s, v);
    }

    // ------------------------------------------------------------------ running multi-output ops

    /** Input positions of the optional operands; -1 when absent. */
    private record Slots(int x, int gamma, int beta, int mean, int variance, int dy) {
        static Tensor get(List<Tensor> xs, int slot) {
            return slot < 0 ? null : xs.get(slot);
        }
    }

    /** The inputs of one call, with each operand's position. */
    private static final class Inputs {
        final List<Harness.In> list = new ArrayList<>();

        int add(String name, HostTensor v, Layout layout) {
            if (v == null) {
                return -1;
            }
            list.add(in(name, v, layout));
            return list.size() - 1;
        }

        int add(String name, HostTensor v) {
            return add(name, v, Layout.CONTIGUOUS);
        }

        Harness.In[] array() {
            return list.toArray(new Harness.In[0]);
        }
    }

    /** A multi-output op over the inputs of {@link Inputs}. */
    private interface Multi extends BiFunction<Backend, List<Tensor>, Tensor[]> {
    }

    /**
     * One check comparing every output of {@code op} with the reference; a null tolerance means the output must be
     * null (a gradient of an absent parameter).
     */
    private static DynamicNode compareAll(Harness h, String label, String opName, String[] names, Tolerance[] tols,
                                          Multi op, Harness.In[] ins) {
        return h.test(label, () -> {
            for (int k = 0; k < names.length; k++) {
                int out = k;
                if (tols[k] == null) {
                    checkNull(h, opName, names[k], out, op, ins);
                    continue;
                }
                h.runCompare(opName + " → " + names[k], tols[k], (b, xs) -> pick(op.apply(b, xs), out), ins);
            }
        });
    }

    private static Tensor pick(Tensor[] r, int k) {
        if (r == null || r.length <= k) {
            throw new AssertionFailedError("the op returned " + (r == null ? "null" : r.length + " results")
                    + " where " + (k + 1) + " or more were expected");
        }
        for (int j = 0; j < r.length; j++) {
            if (j != k && r[j] != null) {
                r[j].close();
            }
        }
        return r[k];
    }

    private static void checkNull(Harness h, String opName, String name, int k, Multi op, Harness.In[] ins) {
        List<Tensor> xs = new ArrayList<>();
        for (Harness.In in : ins) {
            xs.add(in.value().on(h.backend, in.layout()));
        }
        Tensor[] r = op.apply(h.backend, xs);
        TensorAssertions.check(r != null && r.length > k && r[k] == null, Harness.context(opName, ins) + ": "
                + name + " must be null (its parameter was null) on backend '" + h.backend.name() + "'");
        for (Tensor t : r) {
            if (t != null) {
                t.close();
            }
        }
    }

    // ------------------------------------------------------------------ differential

    static List<DynamicNode> batchNormTraining(Harness h) {
        return perType(h, dt -> {
            RandomTensors rnd = RandomTensors.forCase("batchNormTraining" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            for (Bn c : BATCH) {
                Groups g = Groups.of(c.shape(), c.axis(), false);
                HostTensor x = data(rnd, dt, c, g);
                HostTensor gamma = c.gamma() ? rnd.uniform(dt, Shape.of(g.params()), -2, 2) : null;
                HostTensor beta = c.beta() ? rnd.normal(dt, Shape.of(g.params()), 1) : null;
                double[][] st = stats(x.doubles(), g);
                Scale sc = Scale.of(x.doubles(), g, st[0], st[1], c.eps(), gamma, beta);
                Inputs in = new Inputs();
                Slots s = new Slots(in.add("x", x, c.layout()), in.add("gamma", gamma), in.add("beta", beta), -1, -1,
                        -1);
                int axis = c.axis();
                double eps = c.eps();
                cases.add(compareAll(h, c.name(), "batchNormTraining axis " + axis + " epsilon " + eps,
                        new String[] {"y", "mean", "variance"},
                        new Tolerance[] {h.accumulation(dt, sc.y()), h.accumulation(dt, sc.x()),
                            h.accumulation(dt, sc.dev() * sc.dev())},
                        (b, xs) -> b.batchNormTraining(Slots.get(xs, s.x()), Slots.get(xs, s.gamma()),
                                Slots.get(xs, s.beta()), axis, eps), in.array()));
            }
            return cases;
        });
    }

    static List<DynamicNode> batchNormInference(Harness h) {
        return perType(h, dt -> {
            RandomTensors rnd = RandomTensors.forCase("batchNormInference" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            for (Bn c : BATCH) {
                Groups g = Groups.of(c.shape(), c.axis(), false);
                HostTensor x = data(rnd, dt, c, g);
                Shape ps = Shape.of(g.params());
                HostTensor gamma = c.gamma() ? rnd.uniform(dt, ps, -2, 2) : null;
                HostTensor beta = c.beta() ? rnd.normal(dt, ps, 1) : null;
                // Moving statistics: near the data's but not equal (as after a few epochs).
                double[][] st = stats(x.doubles(), g);
                Scale sc = Scale.of(x.doubles(), g, st[0], st[1], c.eps(), null, null);
                double[] mv = new double[g.params()];
                double[] vv = new double[g.params()];
                double[] noise = rnd.uniform(DType.FLOAT64, Shape.of(2 * g.params()), -0.5, 0.5).doubles();
                for (int j = 0; j < mv.length; j++) {
                    boolean finite = Double.isFinite(st[0][j]) && Double.isFinite(st[1][j]);
                    mv[j] = (finite ? st[0][j] : c.offset()) + noise[j];
                    vv[j] = (finite ? st[1][j] : 1) * (1 + noise[g.params() + j]) + 0.05;
                }
                HostTensor mean = HostTensor.of(dt, ps, mv);
                HostTensor var = HostTensor.of(dt, ps, vv);
                double inv = 1;
                double mAbs = mean.maxAbs();
                for (double v : vv) {
                    inv = Math.max(inv, 1 / Math.sqrt(v + c.eps()));
                }
                double gm = gamma == null ? 1 : gamma.maxAbs();
                double mag = gm * inv * (sc.x() + mAbs) + (beta == null ? 0 : beta.maxAbs());
                Inputs in = new Inputs();
                Slots s = new Slots(in.add("x", x, c.layout()), in.add("gamma", gamma), in.add("beta", beta),
                        in.add("mean", mean), in.add("variance", var), -1);
                int axis = c.axis();
                double eps = c.eps();
                cases.add(compareAll(h, c.name(), "batchNormInference axis " + axis + " epsilon " + eps,
                        new String[] {"y"}, new Tolerance[] {h.accumulation(dt, mag)},
                        (b, xs) -> new Tensor[] {b.batchNormInference(Slots.get(xs, s.x()), Slots.get(xs, s.gamma()),
                                Slots.get(xs, s.beta()), Slots.get(xs, s.mean()), Slots.get(xs, s.variance()), axis,
                                eps)}, in.array()));
            }
            return cases;
        });
    }

    static List<DynamicNode> batchNormBackward(Harness h) {
        return backward(h, BATCH, false);
    }

    static List<DynamicNode> layerNormBackward(Harness h) {
        return backward(h, LAYER, true);
    }

    private static List<DynamicNode> backward(Harness h, List<Bn> list, boolean layer) {
        String op = layer ? "layerNormBackward" : "batchNormBackward";
        return perType(h, dt -> {
            RandomTensors rnd = RandomTensors.forCase(op + dt);
            List<DynamicNode> cases = new ArrayList<>();
            for (Bn c : list) {
                Groups g = Groups.of(c.shape(), c.axis(), layer);
                HostTensor x = data(rnd, dt, c, g);
                Shape ps = Shape.of(g.params());
                HostTensor gamma = c.gamma() ? rnd.uniform(dt, ps, -2, 2) : null;
                HostTensor beta = c.beta() ? rnd.normal(dt, ps, 1) : null;
                HostTensor dy = rnd.normal(dt, c.shape(), 1);
                if (c.special() && dy.size() > 0) {
                    // And a NaN in the upstream gradient of the last group.
                    double[] d = dy.doubles();
                    for (int k = 0; k < d.length; k++) {
                        if (g.group()[k] == g.groups() - 1) {
                            d[k] = Double.NaN;
                            break;
                        }
                    }
                    dy = HostTensor.of(dt, c.shape(), d);
                }
                // The statistics the forward pass returns: the data's own, rounded to the dtype.
                double[][] st = stats(x.doubles(), g);
                Shape statShape = layer ? c.shape().remove(c.shape().rank() - 1) : ps;
                HostTensor mean = HostTensor.of(dt, statShape, st[0]);
                HostTensor var = HostTensor.of(dt, statShape, st[1]);
                Scale sc = Scale.of(x.doubles(), g, mean.doubles(), var.doubles(), c.eps(), gamma, beta);
                double count = layer ? Math.max(1, g.groups()) : Math.max(1, g.perGroup());
                double dyMax = dy.maxAbs();
                Tolerance tdx = h.accumulation(dt, sc.gamma() * sc.inv() * dyMax * (2 + sc.xhat() * sc.xhat()));
                Tolerance tdg = gamma == null ? null : h.accumulation(dt, count * dyMax * sc.xhat());
                Tolerance tdb = beta == null ? null : h.accumulation(dt, count * dyMax);
                Inputs in = new Inputs();
                Slots s = new Slots(in.add("x", x, c.layout()), in.add("gamma", gamma), in.add("beta", beta),
                        in.add("mean", mean), in.add("variance", var), in.add("dy", dy));
                int axis = c.axis();
                double eps = c.eps();
                Multi f = layer
                        ? (b, xs) -> b.layerNormBackward(Slots.get(xs, s.dy()), Slots.get(xs, s.x()),
                                Slots.get(xs, s.gamma()), Slots.get(xs, s.beta()), Slots.get(xs, s.mean()),
                                Slots.get(xs, s.variance()), eps)
                        : (b, xs) -> b.batchNormBackward(Slots.get(xs, s.dy()), Slots.get(xs, s.x()),
                                Slots.get(xs, s.gamma()), Slots.get(xs, s.beta()), Slots.get(xs, s.mean()),
                                Slots.get(xs, s.variance()), axis, eps);
                cases.add(compareAll(h, c.name(), op + (layer ? "" : " axis " + axis) + " epsilon " + eps,
                        new String[] {"dx", "dgamma", "dbeta"}, new Tolerance[] {tdx, tdg, tdb}, f, in.array()));
            }
            return cases;
        });
    }

    static List<DynamicNode> layerNorm(Harness h) {
        return perType(h, dt -> {
            RandomTensors rnd = RandomTensors.forCase("layerNorm" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            for (Bn c : LAYER) {
                Groups g = Groups.of(c.shape(), c.axis(), true);
                HostTensor x = data(rnd, dt, c, g);
                HostTensor gamma = c.gamma() ? rnd.uniform(dt, Shape.of(g.params()), -2, 2) : null;
                HostTensor beta = c.beta() ? rnd.normal(dt, Shape.of(g.params()), 1) : null;
                double[][] st = stats(x.doubles(), g);
                Scale sc = Scale.of(x.doubles(), g, st[0], st[1], c.eps(), gamma, beta);
                Inputs in = new Inputs();
                Slots s = new Slots(in.add("x", x, c.layout()), in.add("gamma", gamma), in.add("beta", beta), -1, -1,
                        -1);
                double eps = c.eps();
                cases.add(compareAll(h, c.name(), "layerNorm epsilon " + eps, new String[] {"y", "mean", "variance"},
                        new Tolerance[] {h.accumulation(dt, sc.y()), h.accumulation(dt, sc.x()),
                            h.accumulation(dt, sc.dev() * sc.dev())},
                        (b, xs) -> b.layerNorm(Slots.get(xs, s.x()), Slots.get(xs, s.gamma()),
                                Slots.get(xs, s.beta()), eps), in.array()));
            }
            return cases;
        });
    }

    /**
     * The tape's gradients of {@code Ops.batchNormalization} (through y, the mean and the variance) and
     * {@code Ops.layerNormalization}, which run the backend's fused backward pass, compared with the reference's: this
     * is where the backward kernels meet the gradient rules in the backend's own dtype (the finite-difference checks
     * run in float64 where the backend has it).
     */
    static List<DynamicNode> opsGradients(Harness h) {
        return perType(h, dt -> {
            RandomTensors rnd = RandomTensors.forCase("opsGradients" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            List<Bn> list = List.of(new Bn("batchNormalization [8, 3] axis 1", Shape.of(8, 3), 1),
                    new Bn("batchNormalization [2, 3, 4, 4] axis 1", Shape.of(2, 3, 4, 4), 1),
                    new Bn("batchNormalization [4, 4, 4, 3] axis 3", Shape.of(4, 4, 4, 3), 3).offset(100),
                    new Bn("layerNormalization [6, 5]", Shape.of(6, 5), 1),
                    new Bn("layerNormalization [2, 3, 8]", Shape.of(2, 3, 8), 2));
            for (Bn c : list) {
                boolean layer = c.label().startsWith("layer");
                Groups g = Groups.of(c.shape(), c.axis(), layer);
                HostTensor x = data(rnd, dt, c, g);
                Shape ps = Shape.of(g.params());
                HostTensor gamma = rnd.uniform(dt, ps, -2, 2);
                HostTensor beta = rnd.normal(dt, ps, 1);
                HostTensor w = rnd.uniform(dt, c.shape(), -1, 1);
                HostTensor wm = rnd.uniform(dt, ps, -1, 1);
                HostTensor wv = rnd.uniform(dt, ps, -1, 1);
                double[][] st = stats(x.doubles(), g);
                Scale sc = Scale.of(x.doubles(), g, st[0], st[1], c.eps(), gamma, beta);
                double count = layer ? g.groups() : g.perGroup();
                Tolerance[] tols = {
                    h.accumulation(dt, sc.gamma() * sc.inv() * (2 + sc.xhat() * sc.xhat()) + 2 * sc.dev() / g.perGroup()
                            + 1),
                    h.accumulation(dt, count * sc.xhat()), h.accumulation(dt, count)};
                int axis = c.axis();
                double eps = c.eps();
                String[] names = {"dx", "dgamma", "dbeta"};
                Multi f = (b, xs) -> {
                    try (GradientTape tape = new GradientTape()) {
                        List<Tensor> sources = xs.subList(0, 3);
                        sources.forEach(tape::watch);
                        Tensor loss;
                        if (layer) {
                            loss = Ops.sum(Ops.multiply(Ops.layerNormalization(xs.get(0), xs.get(1), xs.get(2), eps),
                                    xs.get(3)));
                        } else {
                            NormalizationResult r = Ops.batchNormalization(xs.get(0), xs.get(1), xs.get(2), axis,
                                    eps);
                            loss = Ops.add(Ops.sum(Ops.multiply(r.y(), xs.get(3))), Ops.add(
                                    Ops.sum(Ops.multiply(r.mean(), xs.get(4))),
                                    Ops.sum(Ops.multiply(r.variance(), xs.get(5)))));
                        }
                        return tape.gradient(loss, sources).toArray(new Tensor[0]);
                    }
                };
                Harness.In[] ins = layer
                        ? new Harness.In[] {in("x", x), in("gamma", gamma), in("beta", beta), in("w", w)}
                        : new Harness.In[] {in("x", x), in("gamma", gamma), in("beta", beta), in("w", w),
                            in("wMean", wm), in("wVariance", wv)};
                cases.add(compareAll(h, c.name(), "gradient of " + (layer ? "sum(w * layerNormalization)"
                        : "sum(w * y) + sum(wMean * mean) + sum(wVariance * variance) of batchNormalization axis "
                        + axis), names, tols, f, ins));
            }
            return cases;
        });
    }

    private static List<DynamicNode> perType(Harness h, java.util.function.Function<DType, List<DynamicNode>> f) {
        List<DynamicNode> r = new ArrayList<>();
        for (DType dt : h.floatTypes()) {
            r.add(dynamicContainer(dt.toString(), f.apply(dt)));
        }
        return r;
    }

    // ------------------------------------------------------------------ golden

    private static HostTensor t(DType dt, Shape s, double... v) {
        return HostTensor.of(dt, s, v);
    }

    private static HostTensor v(DType dt, double... v) {
        return HostTensor.of(dt, Shape.of(v.length), v);
    }

    /** One golden check per output of a multi-output op. */
    private static void goldens(Harness h, List<DynamicNode> out, String label, String opName, Multi op,
                                HostTensor[] expected, Tolerance tol, HostTensor... inputs) {
        String[] names = opName.contains("Backward") ? new String[] {"dx", "dgamma", "dbeta"}
                : new String[] {"y", "mean", "variance"};
        for (int k = 0; k < expected.length; k++) {
            int out1 = k;
            out.add(h.golden(label + " → " + names[k], opName + " → " + names[k], expected[k], tol,
                    (b, xs) -> pick(op.apply(b, xs), out1), inputs));
        }
    }

    static List<DynamicNode> golden(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        for (DType dt : h.floatTypes()) {
            Tolerance tol = h.elementwise(dt);
            String p = dt + " ";
            // Channels of x [2, 2] (axis 1): {1, 3} has mean 2 and variance 1, {2, 6} mean 4 and variance 4; with
            // epsilon 0, xhat = [[-1, -1], [1, 1]]; times gamma [2, 0.5] plus beta [0, 1].
            HostTensor x22 = t(dt, Shape.of(2, 2), 1, 2, 3, 6);
            goldens(h, c, p + "batchNormTraining [2, 2] axis 1, epsilon 0", "batchNormTraining",
                    (b, xs) -> b.batchNormTraining(xs.get(0), xs.get(1), xs.get(2), 1, 0),
                    new HostTensor[] {t(dt, Shape.of(2, 2), -2, 0.5, 2, 1.5), v(dt, 2, 4), v(dt, 1, 4)}, tol,
                    x22, v(dt, 2, 0.5), v(dt, 0, 1));
            // Axis 0 of x [2, 4]: row {1, 3, 1, 3} has mean 2, variance 1; row {0, 0, 4, 4} mean 2, variance 4.
            // gamma [1, 3], beta [0.5, 0]: [[-0.5, 1.5, -0.5, 1.5], [-3, -3, 3, 3]].
            HostTensor x24 = t(dt, Shape.of(2, 4), 1, 3, 1, 3, 0, 0, 4, 4);
            goldens(h, c, p + "batchNormTraining [2, 4] axis 0, epsilon 0", "batchNormTraining",
                    (b, xs) -> b.batchNormTraining(xs.get(0), xs.get(1), xs.get(2), 0, 0),
                    new HostTensor[] {t(dt, Shape.of(2, 4), -0.5, 1.5, -0.5, 1.5, -3, -3, 3, 3), v(dt, 2, 2),
                        v(dt, 1, 4)}, tol, x24, v(dt, 1, 3), v(dt, 0.5, 0));
            // Epsilon counts: channel {0, 2} has variance 1, + 3 = 4, so xhat = -+0.5; channel {10, 10} has variance
            // 0 and xhat 0 (no gamma, no beta).
            goldens(h, c, p + "batchNormTraining epsilon 3, a constant channel", "batchNormTraining",
                    (b, xs) -> b.batchNormTraining(xs.get(0), null, null, 1, 3),
                    new HostTensor[] {t(dt, Shape.of(2, 2), -0.5, 0, 0.5, 0), v(dt, 1, 10), v(dt, 1, 0)}, tol,
                    t(dt, Shape.of(2, 2), 0, 10, 2, 10));
            // Far from zero: {o - 2, o, o, o + 2} has mean o and variance 2 (+ epsilon 2 = 4), so xhat = [-1, 0, 0, 1]
            // exactly. E[x^2] - E[x]^2 gives garbage there (o = 1e4 in float32, 1e9 in float64).
            double o = dt == DType.FLOAT32 ? 1e4 : 1e9;
            goldens(h, c, p + "batchNormTraining values around " + o, "batchNormTraining",
                    (b, xs) -> b.batchNormTraining(xs.get(0), null, null, 1, 2),
                    new HostTensor[] {t(dt, Shape.of(4, 1), -1, 0, 0, 1), v(dt, o), v(dt, 2)}, tol,
                    t(dt, Shape.of(4, 1), o - 2, o, o, o + 2));
            goldens(h, c, p + "layerNorm values around " + o, "layerNorm",
                    (b, xs) -> b.layerNorm(xs.get(0), null, null, 2),
                    new HostTensor[] {t(dt, Shape.of(1, 4), 1, 0, -1, 0), v(dt, -o), v(dt, 2)}, tol,
                    t(dt, Shape.of(1, 4), -o + 2, -o, -o - 2, -o));
            // Rows {1, 3, 1, 3} (mean 2, variance 1) and {0, 0, 4, 4} (mean 2, variance 4), epsilon 0:
            // xhat = [[-1, 1, -1, 1], [-1, -1, 1, 1]], times gamma [1, 2, 3, 4] plus beta [0, 0, 0, 1].
            goldens(h, c, p + "layerNorm [2, 4], epsilon 0", "layerNorm",
                    (b, xs) -> b.layerNorm(xs.get(0), xs.get(1), xs.get(2), 0),
                    new HostTensor[] {t(dt, Shape.of(2, 4), -1, 2, -3, 5, -1, -2, 3, 5), v(dt, 2, 2), v(dt, 1, 4)},
                    tol, x24, v(dt, 1, 2, 3, 4), v(dt, 0, 0, 0, 1));
            // (x - mean) / sqrt(variance + 1): channel 0 (1 - 1) / 2, (3 - 1) / 2; channel 1 (2 - 2) / 4, (6 - 2) / 4
            // = [[0, 0], [1, 1]]; times gamma [2, -1] plus beta [0.5, 0.5].
            c.add(h.golden(p + "batchNormInference [2, 2] axis 1", "batchNormInference",
                    t(dt, Shape.of(2, 2), 0.5, 0.5, 2.5, -0.5), tol,
                    (b, xs) -> b.batchNormInference(xs.get(0), xs.get(1), xs.get(2), xs.get(3), xs.get(4), 1, 1),
                    x22, v(dt, 2, -1), v(dt, 0.5, 0.5), v(dt, 1, 2), v(dt, 3, 15)));
            c.add(h.golden(p + "batchNormInference [2, 2] axis 0, no gamma, no beta", "batchNormInference",
                    t(dt, Shape.of(2, 2), 0, 0.5, 0.25, 1), tol,
                    (b, xs) -> b.batchNormInference(xs.get(0), null, null, xs.get(1), xs.get(2), 0, 1),
                    x22, v(dt, 1, 2), v(dt, 3, 15)));
            // Backward, epsilon 2. Channel 0 of x {-2, 0, 0, 2}: mean 0, variance 2, 1/sqrt(4) = 0.5, xhat
            // {-1, 0, 0, 1}; dy {1, 2, 3, 6}: mean(dy) = 3, mean(dy xhat) = 5/4, gamma 1:
            // dx = 0.5 (dy - 3 - 1.25 xhat) = {-0.375, -0.5, 0, 0.875}; dgamma = 5, dbeta = 12.
            // Channel 1 of x {0, 2, 4, 2}: mean 2, variance 2, xhat {-1, 0, 1, 0}; dy {4, -2, 0, 2}: mean(dy) = 1,
            // mean(dy xhat) = -1, gamma 3: dx = 1.5 (dy - 1 + xhat) = {3, -4.5, 0, 1.5}; dgamma = -4, dbeta = 4.
            HostTensor xb = t(dt, Shape.of(4, 2), -2, 0, 0, 2, 0, 4, 2, 2);
            HostTensor dyb = t(dt, Shape.of(4, 2), 1, 4, 2, -2, 3, 0, 6, 2);
            goldens(h, c, p + "batchNormBackward [4, 2] axis 1, epsilon 2", "batchNormBackward",
                    (b, xs) -> b.batchNormBackward(xs.get(0), xs.get(1), xs.get(2), xs.get(3), xs.get(4), xs.get(5),
                            1, 2),
                    new HostTensor[] {t(dt, Shape.of(4, 2), -0.375, 3, -0.5, -4.5, 0, 0, 0.875, 1.5), v(dt, 5, -4),
                        v(dt, 12, 4)}, tol, dyb, xb, v(dt, 1, 3), v(dt, 0, 0), v(dt, 0, 2), v(dt, 2, 2));
            // The same numbers as rows of layer normalization, with gamma [1, 2, 0, -1] varying along the row:
            // dxhat = dy * gamma; row 0: dxhat {1, 4, 0, -6}, mean -1/4, mean(dxhat xhat) = -7/4,
            // dx = 0.5 (dxhat + 1/4 + 7/4 xhat) = {-0.25, 2.125, 0.125, -2}; row 1: dxhat {4, -4, 0, -2}, mean -1/2,
            // mean(dxhat xhat) = -1, dx = 0.5 (dxhat + 1/2 + xhat) = {1.75, -1.75, 0.75, -0.75};
            // dgamma = sum over rows of dy xhat = {-5, 0, 0, 6}, dbeta = {5, 0, 3, 8}.
            HostTensor xl = t(dt, Shape.of(2, 4), -2, 0, 0, 2, 0, 2, 4, 2);
            HostTensor dyl = t(dt, Shape.of(2, 4), 1, 2, 3, 6, 4, -2, 0, 2);
            goldens(h, c, p + "layerNormBackward [2, 4], epsilon 2", "layerNormBackward",
                    (b, xs) -> b.layerNormBackward(xs.get(0), xs.get(1), xs.get(2), xs.get(3), xs.get(4), xs.get(5),
                            2),
                    new HostTensor[] {t(dt, Shape.of(2, 4), -0.25, 2.125, 0.125, -2, 1.75, -1.75, 0.75, -0.75),
                        v(dt, -5, 0, 0, 6), v(dt, 5, 0, 3, 8)}, tol, dyl, xl, v(dt, 1, 2, 0, -1), v(dt, 0, 0, 0, 0),
                    v(dt, 0, 2), v(dt, 2, 2));
            // Without gamma and beta: dx of row 0 as channel 0 above, row 1 = 0.5 (dy - 1 + xhat) = {1, -1.5, 0, 0.5}.
            goldens(h, c, p + "layerNormBackward [2, 4], no gamma, no beta", "layerNormBackward",
                    (b, xs) -> b.layerNormBackward(xs.get(0), xs.get(1), null, null, xs.get(2), xs.get(3), 2),
                    new HostTensor[] {t(dt, Shape.of(2, 4), -0.375, -0.5, 0, 0.875, 1, -1.5, 0, 0.5)}, tol, dyl, xl,
                    v(dt, 0, 2), v(dt, 2, 2));
        }
        return c;
    }

    // ------------------------------------------------------------------ gradient checks

    /** The "normalization" group of {@link GradientChecks}. */
    static void gradientChecks(GradientChecks.Builder b) {
        b.group("normalization");
        b.fd("batchNormalization [4, 3] axis -1", x -> Ops.batchNormalization(x.get(0), x.get(1), x.get(2), -1,
                1e-3).y(), b.any(4, 3), b.any(3), b.any(3));
        b.fd("batchNormalization [2, 3, 2] axis 1", x -> Ops.batchNormalization(x.get(0), x.get(1), x.get(2), 1,
                1e-3).y(), b.any(2, 3, 2), b.any(3), b.any(3));
        b.fd("batchNormalization [3, 2, 2, 2] channels last, epsilon 0.1", x -> Ops.batchNormalization(x.get(0),
                x.get(1), x.get(2), 3, 0.1).y(), b.any(3, 2, 2, 2), b.any(2), b.any(2));
        b.fd("batchNormalization without gamma and beta", x -> Ops.batchNormalization(x.get(0), null, null, 0,
                1e-3).y(), b.any(3, 4));
        b.fd("batchNormalization gamma only", x -> Ops.batchNormalization(x.get(0), x.get(1), null, 1, 1e-3).y(),
                b.any(5, 2), b.any(2));
        b.fd("batchNormalization, the mean", x -> Ops.batchNormalization(x.get(0), x.get(1), x.get(2), 1,
                1e-3).mean(), b.any(4, 3), b.any(3), b.any(3));
        b.fd("batchNormalization, the variance", x -> Ops.batchNormalization(x.get(0), null, null, 1,
                1e-3).variance(), b.any(2, 3, 2));
        b.fd("batchNormalization, y, mean and variance together", x -> {
            NormalizationResult r = Ops.batchNormalization(x.get(0), x.get(1), x.get(2), 0, 1e-3);
            return Ops.add(Ops.multiply(r.y(), Ops.reshape(r.mean(), 3, 1)), Ops.reshape(r.variance(), 3, 1));
        }, b.any(3, 4), b.any(3), b.any(3));
        b.fd("batchNormalizationInference [4, 3]", x -> Ops.batchNormalizationInference(x.get(0), x.get(1),
                x.get(2), x.get(3), x.get(4), -1, 1e-3), b.any(4, 3), b.any(3), b.any(3), b.any(3), b.pos(3));
        b.fd("batchNormalizationInference [2, 3, 2] axis 1, no gamma and beta", x ->
                Ops.batchNormalizationInference(x.get(0), null, null, x.get(1), x.get(2), 1, 0.01), b.any(2, 3, 2),
                b.any(3), b.pos(3));
        b.fd("layerNormalization [3, 4]", x -> Ops.layerNormalization(x.get(0), x.get(1), x.get(2), 1e-3),
                b.any(3, 4), b.any(4), b.any(4));
        b.fd("layerNormalization [2, 2, 3], epsilon 0.1", x -> Ops.layerNormalization(x.get(0), x.get(1), x.get(2),
                0.1), b.any(2, 2, 3), b.any(3), b.any(3));
        b.fd("layerNormalization rank 1", x -> Ops.layerNormalization(x.get(0), x.get(1), x.get(2), 1e-3), b.any(5),
                b.any(5), b.any(5));
        b.fd("layerNormalization without gamma and beta", x -> Ops.layerNormalization(x.get(0), null, null, 1e-3),
                b.any(3, 4));
        // Second order: the inner gradient runs while the outer tape records, so the rules take their composed path;
        // the finite differences evaluate the inner gradient alone, on the backend's fused backward pass.
        b.fd("second order: batchNormalization's gradient", x -> innerGradient(x.get(0),
                xx -> Ops.batchNormalization(xx, x.get(1), x.get(2), 1, 1e-2).y()), b.any(4, 2), b.any(2), b.any(2));
        b.fd("second order: layerNormalization's gradient", x -> innerGradient(x.get(0),
                xx -> Ops.layerNormalization(xx, x.get(1), x.get(2), 1e-2)), b.any(2, 4), b.any(4), b.any(4));
    }

    /** The gradient of {@code sum(sin(f(x)))} with respect to {@code x}, under a tape of its own. */
    private static Tensor innerGradient(Tensor x, UnaryOperator<Tensor> f) {
        try (GradientTape inner = new GradientTape()) {
            inner.watch(x);
            return inner.gradient(Ops.sum(Ops.sin(f.apply(x))), x);
        }
    }
}
