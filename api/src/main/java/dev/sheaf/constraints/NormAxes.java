package dev.sheaf.constraints;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The axes a norm constraint measures along, and the norm itself, shared by the norm constraints. */
record NormAxes(int[] axes) {
    /** Keras's {@code backend.epsilon()}, added to norms before dividing. */
    static final double EPSILON = 1e-7;

    /** The L2 norms along the axes, kept as size-1 dimensions so they broadcast against {@code w}. */
    Tensor norms(Tensor w) {
        return Ops.sqrt(Ops.sum(Ops.square(w), axes, true));
    }

    /** The config value: an int for one axis, as Keras writes it, else a list. */
    Object configValue() {
        if (axes.length == 1) {
            return axes[0];
        }
        List<Integer> l = new ArrayList<>();
        for (int a : axes) {
            l.add(a);
        }
        return l;
    }

    /**
     * Reads an axis config value: an integer or a list of integers.
     *
     * @throws IllegalArgumentException for anything else
     */
    static NormAxes of(String who, Object value) {
        if (value instanceof Number n) {
            return new NormAxes(new int[] {n.intValue()});
        }
        if (value instanceof int[] a && a.length > 0) {
            return new NormAxes(a.clone());
        }
        if (value instanceof List<?> l && !l.isEmpty()) {
            int[] a = new int[l.size()];
            for (int i = 0; i < a.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException(who + ": axis must be an integer or a list of integers, got "
                            + value);
                }
                a[i] = n.intValue();
            }
            return new NormAxes(a);
        }
        throw new IllegalArgumentException(who + ": axis must be an integer or a non-empty list of integers, got "
                + value);
    }
}
