package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Keras's {@code Dot}: the per-sample dot product of two inputs along {@code axes} (Keras's {@code batch_dot}). For
 * {@code (batch, n)} inputs and axes 1 the result is {@code (batch, 1)}; in general the output shape is the first
 * input's shape without its axis, followed by the second's without its batch dimension and axis, and
 * {@code (batch, 1)} when that leaves only the batch. With {@code normalize} each input is first L2-normalized along
 * its axis ({@code x / sqrt(max(sum(x²), 1e-7))}), which makes the result the cosine proximity.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Dot extends Layer {
    private static final double EPSILON = 1e-7;

    private final int axis1;
    private final int axis2;
    private final boolean sameAxes;
    private boolean normalize;

    /** The same axis of both inputs (negative counts from the end). */
    public Dot(int axes) {
        this.axis1 = axes;
        this.axis2 = axes;
        this.sameAxes = true;
    }

    /** {@code axis1} of the first input with {@code axis2} of the second. */
    public Dot(int axis1, int axis2) {
        this.axis1 = axis1;
        this.axis2 = axis2;
        this.sameAxes = false;
    }

    /** Whether to L2-normalize the inputs along the axes first (default false). */
    public Dot setNormalize(boolean normalize) {
        this.normalize = normalize;
        return this;
    }

    /** Whether the inputs are L2-normalized first. */
    public boolean isNormalize() {
        return normalize;
    }

    /** The two axes resolved against the inputs' ranks, after checking the shapes. */
    private int[] axes(List<Shape> shapes) {
        if (shapes.size() != 2) {
            throw new IllegalArgumentException("Dot '" + name() + "' must be called on exactly 2 inputs, but got "
                    + shapes.size() + ": " + shapes);
        }
        Shape s1 = shapes.get(0);
        Shape s2 = shapes.get(1);
        if (s1.rank() < 2 || s2.rank() < 2) {
            throw new IllegalArgumentException("Dot '" + name() + "' needs inputs of rank >= 2 (batch and features), "
                    + "but got shapes " + s1 + " and " + s2);
        }
        int a1 = Math.floorMod(axis1, s1.rank());
        int a2 = Math.floorMod(axis2, s2.rank());
        if (axis1 >= s1.rank() || axis2 >= s2.rank() || axis1 < -s1.rank() || axis2 < -s2.rank()) {
            throw new IllegalArgumentException("Dot '" + name() + "': axes " + axesText() + " are out of range for "
                    + "input shapes " + s1 + " and " + s2);
        }
        if (a1 == 0 || a2 == 0) {
            throw new IllegalArgumentException("Dot '" + name() + "': cannot take the dot product over the batch axis "
                    + "0 (axes " + axesText() + ", input shapes " + s1 + " and " + s2 + ")");
        }
        long b1 = s1.dim(0);
        long b2 = s2.dim(0);
        if (b1 != Shape.UNKNOWN && b2 != Shape.UNKNOWN && b1 != b2) {
            throw new IllegalArgumentException("Dot '" + name() + "': the inputs have different batch sizes; input "
                    + "shapes " + s1 + " and " + s2);
        }
        long d1 = s1.dim(a1);
        long d2 = s2.dim(a2);
        if (d1 != Shape.UNKNOWN && d2 != Shape.UNKNOWN && d1 != d2) {
            throw new IllegalArgumentException("Dot '" + name() + "': incompatible input shapes " + s1 + " and " + s2
                    + ": size " + d1 + " at axis " + a1 + " != size " + d2 + " at axis " + a2);
        }
        return new int[] {a1, a2};
    }

    private String axesText() {
        return sameAxes ? String.valueOf(axis1) : "(" + axis1 + ", " + axis2 + ")";
    }

    @Override
    protected void build(List<Shape> inputShapes) {
        axes(inputShapes);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        int[] a = axes(inputShapes);
        Shape s1 = inputShapes.get(0);
        Shape s2 = inputShapes.get(1);
        List<Long> out = new ArrayList<>();
        out.add(s1.dim(0) != Shape.UNKNOWN ? s1.dim(0) : s2.dim(0));
        for (int i = 1; i < s1.rank(); i++) {
            if (i != a[0]) {
                out.add(s1.dim(i));
            }
        }
        for (int i = 1; i < s2.rank(); i++) {
            if (i != a[1]) {
                out.add(s2.dim(i));
            }
        }
        if (out.size() == 1) {
            out.add(1L);
        }
        return Shape.symbolic(out.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        List<Shape> shapes = inputs.stream().map(Tensor::shape).toList();
        int[] a = axes(shapes);
        Tensor x1 = inputs.get(0);
        Tensor x2 = inputs.get(1);
        if (normalize) {
            x1 = l2Normalize(x1, a[0]);
            x2 = l2Normalize(x2, a[1]);
        }
        return batchDot(x1, x2, a[0], a[1], computeOutputShape(shapes));
    }

    private static Tensor l2Normalize(Tensor x, int axis) {
        Tensor sumSq = Ops.sum(Ops.square(x), new int[] {axis}, true);
        return Ops.divide(x, Ops.sqrt(Ops.maximum(sumSq, EPSILON)));
    }

    /**
     * Keras's {@code batch_dot}: moves x1's axis last and x2's right after the batch, so that one batched matrix
     * product {@code (b, P, d) × (b, d, Q)} contracts it, then restores the free dimensions.
     */
    private static Tensor batchDot(Tensor x1, Tensor x2, int a1, int a2, Shape outShape) {
        long batch = x1.shape().dim(0);
        int[] p1 = new int[x1.rank()];
        int k = 1;
        long free1 = 1;
        for (int i = 1; i < x1.rank(); i++) {
            if (i != a1) {
                p1[k++] = i;
                free1 *= x1.shape().dim(i);
            }
        }
        p1[k] = a1;
        int[] p2 = new int[x2.rank()];
        p2[1] = a2;
        k = 2;
        long free2 = 1;
        for (int i = 1; i < x2.rank(); i++) {
            if (i != a2) {
                p2[k++] = i;
                free2 *= x2.shape().dim(i);
            }
        }
        long depth = x1.shape().dim(a1);
        Tensor m1 = Ops.reshape(Ops.transpose(x1, p1), batch, free1, depth);
        Tensor m2 = Ops.reshape(Ops.transpose(x2, p2), batch, depth, free2);
        Tensor product = Ops.matmul(m1, m2);
        long[] dims = outShape.dims();
        dims[0] = batch;
        return Ops.reshape(product, dims);
    }

    /** Adds {@code axes} (an int, or a pair) and {@code normalize}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axes", sameAxes ? (Object) axis1 : List.of(axis1, axis2));
        c.put("normalize", normalize);
        return c;
    }

    /**
     * A new Dot from its config.
     *
     * @throws IllegalArgumentException on missing or malformed axes
     */
    public static Dot fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Dot", config, Set.of("axes", "normalize"));
        Object axes = r.raw("axes");
        Dot d;
        if (axes instanceof Number) {
            d = new Dot(r.intValue("axes", 0));
        } else if (axes instanceof List<?>) {
            long[] pair = r.longs("axes", 0);
            if (pair.length != 2) {
                throw new IllegalArgumentException("Dot.fromConfig: 'axes' must be an integer or a pair, got " + axes);
            }
            d = new Dot((int) pair[0], (int) pair[1]);
        } else {
            throw new IllegalArgumentException("Dot.fromConfig: the config needs 'axes', an integer or a pair; got "
                    + axes);
        }
        d.setNormalize(r.bool("normalize", false));
        return d.applyBaseConfig(d, config);
    }
}
