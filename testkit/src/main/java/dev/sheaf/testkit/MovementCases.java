package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * Differential cases of the shape and data-movement ops. They compute nothing, so every result must be bit-exact
 * (including the sign of zero and NaN payload positions), for every dtype.
 */
final class MovementCases {
    private MovementCases() {
    }

    /** Values of a dtype that include its edge values, so a lossy copy path shows. */
    private static HostTensor values(RandomTensors rnd, DType dt, Shape s) {
        HostTensor r = rnd.of(dt, s);
        if (dt == DType.BOOL || s.elementCount() == 0) {
            return r;
        }
        double[] v = r.doubles();
        double[] sp = dt.isFloating() ? RandomTensors.floatSpecials(dt) : RandomTensors.intExtremes(dt);
        for (int k = 0; k < v.length; k += 3) {
            v[k] = sp[k % sp.length];
        }
        return HostTensor.of(dt, s, v);
    }

    private static Stream<DynamicNode> perType(Harness h, String op, PerType body) {
        return h.allTypes().stream().map(dt -> {
            List<DynamicNode> cases = new ArrayList<>();
            body.add(cases, dt, RandomTensors.forCase(op + dt));
            return dynamicContainer(dt.toString(), cases);
        });
    }

    private interface PerType {
        void add(List<DynamicNode> cases, DType dt, RandomTensors rnd);
    }

    static Stream<DynamicNode> transpose(Harness h) {
        return perType(h, "transpose", (cases, dt, rnd) -> {
            Object[][] perms = {
                {Shape.scalar(), new int[0]}, {Shape.of(5), new int[] {0}}, {Shape.of(3, 4), new int[] {1, 0}},
                {Shape.of(2, 3, 4), new int[] {0, 1, 2}}, {Shape.of(2, 3, 4), new int[] {0, 2, 1}},
                {Shape.of(2, 3, 4), new int[] {1, 0, 2}}, {Shape.of(2, 3, 4), new int[] {1, 2, 0}},
                {Shape.of(2, 3, 4), new int[] {2, 0, 1}}, {Shape.of(2, 3, 4), new int[] {2, 1, 0}},
                {Shape.of(2, 1, 3, 2), new int[] {3, 1, 0, 2}}, {Shape.of(0, 3), new int[] {1, 0}},
                {Shape.of(2, 0, 3), new int[] {2, 0, 1}}};
            for (Object[] p : perms) {
                Shape s = (Shape) p[0];
                int[] perm = (int[]) p[1];
                for (Layout l : Layout.values()) {
                    if (l.fits(s.rank()) && (l == Layout.CONTIGUOUS || s.rank() == 3)) {
                        cases.add(h.compare(s + " " + Arrays.toString(perm) + " " + l.label(),
                                "transpose " + Arrays.toString(perm), Tolerance.EXACT,
                                (b, xs) -> b.transpose(xs.get(0), perm), in("x", values(rnd, dt, s), l)));
                    }
                }
            }
            // Transposing twice and then computing on it reads through two views.
            cases.add(h.compare("transpose of transposed, then reshape", "reshape(transpose(x))", Tolerance.EXACT,
                    (b, xs) -> b.reshape(b.transpose(xs.get(0), new int[] {2, 0, 1}), Shape.of(4, 6)),
                    in("x", values(rnd, dt, Shape.of(2, 3, 4)), Layout.TRANSPOSED)));
        });
    }

    static Stream<DynamicNode> slice(Harness h) {
        return perType(h, "slice", (cases, dt, rnd) -> {
            Shape s = Shape.of(4, 5, 6);
            int[][][] specs = {
                {{0, 0, 0}, {4, 5, 6}, {1, 1, 1}},
                {{1, 2, 3}, {3, 5, 6}, {1, 1, 1}},
                {{0, 1, 0}, {4, 5, 6}, {2, 3, 4}},
                {{3, 0, 5}, {4, 5, 6}, {1, 2, 1}},
                {{1, 1, 1}, {1, 4, 6}, {1, 1, 1}},
                {{0, 0, 0}, {4, 5, 6}, {7, 7, 7}},
                {{2, 4, 0}, {4, 5, 6}, {3, 1, 5}}};
            for (int[][] sp : specs) {
                for (Layout l : new Layout[] {Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.STRIDED}) {
                    cases.add(h.compare("begin " + Arrays.toString(sp[0]) + " end " + Arrays.toString(sp[1])
                                    + " strides " + Arrays.toString(sp[2]) + " " + l.label(), "slice", Tolerance.EXACT,
                            (b, xs) -> b.slice(xs.get(0), sp[0], sp[1], sp[2]), in("x", values(rnd, dt, s), l)));
                }
            }
            cases.add(h.compare("scalar", "slice", Tolerance.EXACT,
                    (b, xs) -> b.slice(xs.get(0), new int[0], new int[0], new int[0]),
                    in("x", values(rnd, dt, Shape.scalar()))));
            cases.add(h.compare("empty input", "slice", Tolerance.EXACT,
                    (b, xs) -> b.slice(xs.get(0), new int[] {0, 1}, new int[] {0, 3}, new int[] {1, 2}),
                    in("x", values(rnd, dt, Shape.of(0, 3)))));
            cases.add(h.compare("slice of slice", "slice(slice(x))", Tolerance.EXACT,
                    (b, xs) -> b.slice(b.slice(xs.get(0), new int[] {1, 0}, new int[] {5, 7}, new int[] {1, 2}),
                            new int[] {1, 1}, new int[] {4, 4}, new int[] {2, 2}),
                    in("x", values(rnd, dt, Shape.of(5, 7)), Layout.STRIDED)));
        });
    }

