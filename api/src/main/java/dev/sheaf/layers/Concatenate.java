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
 * Keras's {@code Concatenate}: joins its inputs along {@code axis} (default -1, the last). The inputs must have the
 * same rank and equal sizes on every other axis (unknown sizes match anything).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Concatenate extends Layer {
    private final int axis;

    /** Concatenates along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /** Concatenates along {@code axis} (negative counts from the end). */
    public Concatenate(int axis) {
        this.axis = axis;
    }

    /** The axis, as given. */
    public int axis() {
        return axis;
    }

    @Override
    protected void build(List<Shape> inputShapes) {
        computeOutputShape(inputShapes);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    /**
     * The common shape with the sizes along {@code axis} added.
     *
     * @throws IllegalArgumentException naming the layer and every input shape when ranks or other sizes differ
     */
    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.isEmpty()) {
            throw new IllegalArgumentException("Concatenate '" + name() + "' must be called on at least 1 input");
        }
        int rank = inputShapes.get(0).rank();
        for (Shape s : inputShapes) {
            if (s.rank() != rank || rank == 0) {
                throw new IllegalArgumentException("Concatenate '" + name() + "' needs inputs of the same rank (at "
                        + "least 1), but got shapes " + inputShapes);
            }
        }
        int a = Shape.normalizeAxis(axis, rank, "Concatenate '" + name() + "'", inputShapes.get(0));
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            long v = d == a ? 0 : Shape.UNKNOWN;
            for (Shape s : inputShapes) {
                long x = s.dim(d);
                if (d == a) {
                    v = v == Shape.UNKNOWN || x == Shape.UNKNOWN ? Shape.UNKNOWN : v + x;
                } else if (x != Shape.UNKNOWN) {
                    if (v != Shape.UNKNOWN && v != x) {
                        throw new IllegalArgumentException("Concatenate '" + name() + "' (axis " + axis + ") needs "
                                + "inputs with matching shapes except along the concatenation axis, but got shapes "
                                + inputShapes + " (they differ at axis " + d + ")");
                    }
                    v = x;
                }
            }
            out[d] = v;
        }
        return Shape.symbolic(out);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        computeOutputShape(shapes);
        return Ops.concatenate(inputs, Shape.normalizeAxis(axis, inputs.get(0).rank(), "Concatenate", shapes.get(0)));
    }

    /** Adds {@code axis}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    /** A new Concatenate from its config ({@code axis} defaults to -1). */
    public static Concatenate fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Concatenate", config, Set.of("axis"));
        Concatenate c = new Concatenate(r.intValue("axis", -1));
        return c.applyBaseConfig(c, config);
    }
}
