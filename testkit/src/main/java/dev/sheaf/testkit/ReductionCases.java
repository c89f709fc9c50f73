package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** Differential cases of {@code reduce}, {@code argmax}, {@code argmin}, {@code mean} and {@code logSumExp}. */
final class ReductionCases {
    private ReductionCases() {
    }

    /** A shape, the axes reduced over, and the layout of the input. */
    record Axes(Shape shape, int[] axes, Layout layout) {
        Axes(Shape shape, int... axes) {
            this(shape, axes, Layout.CONTIGUOUS);
        }

        /** Whether some reduced axis is empty (MAX and MIN have no identity there). */
        boolean reducesEmpty() {
            for (int a : axes) {
                if (shape.dim(a) == 0) {
                    return true;
                }
            }
            return false;
        }

        long count() {
            long n = 1;
            for (int a : axes) {
                n *= shape.dim(a);
            }
            return n;
        }

        String label() {
            return shape + " axes " + Arrays.toString(axes) + (layout == Layout.CONTIGUOUS ? "" : " " + layout.label());
        }
    }

    static final List<Axes> AXES = List.of(
            new Axes(Shape.of(2, 3, 4)),
            new Axes(Shape.of(2, 3, 4), 0),
            new Axes(Shape.of(2, 3, 4), 1),
            new Axes(Shape.of(2, 3, 4), 2),
            new Axes(Shape.of(2, 3, 4), 0, 2),
            new Axes(Shape.of(2, 3, 4), 1, 2),
            new Axes(Shape.of(2, 3, 4), 0, 1, 2),
            new Axes(Shape.of(7), 0),
            new Axes(Shape.scalar()),
            new Axes(Shape.of(1, 5, 1), 0, 2),
            new Axes(Shape.of(0, 3), 1),
            new Axes(Shape.of(0, 3), 0),
            new Axes(Shape.of(3, 0), 0, 1),
            new Axes(Shape.of(2, 3, 4), new int[] {1}, Layout.TRANSPOSED),
            new Axes(Shape.of(2, 3, 4), new int[] {0, 2}, Layout.STRIDED),
            new Axes(Shape.of(3, 4), new int[] {0, 1}, Layout.TRANSPOSED));

    static Stream<DynamicNode> reduce(Harness h) {
        return Arrays.stream(ReduceOp.values()).map(op -> dynamicContainer(op.name(), h.numericTypes().stream()
                .map(dt -> dynamicContainer(dt.toString(), reduceCases(h, op, dt)))));
    }

    private static Stream<DynamicNode> reduceCases(Harness h, ReduceOp op, DType dt) {
        RandomTensors rnd = RandomTensors.forCase("reduce" + op + dt);
        List<DynamicNode> cases = new ArrayList<>();
        boolean minMax = op == ReduceOp.MAX || op == ReduceOp.MIN;
        for (Axes ax : AXES) {
            if (minMax && ax.reducesEmpty()) {
                continue;
            }
            for (boolean keep : new boolean[] {false, true}) {
                HostTensor x = reduceInput(rnd, op, dt, ax.shape());
                cases.add(h.compare(ax.label() + (keep ? " keepDims" : ""), "reduce " + op + " axes "
                                + Arrays.toString(ax.axes()) + " keepDims=" + keep, tolerance(h, op, dt, x, ax),
                        (b, xs) -> b.reduce(op, xs.get(0), ax.axes(), keep), in("x", x, ax.layout())));
            }
        }
        HostTensor sp = RandomTensors.specials(dt);
        if (op == ReduceOp.PROD && !dt.isFloating()) {
            sp = HostTensor.of(dt, Shape.of(6), 1, -1, 2, -3, 7, 1);
        }
        // NaN, infinities and signed zeros: a whole-vector reduction and one per row of a 2-d arrangement.
        cases.add(h.compare("edge values " + sp.preview(), "reduce " + op, tolerance(h, op, dt, sp,
                new Axes(sp.shape, 0)), (b, xs) -> b.reduce(op, xs.get(0), new int[] {0}, false), in("x", sp)));
        if (sp.size() % 2 == 0) {
            HostTensor sp2 = sp.reshape(Shape.of(sp.size() / 2, 2));
            cases.add(h.compare("edge value pairs", "reduce " + op + " axes [1]", tolerance(h, op, dt, sp2,
                    new Axes(sp2.shape, 1)), (b, xs) -> b.reduce(op, xs.get(0), new int[] {1}, false), in("x", sp2)));
        }
        return cases.stream();
    }

    private static HostTensor reduceInput(RandomTensors rnd, ReduceOp op, DType dt, Shape s) {
        if (op == ReduceOp.PROD) {
            // Products of up to 24 elements stay representable (and, for floats, away from under/overflow).
            return dt.isFloating() ? rnd.awayFromZero(dt, s, 0.5, 1.5) : rnd.choose(dt, s, -2, -1, 1, 1, 2, 0);
        }
        return rnd.of(dt, s);
    }