    static Stream<DynamicNode> concat(Harness h) {
        return perType(h, "concat", (cases, dt, rnd) -> {
            Shape[][] parts = {
                {Shape.of(5)},
                {Shape.of(2, 3), Shape.of(4, 3)},
                {Shape.of(3, 1), Shape.of(3, 4), Shape.of(3, 2)},
                {Shape.of(2, 3, 4), Shape.of(2, 1, 4), Shape.of(2, 2, 4)},
                {Shape.of(2, 3, 1), Shape.of(2, 3, 3)},
                {Shape.of(0, 3), Shape.of(2, 3), Shape.of(0, 3)},
                {Shape.of(2, 0), Shape.of(2, 0)},
                {Shape.of(1, 1), Shape.of(1, 1)}};
            int[] axes = {0, 0, 1, 1, 2, 0, 1, 0};
            for (int c = 0; c < parts.length; c++) {
                int axis = axes[c];
                Harness.In[] ins = new Harness.In[parts[c].length];
                for (int k = 0; k < ins.length; k++) {
                    Shape s = parts[c][k];
                    // Mix layouts: views must be joined as well as fresh tensors.
                    Layout l = k == 1 && s.rank() >= 2 ? Layout.TRANSPOSED : k == 2 ? Layout.STRIDED
                            : Layout.CONTIGUOUS;
                    ins[k] = in("x" + k, values(rnd, dt, s), l);
                }
                cases.add(h.compare(Arrays.toString(parts[c]) + " axis " + axis, "concat axis " + axis,
                        Tolerance.EXACT, (b, xs) -> b.concat(xs, axis), ins));
            }
        });
    }

    static Stream<DynamicNode> pad(Harness h) {
        return perType(h, "pad", (cases, dt, rnd) -> {
            Object[][] pads = {
                {Shape.of(3), new int[][] {{1, 2}}, 0.0},
                {Shape.of(2, 3), new int[][] {{0, 0}, {0, 0}}, 5.0},
                {Shape.of(2, 3), new int[][] {{1, 0}, {2, 3}}, -1.0},
                {Shape.of(2, 3, 2), new int[][] {{0, 1}, {1, 1}, {2, 0}}, 1.5},
                {Shape.of(0, 2), new int[][] {{1, 1}, {0, 1}}, 7.0},
                {Shape.scalar(), new int[0][], 3.0}};
            for (Object[] p : pads) {
                Shape s = (Shape) p[0];
                int[][] pad = (int[][]) p[1];
                double v = (Double) p[2];
                for (Layout l : new Layout[] {Layout.CONTIGUOUS, Layout.STRIDED}) {
                    if (l.fits(s.rank())) {
                        cases.add(h.compare(s + " " + Arrays.deepToString(pad) + " value " + v + " " + l.label(),
                                "pad value " + v, Tolerance.EXACT, (b, xs) -> b.pad(xs.get(0), pad, v),
                                in("x", values(rnd, dt, s), l)));
                    }
                }
            }
        });
    }

