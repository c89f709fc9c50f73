package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape and data-movement ops and their gradient rules. */
final class Shapes {
    private Shapes() {
    }

    /** Converts the dtype; float to float is differentiable (the gradient is cast back). */
    static Tensor cast(Tensor x, DType dtype) {
        Check.open("cast", x);
        if (dtype == null) {
            throw new IllegalArgumentException("cast: the target dtype is null");
        }
        Tensor y = x.backend().cast(x, dtype);
        if (!x.dtype().isFloating()) {
            return y;
        }
        DType from = x.dtype();
        return GradientTape.record(y, (g, i) -> Ops.cast(g, from), x);
    }

    /** A differentiable copy. */
    static Tensor copy(Tensor x) {
        Check.open("copy", x);
        return GradientTape.record(x.backend().copy(x), (g, i) -> g, x);
    }

    /** Reshape with at most one {@code -1} inferred. */
    static Tensor reshape(Tensor x, long[] dims) {
        Check.open("reshape", x);
        Check.given("reshape", "the target shape", dims);
        long known = 1;
        int infer = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(dims)
                            + "; only one dimension can be inferred");
                }
                infer = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid dimension " + dims[i] + " in "
                        + Arrays.toString(dims));
            } else {
                known *= dims[i];
            }
        }
        long count = x.size();
        long[] d = dims.clone();
        if (infer >= 0) {
            if (known == 0 || count % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + x.shape() + " ("
                        + count + " elements) into " + Arrays.toString(dims));
            }
            d[infer] = count / known;
        } else if (known != count) {
            throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + x.shape() + " ("
                    + count + " elements) into " + Shape.of(d) + " (" + known + " elements)");
        }
        return reshapeChecked(x, Shape.of(d));
    }

    private static Tensor reshapeChecked(Tensor x, Shape shape) {
        Shape from = x.shape();
        return GradientTape.record(x.backend().reshape(x, shape), (g, i) -> Ops.reshape(g, from), x);
    }

    /** Permutes axes; {@code null} or empty reverses them (numpy). */
    static Tensor transpose(Tensor x, int[] perm) {
        Check.open("transpose", x);
        int rank = x.rank();
        int[] p = new int[rank];
        if (perm == null || perm.length == 0) {
            for (int i = 0; i < rank; i++) {
                p[i] = rank - 1 - i;
            }
        } else {
            Check.perAxis("transpose", "the permutation", perm, x.shape());
            boolean[] seen = new boolean[rank];
            for (int i = 0; i < rank; i++) {
                p[i] = Check.axis("transpose", perm[i], rank, x.shape());
                if (seen[p[i]]) {
                    throw new IllegalArgumentException("transpose: " + Arrays.toString(perm)
                            + " is not a permutation of the axes of shape " + x.shape());
                }
                seen[p[i]] = true;
            }
        }
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[p[i]] = i;
        }
        Tensor y = x.backend().transpose(x, p);
        return GradientTape.record(y, (g, i) -> Ops.transpose(g, inverse), x);
    }

    /** Inserts a size-1 axis at {@code axis} (in {@code [-rank-1, rank]}). */
    static Tensor expandDims(Tensor x, int axis) {
        Check.open("expandDims", x);
        int a = Check.axis("expandDims", axis, x.rank() + 1, x.shape());
        return reshapeChecked(x, x.shape().insert(a, 1));
    }

    /** Removes the given size-1 axes, or every size-1 axis when none are given. */
    static Tensor squeeze(Tensor x, int[] axes) {
        Check.open("squeeze", x);
        long[] d = x.shape().dims();
        boolean[] drop = new boolean[d.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < d.length; i++) {
                drop[i] = d[i] == 1;
            }
        } else {
            for (int a : Check.axes("squeeze", x.shape(), axes)) {
                if (d[a] != 1) {
                    throw new IllegalArgumentException("squeeze: axis " + a + " of shape " + x.shape()
                            + " has size " + d[a] + ", not 1");
                }
                drop[a] = true;
            }
        }
        long[] r = new long[d.length];
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            if (!drop[i]) {
                r[n++] = d[i];
            }
        }
        return reshapeChecked(x, Shape.of(Arrays.copyOf(r, n)));
    }

    /** Joins along an existing axis, promoting dtypes. */
    static Tensor concatenate(List<? extends Tensor> xs, int axis) {
        Backend backend = Check.backend("concatenate", xs);
        Tensor first = xs.get(0);
        int rank = first.rank();
        if (rank == 0) {
            throw new IllegalArgumentException("concatenate: cannot join rank-0 tensors; use stack");
        }
        int a = Check.axis("concatenate", axis, rank, first.shape());
        DType t = first.dtype();
        for (Tensor x : xs) {
            boolean ok = x.rank() == rank;
            for (int d = 0; ok && d < rank; d++) {
                ok = d == a || x.shape().dim(d) == first.shape().dim(d);
            }
            if (!ok) {
                throw new IllegalArgumentException("concatenate: shapes " + first.shape() + " and " + x.shape()
                        + " differ outside axis " + a + "; all dimensions but the joined one must match");
            }
            t = DType.promote(t, x.dtype());
        }
        List<Tensor> ps = new ArrayList<>(xs.size());
        int[] offsets = new int[xs.size() + 1];
        for (int k = 0; k < xs.size(); k++) {
            ps.add(Promote.to(xs.get(k), t));
            offsets[k + 1] = offsets[k] + Check.dim(xs.get(k).shape(), a);
        }
        Tensor y = backend.concat(ps, a);
        return GradientTape.record(y, (g, i) -> {
            int[] begin = new int[rank];
            int[] end = g.shape().toIntArray();
            begin[a] = offsets[i];
            end[a] = offsets[i + 1];
            return sliceChecked(g, begin, end, ones(rank));
        }, ps.toArray(new Tensor[0]));
    }

    /** Joins along a new axis. */
    static Tensor stack(List<? extends Tensor> xs, int axis) {
        Check.backend("stack", xs);
        Shape s = xs.get(0).shape();
        for (Tensor x : xs) {
            if (!x.shape().equals(s)) {
                throw new IllegalArgumentException("stack: shapes " + s + " and " + x.shape()
                        + " differ; stacked tensors must have equal shapes");
            }
        }
        int a = Check.axis("stack", axis, s.rank() + 1, s);
        List<Tensor> expanded = new ArrayList<>(xs.size());
        for (Tensor x : xs) {
            expanded.add(expandDims(x, a));
        }
        return concatenate(expanded, a);
    }

    /** numpy {@code split} into {@code sections} equal parts. */
    static List<Tensor> split(Tensor x, int sections, int axis) {
        Check.open("split", x);
        int a = Check.axis("split", axis, x.rank(), x.shape());
        int n = Check.dim(x.shape(), a);
        if (sections <= 0 || n % sections != 0) {
            throw new IllegalArgumentException("split: axis " + a + " of shape " + x.shape() + " (size " + n
                    + ") cannot be split into " + sections + " equal sections");
        }
        int[] cuts = new int[sections - 1];
        for (int k = 1; k < sections; k++) {
            cuts[k - 1] = k * (n / sections);
        }
        return splitAt(x, cuts, a);
    }

    /** numpy {@code split} at the given indices along {@code axis} (clamped, as numpy). */
    static List<Tensor> splitAt(Tensor x, int[] indices, int axis) {
        Check.open("split", x);
        int a = Check.axis("split", axis, x.rank(), x.shape());
        int n = Check.dim(x.shape(), a);
        List<Tensor> parts = new ArrayList<>(Check.given("split", "indices", indices).length + 1);
        int prev = 0;
        for (int k = 0; k <= indices.length; k++) {
            int cut = k < indices.length ? Math.min(Math.max(indices[k], prev), n) : n;
            int[] begin = new int[x.rank()];
            int[] end = x.shape().toIntArray();
            begin[a] = prev;
            end[a] = cut;
            parts.add(sliceChecked(x, begin, end, ones(x.rank())));
            prev = cut;
        }
        return parts;
    }

    /**
     * {@code size[d]} elements from {@code begin[d]} on each axis; a negative begin counts from the end, size -1 means
     * "to the end", and the window is clamped to the tensor.
     */
    static Tensor slice(Tensor x, int[] begin, int[] size) {
        Check.open("slice", x);
        Check.perAxis("slice", "begin", Check.given("slice", "begin", begin), x.shape());
        Check.perAxis("slice", "size", Check.given("slice", "size", size), x.shape());
        int rank = x.rank();
        int[] b = new int[rank];
        int[] e = new int[rank];
        for (int d = 0; d < rank; d++) {
            int dim = Check.dim(x.shape(), d);
            if (size[d] < -1) {
                throw new IllegalArgumentException("slice: size " + size[d] + " on axis " + d
                        + " is invalid; give a size >= 0, or -1 for the rest of the axis");
            }
            b[d] = clamp(begin[d] < 0 ? begin[d] + dim : begin[d], dim);
            e[d] = size[d] == -1 ? dim : (int) Math.min((long) b[d] + size[d], dim);
        }
        return sliceChecked(x, b, e, ones(rank));
    }

    /**
     * Python-style {@code x[begin:end:stride]} on every axis: negative bounds count from the end, bounds are clamped;
     * strides are positive.
     */
    static Tensor stridedSlice(Tensor x, int[] begin, int[] end, int[] strides) {
        Check.open("stridedSlice", x);
        Check.perAxis("stridedSlice", "begin", Check.given("stridedSlice", "begin", begin), x.shape());
        Check.perAxis("stridedSlice", "end", Check.given("stridedSlice", "end", end), x.shape());
        Check.perAxis("stridedSlice", "strides", Check.given("stridedSlice", "strides", strides), x.shape());
        int rank = x.rank();
        int[] b = new int[rank];
        int[] e = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (strides[d] <= 0) {
                throw new IllegalArgumentException("stridedSlice: stride " + strides[d] + " on axis " + d
                        + " is not positive; reverse with a gather of descending indices instead");
            }
            int dim = Check.dim(x.shape(), d);
            b[d] = clamp(begin[d] < 0 ? begin[d] + dim : begin[d], dim);
            e[d] = Math.max(b[d], clamp(end[d] < 0 ? end[d] + dim : end[d], dim));
        }
        return sliceChecked(x, b, e, strides.clone());
    }

    private static int clamp(int v, int dim) {
        return Math.max(0, Math.min(v, dim));
    }

    private static int[] ones(int n) {
        int[] r = new int[n];
        Arrays.fill(r, 1);
        return r;
    }

    /** The backend slice with valid bounds; its gradient puts the upstream back in place among zeros. */
    private static Tensor sliceChecked(Tensor x, int[] begin, int[] end, int[] strides) {
        Shape from = x.shape();
        Tensor y = x.backend().slice(x, begin, end, strides);
        return GradientTape.record(y, (g, i) -> unslice(g, from, begin, end, strides), x);
    }

    private static Tensor unslice(Tensor g, Shape shape, int[] begin, int[] end, int[] strides) {
        int rank = shape.rank();
        Tensor t = g;
        int[][] padding = new int[rank][2];
        boolean pads = false;
        for (int d = 0; d < rank; d++) {
            int dim = Check.dim(shape, d);
            if (strides[d] == 1 || g.shape().dim(d) <= 1) {
                padding[d][0] = begin[d];
                padding[d][1] = dim - begin[d] - Check.dim(g.shape(), d);
                pads |= padding[d][0] != 0 || padding[d][1] != 0;
            } else {
                // Spread the strided positions into the full axis: an index scatter along this axis alone.
                int n = Check.dim(g.shape(), d);
                int[] idx = new int[n];
                for (int k = 0; k < n; k++) {
                    idx[k] = begin[d] + k * strides[d];
                }
                Tensor indices = g.backend().fromInts(idx, Shape.of(n));
                t = scatterAdd(t.shape().with(d, dim), indices, t, d);
            }
        }
        return pads ? pad(t, padding, 0.0) : t;
    }

    /** Constant padding. */
    static Tensor pad(Tensor x, int[][] padding, double value) {
        Check.open("pad", x);
        Check.perAxis("pad", "the padding", Check.given("pad", "the padding", padding).length, x.shape());
        int rank = x.rank();
        int[][] p = new int[rank][];
        for (int d = 0; d < rank; d++) {
            if (padding[d] == null || padding[d].length != 2 || padding[d][0] < 0 || padding[d][1] < 0) {
                throw new IllegalArgumentException("pad: the padding of axis " + d + " must be a non-negative pair "
                        + "{before, after}, got " + Arrays.toString(padding[d]));
            }
            p[d] = padding[d].clone();
        }
        Tensor src = x;
        if (!x.dtype().isFloating() && Promote.scalarType(x.dtype(), value).isFloating()) {
            src = Promote.toFloat(x);
        }
        Shape from = src.shape();
        Tensor y = src.backend().pad(src, p, value);
        return GradientTape.record(y, (g, i) -> {
            int[] begin = new int[rank];
            int[] end = new int[rank];
            for (int d = 0; d < rank; d++) {
                begin[d] = p[d][0];
                end[d] = p[d][0] + Check.dim(from, d);
            }
            return sliceChecked(g, begin, end, ones(rank));
        }, src);
    }

    /** {@code numpy.take(x, indices, axis)}; differentiable in {@code x} (the gradient is a scatter-add). */
    static Tensor gather(Tensor x, Tensor indices, int axis) {
        Check.backend("gather", x, indices);
        Check.integer("gather", indices);
        if (x.rank() == 0) {
            throw new IllegalArgumentException("gather: cannot index into a rank-0 tensor " + x.describe());
        }
        int a = Check.axis("gather", axis, x.rank(), x.shape());
        Shape from = x.shape();
        Tensor y = x.backend().gather(x, indices, a);
        return GradientTape.record(y, (g, i) -> i == 0 ? scatterAdd(from, indices, g, a) : null, x, indices);
    }

    /** The adjoint of gather, differentiable in {@code updates} (the gradient is a gather). */
    static Tensor scatterAdd(Shape shape, Tensor indices, Tensor updates, int axis) {
        Tensor y = updates.backend().scatterAdd(shape, indices, updates, axis);
        return GradientTape.record(y, (g, i) -> i == 0 ? Ops.gather(g, indices, axis) : null, updates, indices);
    }

    /** Broadcasts to {@code shape} (numpy rules); the tape sums the gradient back. */
    static Tensor broadcastTo(Tensor x, Shape shape) {
        Check.open("broadcastTo", x);
        Check.given("broadcastTo", "the target shape", shape);
        if (!x.shape().isBroadcastableTo(shape)) {
            throw new IllegalArgumentException("broadcastTo: a tensor of shape " + x.shape()
                    + " cannot be broadcast to " + shape + "; each dimension must be 1 or equal to the target's");
        }
        return GradientTape.record(x.backend().broadcastTo(x, shape), (g, i) -> g, x);
    }

    /** numpy {@code tile}: fewer multiples than axes are padded with leading 1s, more add leading axes. */
    static Tensor tile(Tensor x, int[] multiples) {
        Check.open("tile", x);
        for (int m : Check.given("tile", "multiples", multiples)) {
            if (m < 0) {
                throw new IllegalArgumentException("tile: negative multiple in " + Arrays.toString(multiples));
            }
        }
        int rank = Math.max(x.rank(), multiples.length);
        int[] mult = new int[rank];
        Arrays.fill(mult, 1);
        System.arraycopy(multiples, 0, mult, rank - multiples.length, multiples.length);
        long[] dims = new long[rank];
        Arrays.fill(dims, 1);
        long[] xd = x.shape().dims();
        System.arraycopy(xd, 0, dims, rank - xd.length, xd.length);
        Tensor src = rank == x.rank() ? x : reshapeChecked(x, Shape.of(dims));
        Tensor y = src.backend().tile(src, mult);
        return GradientTape.record(y, (g, i) -> {
            // View the gradient as [m0, d0, m1, d1, ...] and sum the copies.
            long[] split = new long[2 * rank];
            int[] copies = new int[rank];
            for (int d = 0; d < rank; d++) {
                split[2 * d] = mult[d];
                split[2 * d + 1] = dims[d];
                copies[d] = 2 * d;
            }
            return Ops.reshape(Ops.sum(Ops.reshape(g, Shape.of(split)), copies, false), Shape.of(dims));
        }, src);
    }

    /** One-hot encoding of integer indices (not differentiable). */
    static Tensor oneHot(Tensor indices, int depth, DType dtype) {
        Check.open("oneHot", indices);
        Check.integer("oneHot", indices);
        if (depth < 0) {
            throw new IllegalArgumentException("oneHot: depth must be >= 0, got " + depth);
        }
        return indices.backend().oneHot(indices, depth, dtype);
    }
}
