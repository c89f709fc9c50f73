package dev.sheaf.testkit;

import static dev.sheaf.testkit.TensorAssertions.check;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * Identities that hold for any correct backend and need no oracle, checked on the backend under test in the widest
 * float type it supports. They catch errors the reference shares with itself: the backward ops of convolution,
 * pooling and gather must be the exact adjoints (transposes) of the forward ops, {@code <A x, g> = <x, Aᵀ g>}.
 */
final class PropertyCases {
    private PropertyCases() {
    }

    static Stream<DynamicNode> all(Harness h) {
        DType dt = h.backend.supports(DType.FLOAT64) ? DType.FLOAT64 : DType.FLOAT32;
        double rel = dt == DType.FLOAT64 ? 1e-10 : 1e-4;
        Backend b = h.backend;
        List<DynamicNode> conv = new ArrayList<>();
        for (NnCases.Conv c : NnCases.CONVS) {
            conv.add(h.test(c.label() + " " + dt, () -> {
                RandomTensors rnd = RandomTensors.forCase("adjoint" + c.label());
                HostTensor x = rnd.of(dt, c.x());
                HostTensor k = rnd.of(dt, c.kernel());
                HostTensor g = rnd.of(dt, c.output());
                double fwd = dot(HostTensor.read(b.conv(x.on(b), k.on(b), c.spec())), g);
                double viaData = dot(x, HostTensor.read(b.convBackwardData(g.on(b), k.on(b), c.x(), c.spec())));
                double viaFilter = dot(k, HostTensor.read(b.convBackwardFilter(x.on(b), g.on(b), c.kernel(),
                        c.spec())));
                double scale = c.taps() * Math.max(1, c.output().elementCount()) * x.maxAbs() * k.maxAbs()
                        * g.maxAbs();
                String ctx = "conv " + c.spec() + " x " + c.x() + " kernel " + c.kernel() + ": <conv(x, k), g> = "
                        + fwd;
                check(Math.abs(fwd - viaData) <= rel * scale, ctx + " but <x, convBackwardData(g, k)> = " + viaData
                        + " (convBackwardData is not the adjoint of conv)");
                check(Math.abs(fwd - viaFilter) <= rel * scale, ctx + " but <k, convBackwardFilter(x, g)> = "
                        + viaFilter + " (convBackwardFilter is not the adjoint of conv)");
            }));
        }
        List<DynamicNode> pool = new ArrayList<>();
        for (NnCases.Pool p : NnCases.POOLS) {
            pool.add(h.test("avg adjoint " + p.label() + " " + dt, () -> {
                RandomTensors rnd = RandomTensors.forCase("poolAdjoint" + p.label());
                HostTensor x = rnd.of(dt, p.x());
                HostTensor g = rnd.of(dt, p.output());
                double fwd = dot(HostTensor.read(b.pool(PoolMode.AVG, x.on(b), p.spec())), g);
                double bwd = dot(x, HostTensor.read(b.poolBackward(PoolMode.AVG, x.on(b), g.on(b), p.spec())));
                double scale = Math.max(1, p.output().elementCount()) * x.maxAbs() * g.maxAbs();
                check(Math.abs(fwd - bwd) <= rel * scale, "pool AVG " + p.spec() + " x " + p.x() + ": <pool(x), g> = "
                        + fwd + " but <x, poolBackward(x, g)> = " + bwd + " (not the adjoint)");
            }));
            pool.add(h.test("max routes each gradient to one maximum " + p.label() + " " + dt, () -> {
                RandomTensors rnd = RandomTensors.forCase("poolMax" + p.label());
                HostTensor x = rnd.choose(dt, p.x(), -1, 0, 1, 2);
                HostTensor g = rnd.uniform(dt, p.output(), 1, 2);
                HostTensor y = HostTensor.read(b.pool(PoolMode.MAX, x.on(b), p.spec()));
                HostTensor dx = HostTensor.read(b.poolBackward(PoolMode.MAX, x.on(b), g.on(b), p.spec()));
                // Max pooling is linear in x along the chosen positions: <y, g> = <x, dx>, and gradients are conserved.
                double sumG = 0;
                double sumDx = 0;
                for (int i = 0; i < g.size(); i++) {
                    sumG += g.getDouble(i);
                }
                for (int i = 0; i < dx.size(); i++) {
                    sumDx += dx.getDouble(i);
                }
                double scale = Math.max(1, g.size()) * 2;
                check(Math.abs(sumG - sumDx) <= rel * scale, "pool MAX " + p.spec() + ": the gradients sum to "
                        + sumG + " but poolBackward's result sums to " + sumDx);
                check(Math.abs(dot(y, g) - dot(x, dx)) <= rel * scale * 2, "pool MAX " + p.spec()
                        + ": poolBackward sends gradient to positions that are not the window's maximum");
            }));
        }
        List<DynamicNode> other = new ArrayList<>();
        for (DType it : h.intTypes()) {
            other.add(h.test("scatterAdd is the adjoint of gather, " + it, () -> {
                RandomTensors rnd = RandomTensors.forCase("gatherAdjoint" + it);
                Shape xs = Shape.of(4, 5, 3);
                HostTensor idx = HostTensor.ints(it, Shape.of(2, 3), 4, -1, 0, 2, 2, -5);
                HostTensor x = rnd.of(dt, xs);
                HostTensor u = rnd.of(dt, MovementCases.updatesShape(xs, idx.shape, 1));
                double fwd = dot(HostTensor.read(b.gather(x.on(b), idx.on(b), 1)), u);
                double bwd = dot(x, HostTensor.read(b.scatterAdd(xs, idx.on(b), u.on(b), 1)));
                check(Math.abs(fwd - bwd) <= rel * 100 * x.maxAbs() * u.maxAbs(), "<gather(x, i), u> = " + fwd
                        + " but <x, scatterAdd(i, u)> = " + bwd);
            }));
        }
        other.add(h.test("softmax sums to 1 and equals exp(logSoftmax) " + dt, () -> {
            HostTensor x = RandomTensors.forCase("softmaxSum").normal(dt, Shape.of(3, 4, 5), 5);
            for (int axis = 0; axis < 3; axis++) {
                Tensor sm = b.softmax(x.on(b), axis);
                HostTensor sums = HostTensor.read(b.reduce(ReduceOp.SUM, sm, new int[] {axis}, false));
                for (int i = 0; i < sums.size(); i++) {
                    check(Math.abs(sums.getDouble(i) - 1) <= rel * 10, "softmax axis " + axis + " sums to "
                            + sums.format(i) + " at " + sums.indexOf(i));
                }
                HostTensor viaLog = HostTensor.read(b.unary(dev.sheaf.spi.UnaryOp.EXP, b.logSoftmax(x.on(b), axis)));
                TensorAssertions.assertMatches("exp(logSoftmax(x, " + axis + ")) vs softmax", HostTensor.read(sm),
                        viaLog, new Tolerance(rel * 10, rel));
            }
        }));
        other.add(h.test("matmul transpose flags equal explicit transposes " + dt, () -> {
            RandomTensors rnd = RandomTensors.forCase("matmulFlags");
            HostTensor a = rnd.of(dt, Shape.of(2, 4, 3));
            HostTensor c = rnd.of(dt, Shape.of(5, 4));
            Tensor viaFlags = b.matmul(a.on(b), c.on(b), true, true);
            Tensor at = b.transpose(a.on(b), new int[] {0, 2, 1});
            Tensor ct = b.transpose(c.on(b), new int[] {1, 0});
            Tensor explicit = b.matmul(at, ct, false, false);
            TensorAssertions.assertMatches("matmul(a, b, true, true) vs matmul(aᵀ, bᵀ)", HostTensor.read(explicit),
                    HostTensor.read(viaFlags), new Tolerance(rel, rel * 4 * a.maxAbs() * c.maxAbs()));
        }));
        other.add(h.test("tile equals concatenation " + dt, () -> {
            HostTensor x = RandomTensors.forCase("tileConcat").of(dt, Shape.of(2, 3));
            Tensor t = x.on(b);
            Tensor row = b.concat(List.of(t, t, t), 1);
            Tensor want = b.concat(List.of(row, row), 0);
            TensorAssertions.assertMatches("tile(x, [2, 3]) vs concat", HostTensor.read(want),
                    HostTensor.read(b.tile(t, new int[] {2, 3})), Tolerance.EXACT);
        }));
        return Stream.of(dynamicContainer("convolution gradients are adjoints", conv),
                dynamicContainer("pooling gradients", pool), dynamicContainer("other identities", other));
    }

    /** Sum of products, in double. */
    static double dot(HostTensor a, HostTensor b) {
        check(a.shape.equals(b.shape), "shape " + a.shape + " where " + b.shape + " was expected");
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.getDouble(i) * b.getDouble(i);
        }
        return s;
    }
}