    private static Tolerance tolerance(Harness h, ReduceOp op, DType dt, HostTensor x, Axes ax) {
        return switch (op) {
            // By value: max(0.0, -0.0) may be either zero.
            case MAX, MIN -> h.elementwise(dt);
            case SUM -> h.accumulation(dt, Math.max(1, ax.count()) * x.maxAbs());
            case PROD -> h.accumulation(dt, 1);
        };
    }

    // ------------------------------------------------------------------ argmax, argmin

    static Stream<DynamicNode> arg(Harness h) {
        return Stream.of(true, false).map(isMax -> dynamicContainer(isMax ? "argmax" : "argmin",
                h.numericTypes().stream().map(dt -> {
                    RandomTensors rnd = RandomTensors.forCase("arg" + isMax + dt);
                    List<DynamicNode> cases = new ArrayList<>();
                    String name = isMax ? "argmax" : "argmin";
                    Shape[] shapes = {Shape.of(2, 3, 4), Shape.of(7), Shape.of(1), Shape.of(0, 3)};
                    for (Shape s : shapes) {
                        for (int axis = 0; axis < s.rank(); axis++) {
                            if (s.dim(axis) == 0) {
                                continue;
                            }
                            for (boolean keep : new boolean[] {false, true}) {
                                int a = axis;
                                // Few distinct values: ties must go to the first index.
                                HostTensor x = rnd.choose(dt, s, -2, 0, 1, 3);
                                cases.add(h.compare(s + " axis " + a + (keep ? " keepDims" : ""),
                                        name + " axis " + a + " keepDims=" + keep, Tolerance.EXACT,
                                        (b, xs) -> isMax ? b.argmax(xs.get(0), a, keep) : b.argmin(xs.get(0), a, keep),
                                        in("x", x)));
                            }
                        }
                    }
                    for (Layout l : new Layout[] {Layout.TRANSPOSED, Layout.STRIDED}) {
                        cases.add(h.compare("(2, 3, 4) axis 1 " + l.label(), name + " axis 1", Tolerance.EXACT,
                                (b, xs) -> isMax ? b.argmax(xs.get(0), 1, false) : b.argmin(xs.get(0), 1, false),
                                in("x", rnd.of(dt, Shape.of(2, 3, 4)), l)));
                    }
                    HostTensor sp = RandomTensors.specials(dt);
                    int n = sp.size();
                    if (n % 2 == 0) {
                        // As pairs and as columns of a 2-d arrangement: NaN against every edge value.
                        HostTensor sp2 = sp.reshape(Shape.of(n / 2, 2));
                        for (int axis = 0; axis < 2; axis++) {
                            int a = axis;
                            cases.add(h.compare("edge values axis " + a, name + " axis " + a, Tolerance.EXACT,
                                    (b, xs) -> isMax ? b.argmax(xs.get(0), a, false) : b.argmin(xs.get(0), a, false),
                                    in("x", sp2)));
                        }
                    }
                    return dynamicContainer(dt.toString(), cases);
                })));
    }

    // ------------------------------------------------------------------ mean, logSumExp

    static Stream<DynamicNode> meanAndLogSumExp(Harness h) {
        return Stream.of("mean", "logSumExp").map(name -> dynamicContainer(name, h.floatTypes().stream().map(dt -> {
            boolean mean = name.equals("mean");
            RandomTensors rnd = RandomTensors.forCase(name + dt);
            List<DynamicNode> cases = new ArrayList<>();
            for (Axes ax : AXES) {
                if (!mean && ax.reducesEmpty()) {
                    continue;
                }
                for (boolean keep : new boolean[] {false, true}) {
                    HostTensor x = rnd.of(dt, ax.shape());
                    cases.add(h.compare(ax.label() + (keep ? " keepDims" : ""), name + " axes "
                                    + Arrays.toString(ax.axes()) + " keepDims=" + keep,
                            h.accumulation(dt, Math.max(1, ax.count()) * x.maxAbs()),
                            (b, xs) -> mean ? b.mean(xs.get(0), ax.axes(), keep)
                                    : b.logSumExp(xs.get(0), ax.axes(), keep), in("x", x, ax.layout())));
                }
            }
            HostTensor sp = RandomTensors.specials(dt);
            HostTensor sp2 = sp.reshape(Shape.of(sp.size() / 2, 2));
            cases.add(h.compare("edge value pairs", name + " axes [1]", h.accumulation(dt, 2),
                    (b, xs) -> mean ? b.mean(xs.get(0), new int[] {1}, false)
                            : b.logSumExp(xs.get(0), new int[] {1}, false), in("x", sp2)));
            // Large values that overflow a naive exp: logsumexp must stay finite.
            HostTensor big = HostTensor.of(dt, Shape.of(2, 3), 1000, 1001, 999, -1000, -1001, -999);
            cases.add(h.compare("large magnitudes", name + " axes [1]", h.accumulation(dt, 1001),
                    (b, xs) -> mean ? b.mean(xs.get(0), new int[] {1}, true)
                            : b.logSumExp(xs.get(0), new int[] {1}, true), in("x", big)));
            return dynamicContainer(dt.toString(), cases);
        })));
    }
}
