package dev.sheaf.ops;

import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The preconditions every op checks before it reaches a backend (see {@link Backend}'s "Preconditions"), with messages
 * that name the op and the offending tensors.
 */
final class Check {
    private Check() {
    }

    /** Throws unless {@code x} is non-null and open. */
    static Tensor open(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": a tensor argument is null");
        }
        if (x.isClosed()) {
            throw new IllegalStateException(op + ": " + x.describe() + " was used after it was closed (by close() or "
                    + "by the TensorScope it was created in); keep it with scope.keep(t) or use it inside the scope");
        }
        return x;
    }

    /** Throws unless a non-tensor argument ({@code what}: "begin", "the padding"…) is given. */
    static <T> T given(String op, String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + what + " is null");
        }
        return value;
    }

    /** The backend shared by the operands, after checking each is open. */
    static Backend backend(String op, Tensor x) {
        return open(op, x).backend();
    }

    /** The backend shared by the operands, after checking each is open. */
    static Backend backend(String op, Tensor a, Tensor b) {
        Backend ba = open(op, a).backend();
        Backend bb = open(op, b).backend();
        if (ba != bb) {
            throw mixed(op, a, b);
        }
        return ba;
    }

    /** The backend shared by the operands, after checking each is open. */
    static Backend backend(String op, List<? extends Tensor> xs) {
        if (xs == null || xs.isEmpty()) {
            throw new IllegalArgumentException(op + ": needs at least one tensor");
        }
        Tensor first = open(op, xs.get(0));
        for (Tensor x : xs) {
            if (open(op, x).backend() != first.backend()) {
                throw mixed(op, first, x);
            }
        }
        return first.backend();
    }

    private static IllegalArgumentException mixed(String op, Tensor a, Tensor b) {
        return new IllegalArgumentException(op + ": operands live on different backends, " + a.backend().name()
                + " (" + a.describe() + ") and " + b.backend().name() + " (" + b.describe()
                + "); move one with backend.transfer(t) first");
    }

    /** Throws unless {@code x} is numeric (not bool). */
    static void numeric(String op, Tensor x) {
        if (!x.dtype().isNumeric()) {
            throw new IllegalArgumentException(op + ": expected a numeric tensor, got " + x.describe()
                    + "; cast it with Ops.cast(x, DType.INT32) or FLOAT32 first");
        }
    }

    /** Throws unless {@code x} has a float dtype. */
    static void floating(String op, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 tensor, got " + x.describe());
        }
    }

    /** Throws unless {@code t} is a float dtype. */
    static void floating(String op, DType t) {
        if (!t.isFloating()) {
            throw new IllegalArgumentException(op + ": expected a float dtype (float32 or float64), got " + t);
        }
    }

    /** Throws unless {@code x} has an integer dtype. */
    static void integer(String op, Tensor x) {
        if (!x.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": expected an int32 or int64 tensor of indices, got "
                    + x.describe());
        }
    }

    /** Normalises one axis of a tensor of rank {@code rank}. */
    static int axis(String op, int axis, int rank, Shape shape) {
        return Shape.normalizeAxis(axis, rank, op, shape);
    }

    /**
     * Normalises reduction axes: {@code null} or empty means every axis; negative axes count from the end; the result
     * is sorted and free of repeats.
     */
    static int[] axes(String op, Shape shape, int[] axes) {
        int rank = shape.rank();
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            r[i] = Shape.normalizeAxis(axes[i], rank, op, shape);
        }
        Arrays.sort(r);
        for (int i = 1; i < r.length; i++) {
            if (r[i] == r[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + r[i] + " is given twice in "
                        + Arrays.toString(axes) + " for shape " + shape);
            }
        }
        return r;
    }

    /** Throws unless the array has one entry per dimension. */
    /**
     * Throws unless {@code values} has one entry per axis of {@code shape}; the message names them and shows them. (The
     * message is built only then: these checks run on every slice of a training or predict loop.)
     */
    static void perAxis(String op, String name, int[] values, Shape shape) {
        if (values.length != shape.rank()) {
            perAxis(op, name + " " + java.util.Arrays.toString(values), values.length, shape);
        }
    }

    static void perAxis(String op, String what, int length, Shape shape) {
        if (length != shape.rank()) {
            throw new IllegalArgumentException(op + ": " + what + " has " + length + " entries but the tensor of shape "
                    + shape + " has rank " + shape.rank() + "; give one per axis");
        }
    }

    /** An int index from a long dimension (backends address int-sized arrays). */
    static int dim(Shape s, int axis) {
        return Math.toIntExact(s.dim(axis));
    }
}