    static Stream<DynamicNode> gather(Harness h) {
        return perType(h, "gather", (cases, dt, rnd) -> {
            for (DType it : new DType[] {DType.INT32, DType.INT64}) {
                Object[][] gs = {
                    {Shape.of(5), 0, HostTensor.ints(it, Shape.of(4), 0, 4, -1, 2)},
                    {Shape.of(4, 3), 0, HostTensor.ints(it, Shape.of(5), 3, 0, 3, -4, 1)},
                    {Shape.of(4, 3), 1, HostTensor.ints(it, Shape.of(2, 2), 2, 0, -1, 1)},
                    {Shape.of(2, 3, 4), 1, HostTensor.ints(it, Shape.scalar(), -2)},
                    {Shape.of(2, 3, 4), 2, HostTensor.ints(it, Shape.of(0))},
                    {Shape.of(0, 3), 1, HostTensor.ints(it, Shape.of(2), 2, 2)},
                    {Shape.of(2, 3, 4), 0, HostTensor.ints(it, Shape.of(3, 1), 1, 0, 1)}};
                for (Object[] g : gs) {
                    Shape s = (Shape) g[0];
                    int axis = (Integer) g[1];
                    HostTensor idx = (HostTensor) g[2];
                    for (Layout l : new Layout[] {Layout.CONTIGUOUS, Layout.STRIDED}) {
                        if (l == Layout.CONTIGUOUS || s.rank() == 3) {
                            cases.add(h.compare(s + " axis " + axis + " " + it + " indices " + idx.preview() + " "
                                            + l.label(), "gather axis " + axis, Tolerance.EXACT,
                                    (b, xs) -> b.gather(xs.get(0), xs.get(1), axis), in("x", values(rnd, dt, s), l),
                                    in("indices", idx)));
                        }
                    }
                }
            }
        });
    }

