package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** Differential cases of {@code matmul} and the fused {@code dense}. */
final class LinalgCases {
    private LinalgCases() {
    }

    /** Operand shapes as stored (before the transpose flags apply), the flags, and the operand layouts. */
    record Mm(Shape a, Shape b, boolean ta, boolean tb, Layout la, Layout lb) {
        Mm(Shape a, Shape b, boolean ta, boolean tb) {
            this(a, b, ta, tb, Layout.CONTIGUOUS, Layout.CONTIGUOUS);
        }

        long k() {
            return ta ? a.dim(-2) : a.dim(-1);
        }

        String label() {
            return a + (ta ? "ᵀ" : "") + " · " + b + (tb ? "ᵀ" : "")
                    + (la == Layout.CONTIGUOUS && lb == Layout.CONTIGUOUS ? "" : " " + la.label() + "/" + lb.label());
        }
    }

    static final List<Mm> MATMULS = List.of(
            new Mm(Shape.of(3, 4), Shape.of(4, 5), false, false),
            new Mm(Shape.of(4, 3), Shape.of(4, 5), true, false),
            new Mm(Shape.of(3, 4), Shape.of(5, 4), false, true),
            new Mm(Shape.of(4, 3), Shape.of(5, 4), true, true),
            new Mm(Shape.of(2, 3, 4), Shape.of(2, 4, 5), false, false),
            new Mm(Shape.of(2, 4, 3), Shape.of(2, 5, 4), true, true),
            new Mm(Shape.of(2, 1, 3, 4), Shape.of(3, 4, 5), false, false),
            new Mm(Shape.of(1, 3, 4), Shape.of(2, 4, 2), false, false),
            new Mm(Shape.of(2, 3, 4), Shape.of(4, 5), false, false),
            new Mm(Shape.of(3, 4), Shape.of(2, 5, 4), false, true),
            new Mm(Shape.of(3, 0), Shape.of(0, 2), false, false),
            new Mm(Shape.of(0, 4), Shape.of(4, 3), false, false),
            new Mm(Shape.of(3, 4), Shape.of(4, 0), false, false),
            new Mm(Shape.of(0, 3, 4), Shape.of(4, 2), false, false),
            new Mm(Shape.of(1, 1), Shape.of(1, 1), false, false),
            new Mm(Shape.of(1, 4), Shape.of(4, 1), false, false),
            new Mm(Shape.of(17, 33), Shape.of(33, 9), false, false),
            new Mm(Shape.of(3, 4), Shape.of(4, 5), false, false, Layout.TRANSPOSED, Layout.STRIDED),
            new Mm(Shape.of(2, 4, 3), Shape.of(2, 4, 5), true, false, Layout.STRIDED, Layout.TRANSPOSED),
            new Mm(Shape.of(4, 3), Shape.of(5, 4), true, true, Layout.TRANSPOSED, Layout.TRANSPOSED));

    static Stream<DynamicNode> matmul(Harness h) {
        return h.numericTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("matmul" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            for (Mm m : MATMULS) {
                HostTensor a = rnd.of(dt, m.a());
                HostTensor b = rnd.of(dt, m.b());
                cases.add(h.compare(m.label(), "matmul transposeA=" + m.ta() + " transposeB=" + m.tb(),
                        h.accumulation(dt, Math.max(1, m.k()) * a.maxAbs() * b.maxAbs()),
                        (be, xs) -> be.matmul(xs.get(0), xs.get(1), m.ta(), m.tb()),
                        in("a", a, m.la()), in("b", b, m.lb())));
            }
            if (dt.isFloating()) {
                // NaN and infinities must reach exactly the outputs whose row or column holds them.
                double[] av = rnd.of(dt, Shape.of(4, 3)).doubles();
                av[1] = Double.NaN;
                av[7] = Double.POSITIVE_INFINITY;
                HostTensor a = HostTensor.of(dt, Shape.of(4, 3), av);
                HostTensor b = rnd.uniform(dt, Shape.of(3, 2), 0.5, 2);
                cases.add(h.compare("NaN and inf in a", "matmul", h.accumulation(dt, 3 * 4 * 2),
                        (be, xs) -> be.matmul(xs.get(0), xs.get(1), false, false), in("a", a), in("b", b)));
            }
            return dynamicContainer(dt.toString(), cases);
        });
    }

    static Stream<DynamicNode> dense(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("dense" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            UnaryOp[] acts = {null, UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH};
            for (Shape xs : new Shape[] {Shape.of(4, 3), Shape.of(2, 4, 3), Shape.of(0, 3)}) {
                for (boolean bias : new boolean[] {false, true}) {
                    for (UnaryOp act : acts) {
                        HostTensor x = rnd.of(dt, xs);
                        HostTensor w = rnd.of(dt, Shape.of(3, 5));
                        HostTensor bv = rnd.of(dt, Shape.of(5));
                        String label = xs + (bias ? " bias" : " no bias") + " activation " + act;
                        Tolerance tol = h.accumulation(dt, 3 * x.maxAbs() * w.maxAbs() + bv.maxAbs());
                        if (bias) {
                            cases.add(h.compare(label, "dense bias activation=" + act, tol,
                                    (be, t) -> be.dense(t.get(0), t.get(1), t.get(2), act),
                                    in("x", x), in("w", w), in("bias", bv)));
                        } else {
                            cases.add(h.compare(label, "dense activation=" + act, tol,
                                    (be, t) -> be.dense(t.get(0), t.get(1), null, act), in("x", x), in("w", w)));
                        }
                    }
                }
            }
            cases.add(h.compare("transposed x, strided w", "dense bias relu",
                    h.accumulation(dt, 100), (be, t) -> be.dense(t.get(0), t.get(1), t.get(2), UnaryOp.RELU),
                    in("x", rnd.of(dt, Shape.of(4, 3)), Layout.TRANSPOSED),
                    in("w", rnd.of(dt, Shape.of(3, 5)), Layout.STRIDED), in("bias", rnd.of(dt, Shape.of(5)))));
            return dynamicContainer(dt.toString(), cases);
        });
    }
}
