package dev.sheaf.testkit;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * Finite-difference checks of the gradient rules of {@link Ops} under {@link GradientTape}, run with the backend under
 * test active. For a function {@code f} of float inputs the tape's gradient of {@code L = sum(w * f(x))}, with fixed
 * random weights {@code w} (so that a rule that permutes or mis-scales its output cannot hide behind a seed of ones),
 * is compared with the central difference {@code (L(x + eps) - L(x - eps)) / 2 eps} of every input element. A few
 * cases instead compare with a gradient known in closed form, where a finite difference cannot see the point of the
 * check (a kink's convention, saturation at ±1000).
 *
 * <p>In float64 (when the backend supports it): eps = 1e-6, tolerance relative 1e-5 plus absolute 1e-6. In float32:
 * eps = 2^-7, tolerance relative and absolute 1e-2 (the central difference itself is only that accurate). Inputs keep
 * clear of kinks by more than eps: abs and relu away from 0, log and sqrt on positive values, max/min on distinct values.
 */
final class GradientChecks {
    private GradientChecks() {
    }

    /** A function of the inputs, written with {@link Ops}. */
    interface F extends Function<List<Tensor>, Tensor> {
    }

    /** The dtype, step and tolerances of one run. */
    record Precision(DType dtype, double eps, double rel, double abs) {
        static Precision of(Backend b) {
            return b.supports(DType.FLOAT64) ? new Precision(DType.FLOAT64, 1e-6, 1e-5, 1e-6)
                    : new Precision(DType.FLOAT32, 0x1p-7, 1e-2, 1e-2);
        }
    }

    static Stream<DynamicNode> all(Harness h) {
        Precision p = Precision.of(h.backend);
        Builder b = new Builder(h.backend, p);
        b.elementwise();
        b.binary();
        b.select();
        b.reductions();
        b.matmul();
        b.shapes();
        b.activations();
        b.nn();
        NormalizationCases.gradientChecks(b);
        RecurrentCases.gradients(b);
        b.closedForm();
        return b.groups.stream();
    }

    /** Collects the cases, grouped by op family. */
    static final class Builder {
        final Backend backend;
        final Precision p;
        final DType dt;
        final RandomTensors rnd = RandomTensors.forCase("gradients");
        final List<DynamicNode> groups = new ArrayList<>();
        List<DynamicNode> current;

        Builder(Backend backend, Precision p) {
            this.backend = backend;
            this.p = p;
            this.dt = p.dtype();
        }

        void group(String name) {
            current = new ArrayList<>();
            groups.add(dynamicContainer(name, current));
        }

        // -------------------------------------------------------------- inputs

        HostTensor any(int... s) {
            return rnd.normal(dt, Shape.of(s), 1);
        }

        HostTensor pos(int... s) {
            return rnd.uniform(dt, Shape.of(s), 0.5, 2.5);
        }

        HostTensor away(int... s) {
            return rnd.awayFromZero(dt, Shape.of(s), 0.2, 2);
        }

        /** Distinct values at least 0.2 apart, in random order: no ties for max, min, maxPool, sorting. */
        HostTensor distinct(int... s) {
            Shape shape = Shape.of(s);
            int n = shape.elementCountAsInt();
            int[] perm = rnd.permutation(n);
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                v[k] = (perm[k] - n / 2.0) * 0.25 + 0.03 * (k % 2);
            }
            return HostTensor.of(dt, shape, v);
        }

        // -------------------------------------------------------------- registration

        void fd(String name, F f, HostTensor... inputs) {
            fd(name, p.eps(), f, inputs);
        }

        void fd(String name, double eps, F f, HostTensor... inputs) {
            current.add(dynamicTest(name, () -> checkFiniteDifference(name, eps, f, inputs)));
        }

        /** The tape's gradient of {@code sum(f(x))} must equal {@code expected} (one per input). */
        void exact(String name, F f, HostTensor[] inputs, HostTensor... expected) {
            current.add(dynamicTest(name, () -> checkClosedForm(name, f, inputs, expected)));
        }

        // -------------------------------------------------------------- the checks

        private void checkFiniteDifference(String name, double eps, F f, HostTensor[] inputs) {
            withBackend(() -> {
                List<Tensor> xs = onBackend(inputs);
                HostTensor y0 = HostTensor.read(apply(name, f, xs));
                HostTensor w = RandomTensors.forCase("weights" + name).uniform(y0.dtype, y0.shape, -1, 1);
                List<HostTensor> grads = tapeGradients(name, f, inputs, w);
                for (int i = 0; i < inputs.length; i++) {
                    HostTensor x = inputs[i];
                    HostTensor g = grads.get(i);
                    double[] base = x.doubles();
                    for (int k = 0; k < base.length; k++) {
                        double saved = base[k];
                        base[k] = saved + eps;
                        double up = loss(name, f, inputs, i, HostTensor.of(x.dtype, x.shape, base), w);
                        base[k] = saved - eps;
                        double down = loss(name, f, inputs, i, HostTensor.of(x.dtype, x.shape, base), w);
                        base[k] = saved;
                        // The step actually taken, after rounding to the input's dtype.
                        double step = HostTensor.of(x.dtype, Shape.of(1), saved + eps).getDouble(0)
                                - HostTensor.of(x.dtype, Shape.of(1), saved - eps).getDouble(0);
                        double numeric = (up - down) / step;
                        double analytic = g.getDouble(k);
                        if (!(Math.abs(analytic - numeric) <= p.abs() + p.rel() * Math.max(Math.abs(analytic),
                                Math.abs(numeric)))) {
                            throw new AssertionFailedError("gradient of sum(w * " + name + ") with respect to input "
                                    + i + " (" + x.describe() + ") at " + x.indexOf(k) + " (value " + x.format(k)
                                    + "): the tape gave " + analytic + ", the central difference (eps " + eps
                                    + ") gives " + numeric + "; tolerance relative " + p.rel() + ", absolute "
                                    + p.abs() + " on backend '" + backend.name() + "'\n  inputs " + previews(inputs)
                                    + "\n  tape gradient " + g.preview());
                        }
                    }
                }
            });
        }

        private void checkClosedForm(String name, F f, HostTensor[] inputs, HostTensor[] expected) {
            withBackend(() -> {
                List<Tensor> xs = onBackend(inputs);
                HostTensor y0 = HostTensor.read(apply(name, f, xs));
                HostTensor ones = HostTensor.of(y0.dtype, y0.shape, filled(y0.size(), 1));
                List<HostTensor> grads = tapeGradients(name, f, inputs, ones);
                for (int i = 0; i < inputs.length; i++) {
                    TensorAssertions.assertMatches("gradient of sum(" + name + ") with respect to input " + i
                            + " (inputs " + previews(inputs) + ") on backend '" + backend.name() + "'", expected[i],
                            grads.get(i), new Tolerance(p.rel(), p.abs()));
                }
            });
        }

        /** The tape's gradients of {@code sum(w * f(x))}, checked for shape and dtype. */
        private List<HostTensor> tapeGradients(String name, F f, HostTensor[] inputs, HostTensor w) {
            List<Tensor> xs = onBackend(inputs);
            List<Tensor> grads;
            try (GradientTape tape = new GradientTape()) {
                for (Tensor x : xs) {
                    tape.watch(x);
                }
                Tensor y = apply(name, f, xs);
                Tensor loss = Ops.sum(Ops.multiply(y, w.on(backend)));
                grads = tape.gradient(loss, xs);
            } catch (RuntimeException e) {
                throw new AssertionFailedError("gradient of sum(w * " + name + ") failed on backend '"
                        + backend.name() + "': " + e, e);
            }
            List<HostTensor> r = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                Tensor g = grads.get(i);
                if (g == null || !g.shape().equals(xs.get(i).shape()) || g.dtype() != xs.get(i).dtype()) {
                    throw new AssertionFailedError("gradient of " + name + " with respect to input " + i + " ("
                            + inputs[i].describe() + ") is " + (g == null ? "null" : g.dtype() + " " + g.shape())
                            + "; expected the input's shape and dtype");
                }
                r.add(HostTensor.read(g));
            }
            return r;
        }

        /** {@code sum(w * f(x))} with input {@code i} replaced, in double on the host. */
        private double loss(String name, F f, HostTensor[] inputs, int i, HostTensor replaced, HostTensor w) {
            try (TensorScope scope = TensorScope.open()) {
                HostTensor[] in = inputs.clone();
                in[i] = replaced;
                HostTensor y = HostTensor.read(apply(name, f, onBackend(in)));
                double s = 0;
                for (int k = 0; k < y.size(); k++) {
                    s += w.getDouble(k) * y.getDouble(k);
                }
                return s;
            }
        }

        private List<Tensor> onBackend(HostTensor[] inputs) {
            List<Tensor> xs = new ArrayList<>();
            for (HostTensor x : inputs) {
                xs.add(x.on(backend));
            }
            return xs;
        }

        private Tensor apply(String name, F f, List<Tensor> xs) {
            try {
                return f.apply(xs);
            } catch (RuntimeException e) {
                throw new AssertionFailedError(name + " failed on backend '" + backend.name() + "': " + e, e);
            }
        }

        /** Runs {@code body} in its own scope with the backend under test active, then restores the previous one. */
        private void withBackend(Runnable body) {
            Backend previous = Sheaf.backend();
            Sheaf.setBackend(backend);
            try (TensorScope scope = TensorScope.open()) {
                body.run();
            } finally {
                Sheaf.setBackend(previous);
            }
        }

        // -------------------------------------------------------------- the cases

        void elementwise() {
            group("element-wise unary");
            fd("negative", x -> Ops.negative(x.get(0)), any(2, 3));
            fd("abs", x -> Ops.abs(x.get(0)), away(2, 3));
            fd("square", x -> Ops.square(x.get(0)), any(2, 3));
            fd("exp", x -> Ops.exp(x.get(0)), any(2, 3));
            fd("expm1", x -> Ops.expm1(x.get(0)), any(2, 3));
            fd("log", x -> Ops.log(x.get(0)), pos(2, 3));
            fd("log1p", x -> Ops.log1p(x.get(0)), pos(2, 3));
            fd("sqrt", x -> Ops.sqrt(x.get(0)), pos(2, 3));
            fd("rsqrt", x -> Ops.rsqrt(x.get(0)), pos(2, 3));
            fd("reciprocal", x -> Ops.reciprocal(x.get(0)), away(2, 3));
            fd("erf", x -> Ops.erf(x.get(0)), any(2, 3));
            fd("sin", x -> Ops.sin(x.get(0)), any(2, 3));
            fd("cos", x -> Ops.cos(x.get(0)), any(2, 3));
            fd("tanh", x -> Ops.tanh(x.get(0)), any(2, 3));
            fd("sigmoid", x -> Ops.sigmoid(x.get(0)), any(2, 3));
            fd("relu", x -> Ops.relu(x.get(0)), away(2, 3));
            fd("copy", x -> Ops.copy(x.get(0)), any(2, 3));
            fd("power(x, 3.0)", x -> Ops.power(x.get(0), 3.0), any(2, 3));
            fd("power(x, -0.5)", x -> Ops.power(x.get(0), -0.5), pos(2, 3));
            fd("composite exp(sin(x)) * x", x -> Ops.multiply(Ops.exp(Ops.sin(x.get(0))), x.get(0)), any(2, 3));
        }

        void binary() {
            group("element-wise binary, broadcasting");
            int[][][] shapes = {
                {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 3}, {2, 1}}, {{2, 3}, {}}, {{}, {2, 3}}, {{2, 1, 3}, {4, 1}},
                {{1, 3}, {2, 1}}};
            for (int[][] s : shapes) {
                String sh = " " + Shape.of(s[0]) + " " + Shape.of(s[1]);
                fd("add" + sh, x -> Ops.add(x.get(0), x.get(1)), any(s[0]), any(s[1]));
                fd("subtract" + sh, x -> Ops.subtract(x.get(0), x.get(1)), any(s[0]), any(s[1]));
                fd("multiply" + sh, x -> Ops.multiply(x.get(0), x.get(1)), any(s[0]), any(s[1]));
                fd("divide" + sh, x -> Ops.divide(x.get(0), x.get(1)), any(s[0]), away(s[1]));
                fd("power" + sh, x -> Ops.power(x.get(0), x.get(1)), pos(s[0]), any(s[1]));
                HostTensor[] mm = separated(s[0], s[1]);
                fd("maximum" + sh, x -> Ops.maximum(x.get(0), x.get(1)), mm[0], mm[1]);
                fd("minimum" + sh, x -> Ops.minimum(x.get(0), x.get(1)), mm[0], mm[1]);
            }
            fd("add(x, 2.0)", x -> Ops.add(x.get(0), 2.0), any(2, 3));
            fd("subtract(2.0, x)", x -> Ops.subtract(2.0, x.get(0)), any(2, 3));
            fd("multiply(x, -3.0)", x -> Ops.multiply(x.get(0), -3.0), any(2, 3));
            fd("divide(2.0, x)", x -> Ops.divide(2.0, x.get(0)), away(2, 3));
            fd("divide(x, 4.0)", x -> Ops.divide(x.get(0), 4.0), any(2, 3));
            fd("maximum(x, 0.1)", x -> Ops.maximum(x.get(0), 0.1), away(2, 3));
            fd("minimum(x, 0.1)", x -> Ops.minimum(x.get(0), 0.1), away(2, 3));
            fd("same tensor twice: multiply(x, x)", x -> Ops.multiply(x.get(0), x.get(0)), any(2, 3));
        }

        /** Operands for maximum/minimum whose broadcast pairs differ by at least 0.1 (no ties within eps). */
        private HostTensor[] separated(int[] sa, int[] sb) {
            // a on odd tenths, b on even tenths.
            double[] av = any(sa).doubles();
            double[] bv = any(sb).doubles();
            for (int k = 0; k < av.length; k++) {
                av[k] = Math.round(av[k] * 5) / 5.0 + 0.1;
            }
            for (int k = 0; k < bv.length; k++) {
                bv[k] = Math.round(bv[k] * 5) / 5.0;
            }
            return new HostTensor[] {HostTensor.of(dt, Shape.of(sa), av), HostTensor.of(dt, Shape.of(sb), bv)};
        }

        void select() {
            group("where, clip");
            fd("where(cond, a, b) broadcast", x -> Ops.where(Ops.constant(new boolean[] {true, false, true, false,
                false, true}, 2, 3), x.get(0), x.get(1)), any(2, 3), any(3));
            fd("where(cond, a, 0.5)", x -> Ops.where(Ops.constant(new boolean[] {true, false, true}, 3), x.get(0),
                    0.5), any(2, 3));
            fd("where(cond, 0.5, b)", x -> Ops.where(Ops.constant(new boolean[] {true, false}, 2, 1), 0.5, x.get(0)),
                    any(2, 3));
            HostTensor c = HostTensor.of(dt, Shape.of(2, 4), -1.3, -0.3, 0.2, 0.7, 1.9, -0.45, 0.45, -2);
            fd("clip(x, -0.5, 0.5)", x -> Ops.clip(x.get(0), -0.5, 0.5), c);
        }

        void reductions() {
            group("reductions");
            int[][] axesList = {{}, {0}, {1}, {0, 2}, {-1}, {0, 1, 2}};
            for (int[] axes : axesList) {
                for (boolean keep : new boolean[] {false, true}) {
                    String a = java.util.Arrays.toString(axes) + (keep ? " keepDims" : "");
                    fd("sum " + a, x -> Ops.sum(x.get(0), axes, keep), any(2, 3, 2));
                    fd("mean " + a, x -> Ops.mean(x.get(0), axes, keep), any(2, 3, 2));
                    fd("max " + a, x -> Ops.max(x.get(0), axes, keep), distinct(2, 3, 2));
                    fd("min " + a, x -> Ops.min(x.get(0), axes, keep), distinct(2, 3, 2));
                    fd("prod " + a, x -> Ops.prod(x.get(0), axes, keep), away(2, 3, 2));
                    fd("logsumexp " + a, x -> Ops.logsumexp(x.get(0), axes, keep), any(2, 3, 2));
                    fd("var " + a, x -> Ops.var(x.get(0), axes, keep), any(2, 3, 2));
                    fd("std " + a, x -> Ops.std(x.get(0), axes, keep), any(2, 3, 2));
                }
            }
            fd("prod with one zero", x -> Ops.prod(x.get(0), new int[] {1}, false),
                    HostTensor.of(dt, Shape.of(2, 3), 0, 2, -1.5, 0.5, 1.5, 3));
        }

        void matmul() {
            group("matmul");
            fd("matmul (3, 4) (4, 2)", x -> Ops.matmul(x.get(0), x.get(1)), any(3, 4), any(4, 2));
            fd("matmul transposeA", x -> Ops.matmul(x.get(0), x.get(1), true, false), any(4, 3), any(4, 2));
            fd("matmul transposeB", x -> Ops.matmul(x.get(0), x.get(1), false, true), any(3, 4), any(2, 4));
            fd("matmul both transposed", x -> Ops.matmul(x.get(0), x.get(1), true, true), any(4, 3), any(2, 4));
            fd("matmul batched", x -> Ops.matmul(x.get(0), x.get(1)), any(2, 3, 4), any(2, 4, 2));
            fd("matmul batch broadcast (2, 3, 4) (4, 2)", x -> Ops.matmul(x.get(0), x.get(1)), any(2, 3, 4),
                    any(4, 2));
            fd("matmul batch broadcast (1, 3, 4) (2, 4, 2)", x -> Ops.matmul(x.get(0), x.get(1)), any(1, 3, 4),
                    any(2, 4, 2));
            fd("matmul batched transposes", x -> Ops.matmul(x.get(0), x.get(1), true, true), any(2, 4, 3),
                    any(1, 2, 4));
            fd("matmul 1-d (4,) (4, 2)", x -> Ops.matmul(x.get(0), x.get(1)), any(4), any(4, 2));
            fd("matmul 1-d (3, 4) (4,)", x -> Ops.matmul(x.get(0), x.get(1)), any(3, 4), any(4));
            fd("matmul 1-d (4,) (4,)", x -> Ops.matmul(x.get(0), x.get(1)), any(4), any(4));
            fd("matmul 1-d (4,) (2, 4, 3)", x -> Ops.matmul(x.get(0), x.get(1)), any(4), any(2, 4, 3));
            fd("dot (3, 4) (4,)", x -> Ops.dot(x.get(0), x.get(1)), any(3, 4), any(4));
        }

        void shapes() {
            group("shape and movement");
            fd("reshape", x -> Ops.reshape(x.get(0), 3, -1), any(2, 3, 2));
            fd("flatten", x -> Ops.flatten(x.get(0)), any(2, 3));
            fd("transpose [2, 0, 1]", x -> Ops.transpose(x.get(0), 2, 0, 1), any(2, 3, 4));
            fd("transpose (reverse)", x -> Ops.transpose(x.get(0)), any(2, 3));
            fd("expandDims", x -> Ops.expandDims(x.get(0), 1), any(2, 3));
            fd("squeeze", x -> Ops.squeeze(x.get(0), 1), any(2, 1, 3));
            fd("slice", x -> Ops.slice(x.get(0), new int[] {1, 0}, new int[] {2, -1}), any(3, 4));
            fd("stridedSlice", x -> Ops.stridedSlice(x.get(0), new int[] {0, 1}, new int[] {4, 5},
                    new int[] {2, 2}), any(4, 5));
            fd("stridedSlice negative bounds", x -> Ops.stridedSlice(x.get(0), new int[] {-3}, new int[] {-1},
                    new int[] {1}), any(5));
            fd("concatenate axis 1", x -> Ops.concatenate(List.of(x.get(0), x.get(1), x.get(0)), 1), any(2, 3),
                    any(2, 1));
            fd("concatenate axis 0", x -> Ops.concatenate(List.of(x.get(0), x.get(1))), any(1, 3), any(2, 3));
            fd("stack axis 1", x -> Ops.stack(List.of(x.get(0), x.get(1)), 1), any(2, 3), any(2, 3));
            fd("split into sections", x -> {
                List<Tensor> parts = Ops.split(x.get(0), 3, 1);
                return Ops.concatenate(List.of(Ops.multiply(parts.get(2), 2.0), parts.get(0),
                        Ops.multiply(parts.get(1), -1.0)), 1);
            }, any(2, 6));
            fd("split at indices", x -> {
                List<Tensor> parts = Ops.split(x.get(0), new int[] {1, 3}, 0);
                return Ops.add(Ops.sum(Ops.square(parts.get(1))), Ops.sum(Ops.multiply(parts.get(2), 3.0)));
            }, any(4, 2));
            fd("pad", x -> Ops.pad(x.get(0), new int[][] {{1, 0}, {2, 1}}, 0.5), any(2, 3));
            fd("gather axis 0 repeated and negative", x -> Ops.gather(x.get(0),
                    Ops.constant(new long[] {2, 0, 2, -1}, 4), 0), any(3, 2));
            fd("gather axis 1 2-d int32 indices", x -> Ops.gather(x.get(0),
                    Ops.constant(new int[] {1, 0, 1, 1}, 2, 2), 1), any(3, 2));
            fd("take (flattened)", x -> Ops.take(x.get(0), Ops.constant(new long[] {5, 0, 5}, 3)), any(2, 3));
            fd("broadcastTo", x -> Ops.broadcastTo(x.get(0), 2, 3, 4), any(3, 1));
            fd("tile", x -> Ops.tile(x.get(0), 2, 3), any(2, 2));
            HostTensor eighths = rnd.choose(dt, Shape.of(2, 3), -1.5, -0.625, 0.25, 0.875, 2.125);
            // Casts between float types are linear; on values with few mantissa bits and a power-of-two step the
            // difference quotient is exact in float32 too.
            fd("cast to float32", 0x1p-6, x -> Ops.cast(x.get(0), DType.FLOAT32), eighths);
            if (backend.supports(DType.FLOAT64)) {
                HostTensor f32 = HostTensor.of(DType.FLOAT32, Shape.of(2, 3), eighths.doubles());
                fd("cast float32 to float64", 0x1p-6, x -> Ops.cast(x.get(0), DType.FLOAT64), f32);
            }
        }

        void activations() {
            group("activations");
            fd("relu6", x -> Ops.relu6(x.get(0)),
                    HostTensor.of(dt, Shape.of(2, 4), -1.3, -0.3, 0.2, 0.7, 5.5, 6.5, 3, -7));
            fd("hardSigmoid", x -> Ops.hardSigmoid(x.get(0)),
                    HostTensor.of(dt, Shape.of(2, 4), -4, -2.5, -1, 0.2, 0.7, 2.5, 3.5, 1.5));
            fd("softplus", x -> Ops.softplus(x.get(0)), any(2, 3));
            fd("softsign", x -> Ops.softsign(x.get(0)), away(2, 3));
            fd("elu", x -> Ops.elu(x.get(0)), away(2, 3));
            fd("elu alpha 0.5", x -> Ops.elu(x.get(0), 0.5), away(2, 3));
            fd("selu", x -> Ops.selu(x.get(0)), away(2, 3));
            fd("gelu exact", x -> Ops.gelu(x.get(0)), any(2, 3));
            fd("gelu tanh approximation", x -> Ops.gelu(x.get(0), true), any(2, 3));
            fd("silu", x -> Ops.silu(x.get(0)), any(2, 3));
            fd("swish", x -> Ops.swish(x.get(0)), any(2, 3));
            fd("leakyRelu", x -> Ops.leakyRelu(x.get(0)), away(2, 3));
            fd("leakyRelu slope 0.1", x -> Ops.leakyRelu(x.get(0), 0.1), away(2, 3));
            fd("exponential", x -> Ops.exponential(x.get(0)), any(2, 3));
            fd("softmax last axis", x -> Ops.softmax(x.get(0)), any(2, 4));
            fd("softmax axis 0", x -> Ops.softmax(x.get(0), 0), any(3, 2, 2));
            fd("logSoftmax last axis", x -> Ops.logSoftmax(x.get(0)), any(2, 4));
            fd("logSoftmax axis 1", x -> Ops.logSoftmax(x.get(0), 1), any(2, 3, 2));
        }

        void nn() {
            group("fused dense and softmax cross-entropy");
            fd("dense linear", x -> Ops.dense(x.get(0), x.get(1), x.get(2), null), any(3, 4), any(4, 2), any(2));
            fd("dense linear, no bias", x -> Ops.dense(x.get(0), x.get(1), null, null), any(3, 4), any(4, 2));
            fd("dense sigmoid", x -> Ops.dense(x.get(0), x.get(1), x.get(2), UnaryOp.SIGMOID), any(3, 4), any(4, 2),
                    any(2));
            fd("dense tanh, rank-3 input", x -> Ops.dense(x.get(0), x.get(1), x.get(2), UnaryOp.TANH), any(2, 3, 4),
                    any(4, 2), any(2));
            // Pre-activations x·w + b = [[2.3, 0.8, -3.4], [-0.45, 1.3, -1.4]]: at least 0.45 from relu's kink.
            fd("dense relu", x -> Ops.dense(x.get(0), x.get(1), x.get(2), UnaryOp.RELU),
                    HostTensor.of(dt, Shape.of(2, 2), 1, 2, -1, 0.5),
                    HostTensor.of(dt, Shape.of(2, 3), 1, -1, 0.5, 0.5, 1, -2), HostTensor.of(dt, Shape.of(3), 0.3, -0.2, 0.1));
            fd("softmaxCrossEntropy last axis", x -> Ops.softmaxCrossEntropy(x.get(0), x.get(1), -1), any(3, 4),
                    pos(3, 4));
            fd("softmaxCrossEntropy axis 0", x -> Ops.softmaxCrossEntropy(x.get(0), x.get(1), 0), any(3, 2),
                    pos(3, 2));
            group("convolution and pooling");
            ConvSpec c1 = ConvSpec.simple(1);
            fd("conv 1-d", x -> Ops.conv(x.get(0), x.get(1), c1), any(2, 5, 2), any(3, 2, 3));
            ConvSpec c1s = new ConvSpec(new int[] {2}, new int[][] {{1, 2}}, new int[] {1}, 1);
            fd("conv 1-d stride 2 padding (1, 2)", x -> Ops.conv(x.get(0), x.get(1), c1s), any(1, 6, 2),
                    any(3, 2, 2));
            ConvSpec c1d = new ConvSpec(new int[] {1}, new int[][] {{2, 1}}, new int[] {2}, 2);
            fd("conv 1-d dilation 2 groups 2", x -> Ops.conv(x.get(0), x.get(1), c1d), any(1, 6, 4), any(2, 2, 4));
            ConvSpec c2 = new ConvSpec(new int[] {2, 1}, new int[][] {{1, 0}, {0, 1}}, new int[] {1, 2}, 2);
            fd("conv 2-d stride (2, 1) padding dilation (1, 2) groups 2", x -> Ops.conv(x.get(0), x.get(1), c2),
                    any(1, 4, 4, 2), any(2, 2, 1, 2));
            fd("conv 2-d simple", x -> Ops.conv(x.get(0), x.get(1), ConvSpec.simple(2)), any(1, 3, 4, 2),
                    any(2, 2, 2, 2));
            PoolSpec p1 = new PoolSpec(new int[] {2}, new int[] {1}, new int[][] {{1, 0}});
            fd("maxPool 1-d window 2 stride 1 padding", x -> Ops.maxPool(x.get(0), p1), distinct(1, 5, 2));
            fd("maxPool 2-d 2x2", x -> Ops.maxPool(x.get(0), PoolSpec.of(2, 2)), distinct(1, 4, 4, 2));
            PoolSpec p3 = new PoolSpec(new int[] {3, 2}, new int[] {2, 1}, new int[][] {{1, 1}, {0, 1}});
            fd("maxPool 2-d window (3, 2) padding", x -> Ops.maxPool(x.get(0), p3), distinct(1, 5, 3, 1));
            fd("avgPool 1-d window 2 stride 1 padding", x -> Ops.avgPool(x.get(0), p1), any(1, 5, 2));
            fd("avgPool 2-d window (3, 2) padding", x -> Ops.avgPool(x.get(0), p3), any(1, 5, 3, 1));
        }

        void closedForm() {
            group("closed-form gradients (kinks, saturation, ties)");
            // softplus' = sigmoid: 1/2 at 0, and it must not overflow at +-1000.
            exact("softplus at 0 and +-1000", x -> Ops.softplus(x.get(0)), in(v(0, 1000, -1000)), v(0.5, 1, 0));
            // softsign' = 1 / (1 + |x|)^2 = 1 at 0.
            exact("softsign at 0", x -> Ops.softsign(x.get(0)), in(v(0, 1)), v(1, 0.25));
            exact("sigmoid saturated at +-100", x -> Ops.sigmoid(x.get(0)), in(v(100, -100)), v(0, 0));
            exact("tanh saturated at +-100", x -> Ops.tanh(x.get(0)), in(v(100, -100)), v(0, 0));
            exact("elu at +-1000", x -> Ops.elu(x.get(0)), in(v(1000, -1000)), v(1, 0));
            exact("logsumexp of large equal values", x -> Ops.logsumexp(x.get(0)), in(v(1000, 1000)), v(0.5, 0.5));
            exact("logsumexp with -inf", x -> Ops.logsumexp(x.get(0)), in(v(0, Double.NEGATIVE_INFINITY)), v(1, 0));
            exact("softmax sums to 1, so the gradient of its sum is 0", x -> Ops.softmax(x.get(0)),
                    in(v(1, 2, 3, -1)), v(0, 0, 0, 0));
            // The tie rule documented by Ops: max splits the gradient among equal maxima; maxPool picks the first.
            exact("max splits ties evenly", x -> Ops.max(x.get(0)), in(v(1, 3, 3)), v(0, 0.5, 0.5));
            exact("maxPool sends ties to the first maximum",
                    x -> Ops.maxPool(x.get(0), new PoolSpec(new int[] {2}, new int[] {1}, new int[][] {{0, 0}})),
                    in(HostTensor.of(dt, Shape.of(1, 4, 1), 1, 3, 3, 2)),
                    HostTensor.of(dt, Shape.of(1, 4, 1), 0, 2, 1, 0));
            exact("relu at 0 (Keras: 0)", x -> Ops.relu(x.get(0)), in(v(0, 2, -2)), v(0, 1, 0));
            exact("sqrt of a sum: chain rule", x -> Ops.sqrt(Ops.sum(Ops.square(x.get(0)))), in(v(3, 4)),
                    v(0.6, 0.8));
        }

        private HostTensor v(double... values) {
            return HostTensor.of(dt, Shape.of(values.length), values);
        }

        private static HostTensor[] in(HostTensor... xs) {
            return xs;
        }
    }

    private static double[] filled(int n, double value) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, value);
        return d;
    }

    private static String previews(HostTensor[] xs) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < xs.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(xs[k].describe()).append(' ').append(xs[k].preview());
        }
        return sb.toString();
    }
}