    static Stream<DynamicNode> scatterAdd(Harness h) {
        return h.numericTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("scatterAdd" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            for (DType it : new DType[] {DType.INT32, DType.INT64}) {
                Object[][] ss = {
                    {Shape.of(5), 0, HostTensor.ints(it, Shape.of(4), 0, 4, -1, 2)},
                    {Shape.of(4, 3), 0, HostTensor.ints(it, Shape.of(5), 3, 0, 3, -4, 1)},
                    {Shape.of(4, 3), 1, HostTensor.ints(it, Shape.of(2, 2), 2, 0, -1, 2)},
                    {Shape.of(2, 3, 4), 1, HostTensor.ints(it, Shape.scalar(), -2)},
                    {Shape.of(2, 3, 4), 2, HostTensor.ints(it, Shape.of(0))},
                    {Shape.of(0, 3), 1, HostTensor.ints(it, Shape.of(2), 2, 2)}};
                for (Object[] sc : ss) {
                    Shape s = (Shape) sc[0];
                    int axis = (Integer) sc[1];
                    HostTensor idx = (HostTensor) sc[2];
                    Shape us = updatesShape(s, idx.shape, axis);
                    HostTensor upd = rnd.of(dt, us);
                    cases.add(h.compare(s + " axis " + axis + " " + it + " indices " + idx.preview(),
                            "scatterAdd shape " + s + " axis " + axis, h.accumulation(dt, 4 * upd.maxAbs()),
                            (b, xs) -> b.scatterAdd(s, xs.get(0), xs.get(1), axis), in("indices", idx),
                            in("updates", upd, us.rank() >= 2 ? Layout.TRANSPOSED : Layout.CONTIGUOUS)));
                }
            }
            return dynamicContainer(dt.toString(), cases);
        });
    }

    static Shape updatesShape(Shape s, Shape idx, int axis) {
        long[] d = s.dims();
        long[] id = idx.dims();
        long[] r = new long[d.length - 1 + id.length];
        System.arraycopy(d, 0, r, 0, axis);
        System.arraycopy(id, 0, r, axis, id.length);
        System.arraycopy(d, axis + 1, r, axis + id.length, d.length - axis - 1);
        return Shape.of(r);
    }

    static Stream<DynamicNode> broadcastTo(Harness h) {
        return perType(h, "broadcastTo", (cases, dt, rnd) -> {
            Shape[][] bs = {
                {Shape.scalar(), Shape.of(2, 3)}, {Shape.of(3), Shape.of(2, 3)}, {Shape.of(2, 1), Shape.of(2, 3)},
                {Shape.of(1, 3, 1), Shape.of(2, 3, 4)}, {Shape.of(2, 3), Shape.of(2, 3)},
                {Shape.of(1, 3), Shape.of(0, 3)}, {Shape.of(1), Shape.of(1)}, {Shape.of(3, 1), Shape.of(2, 2, 3, 4)}};
            for (Shape[] b2 : bs) {
                Layout l = b2[0].rank() >= 2 ? Layout.TRANSPOSED : Layout.CONTIGUOUS;
                cases.add(h.compare(b2[0] + " to " + b2[1] + " " + l.label(), "broadcastTo " + b2[1], Tolerance.EXACT,
                        (b, xs) -> b.broadcastTo(xs.get(0), b2[1]), in("x", values(rnd, dt, b2[0]), l)));
            }
        });
    }

    static Stream<DynamicNode> tile(Harness h) {
        return perType(h, "tile", (cases, dt, rnd) -> {
            Object[][] ts = {
                {Shape.of(3), new int[] {2}}, {Shape.of(2, 3), new int[] {1, 1}}, {Shape.of(2, 3), new int[] {2, 3}},
                {Shape.of(2, 1, 2), new int[] {1, 3, 2}}, {Shape.of(2, 3), new int[] {0, 2}},
                {Shape.of(0, 2), new int[] {3, 1}}, {Shape.scalar(), new int[0]}};
            for (Object[] t : ts) {
                Shape s = (Shape) t[0];
                int[] m = (int[]) t[1];
                Layout l = s.rank() >= 2 ? Layout.STRIDED : Layout.CONTIGUOUS;
                cases.add(h.compare(s + " x " + Arrays.toString(m) + " " + l.label(), "tile " + Arrays.toString(m),
                        Tolerance.EXACT, (b, xs) -> b.tile(xs.get(0), m), in("x", values(rnd, dt, s), l)));
            }
        });
    }

    static Stream<DynamicNode> oneHot(Harness h) {
        return h.allTypes().stream().map(dt -> {
            List<DynamicNode> cases = new ArrayList<>();
            for (DType it : new DType[] {DType.INT32, DType.INT64}) {
                HostTensor[] idxs = {
                    HostTensor.ints(it, Shape.of(5), 0, 3, 1, -1, 4),
                    HostTensor.ints(it, Shape.of(2, 3), 2, 0, 1, 1, 0, 9),
                    HostTensor.ints(it, Shape.scalar(), 2),
                    HostTensor.ints(it, Shape.of(0))};
                for (HostTensor idx : idxs) {
                    for (int depth : new int[] {4, 1}) {
                        cases.add(h.compare(it + " " + idx.preview() + " depth " + depth, "oneHot depth " + depth
                                + " dtype " + dt, Tolerance.EXACT, (b, xs) -> b.oneHot(xs.get(0), depth, dt),
                                in("indices", idx)));
                    }
                }
            }
            return dynamicContainer(dt.toString(), cases);
        });
    }

    static Stream<DynamicNode> reshape(Harness h) {
        return perType(h, "reshape", (cases, dt, rnd) -> {
            Shape[][] rs = {
                {Shape.of(2, 3, 4), Shape.of(6, 4)}, {Shape.of(2, 3, 4), Shape.of(24)},
                {Shape.of(2, 3, 4), Shape.of(4, 1, 3, 2)}, {Shape.scalar(), Shape.of(1, 1)},
                {Shape.of(1, 1), Shape.scalar()}, {Shape.of(0, 3), Shape.of(3, 0)}, {Shape.of(5), Shape.of(5)}};
            for (Shape[] r : rs) {
                for (Layout l : Layout.values()) {
                    if (l.fits(r[0].rank())) {
                        cases.add(h.compare(r[0] + " to " + r[1] + " " + l.label(), "reshape " + r[1],
                                Tolerance.EXACT, (b, xs) -> b.reshape(xs.get(0), r[1]),
                                in("x", values(rnd, dt, r[0]), l)));
                    }
                }
            }
            // A reshape view must not see later ops on its parent's results, nor survive its parent's closing wrongly.
            cases.add(h.compare("reshape then compute", "concat(reshape(x), reshape(x))", Tolerance.EXACT,
                    (b, xs) -> {
                        Tensor r1 = b.reshape(xs.get(0), Shape.of(4, 6));
                        return b.concat(List.of(r1, b.reshape(xs.get(0), Shape.of(4, 6))), 0);
                    }, in("x", values(rnd, dt, Shape.of(2, 3, 4)), Layout.TRANSPOSED)));
        });
    }

    static Stream<DynamicNode> copy(Harness h) {
        return perType(h, "copy", (cases, dt, rnd) -> {
            for (Shape s : new Shape[] {Shape.scalar(), Shape.of(7), Shape.of(2, 3, 4), Shape.of(0, 2)}) {
                for (Layout l : Layout.values()) {
                    if (l.fits(s.rank())) {
                        cases.add(h.compare(s + " " + l.label(), "copy", Tolerance.EXACT,
                                (b, xs) -> b.copy(xs.get(0)), in("x", values(rnd, dt, s), l)));
                    }
                }
            }
        });
    }
}
