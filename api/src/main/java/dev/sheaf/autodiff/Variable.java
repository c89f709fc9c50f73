package dev.sheaf.autodiff;

import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.apiguardian.api.API;

/**
 * A named, mutable holder of a tensor of fixed shape and dtype: a layer's weight, an optimizer's slot. It lives outside
 * every {@link TensorScope} and is freed by {@link #close()}.
 *
 * <p>The variable <b>owns</b> its value: the tensor given to the constructor or to {@link #assign} is detached from
 * its scope and closed when it is replaced or the variable is closed, so the caller must not close it. The current
 * value of a trainable variable is watched by every {@link GradientTape} automatically; gradients are taken with
 * {@code tape.gradient(loss, variable)}. Updates ({@link #assign}, {@link #assignAdd}, {@link #assignSub}) are never
 * recorded. Not thread-safe.
 *
 * <pre>{@code
 * Variable w = new Variable("w", Ops.zeros(Shape.of(3, 1), DType.FLOAT32));
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor loss = Ops.mean(Ops.square(Ops.subtract(Ops.matmul(x, w.value()), y)));
 *     Tensor grad = tape.gradient(loss, w).get(0);
 *     w.assignSub(Ops.multiply(grad, 0.1));
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Variable implements AutoCloseable {
    private final String name;
    private final Shape shape;
    private final DType dtype;
    private boolean trainable;
    private Tensor value;

    /**
     * A trainable variable named {@code "variable"} taking ownership of {@code initial}.
     */
    public Variable(Tensor initial) {
        this("variable", initial, true);
    }

    /** A trainable variable taking ownership of {@code initial}. */
    public Variable(String name, Tensor initial) {
        this(name, initial, true);
    }

    /**
     * A variable taking ownership of {@code initial}, whose shape and dtype it keeps for good.
     *
     * @throws IllegalArgumentException if {@code initial} is null
     * @throws IllegalStateException    if it is closed
     */
    public Variable(String name, Tensor initial, boolean trainable) {
        if (initial == null) {
            throw new IllegalArgumentException("Variable '" + name + "': the initial value is null");
        }
        if (initial.isClosed()) {
            throw new IllegalStateException("Variable '" + name + "': the initial value " + initial.describe()
                    + " is closed");
        }
        this.name = name;
        this.shape = initial.shape();
        this.dtype = initial.dtype();
        this.value = TensorScope.detach(initial);
        this.trainable = trainable;
        if (trainable) {
            TrainableValues.add(initial);
        }
    }

    /** A trainable float32 variable holding a copy of {@code data}, on the active backend. */
    public static Variable of(String name, float[] data, long... shape) {
        return new Variable(name, Ops.constant(data, shape));
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The shape, fixed at creation. */
    public Shape shape() {
        return shape;
    }

    /** The dtype, fixed at creation. */
    public DType dtype() {
        return dtype;
    }

    /** Whether gradient tapes watch this variable automatically and optimizers update it. */
    public boolean isTrainable() {
        return trainable;
    }

    /** Changes {@link #isTrainable()} (as Keras's {@code variable.trainable = False}, e.g. to freeze a layer). */
    public void setTrainable(boolean trainable) {
        checkOpen();
        if (trainable != this.trainable) {
            this.trainable = trainable;
            if (trainable) {
                TrainableValues.add(value);
            } else {
                TrainableValues.remove(value);
            }
        }
    }

    /**
     * The current value. It stays valid until the next assignment or {@link #close()}; the caller must not close it.
     *
     * @throws IllegalStateException if the variable is closed
     */
    public Tensor value() {
        checkOpen();
        return value;
    }

    /**
     * Replaces the value by {@code newValue}, taking ownership of it (it is detached from its scope); the old value is
     * closed. Assigning the current value is a no-op.
     *
     * @throws IllegalArgumentException if the shape, dtype or backend differs from the variable's
     * @throws IllegalStateException    if the variable or {@code newValue} is closed
     */
    public void assign(Tensor newValue) {
        checkOpen();
        if (newValue == null) {
            throw new IllegalArgumentException("Variable '" + name + "'.assign: the new value is null");
        }
        if (newValue == value) {
            return;
        }
        if (newValue.isClosed()) {
            throw new IllegalStateException("Variable '" + name + "'.assign: " + newValue.describe()
                    + " was used after it was closed");
        }
        if (!newValue.shape().equals(shape) || newValue.dtype() != dtype) {
            throw new IllegalArgumentException("Variable '" + name + "'.assign: expected a " + dtype
                    + " tensor of shape " + shape + ", got " + newValue.dtype() + " " + newValue.shape());
        }
        if (newValue.backend() != value.backend()) {
            throw new IllegalArgumentException("Variable '" + name + "'.assign: the variable lives on backend "
                    + value.backend().name() + " but the new value on " + newValue.backend().name()
                    + "; transfer it first");
        }
        Tensor old = value;
        value = TensorScope.detach(newValue);
        if (trainable) {
            TrainableValues.remove(old);
            TrainableValues.add(newValue);
        }
        old.close();
    }

    /**
     * Moves the value to {@code target} when it lives on another backend, through {@link Backend#transfer}; a no-op
     * when it is there already. Models call this for their weights and optimizer state when the active backend has
     * changed since they were built, e.g. because a backend plugin was added to or removed from an OSGi framework.
     * The old value is closed; if its backend can no longer close it, its memory is left to that backend's safety net.
     *
     * @throws IllegalStateException if the variable is closed, or the value cannot be read from its old backend (the
     *                               message names both backends and the cause)
     */
    public void moveTo(Backend target) {
        checkOpen();
        Tensor old = value;
        if (old.backend() == target) {
            return;
        }
        Tensor moved;
        try {
            moved = target.transfer(old);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("Variable '" + name + "': its value could not be moved from backend "
                    + old.backend().name() + " to " + target.name() + " (" + e + ")", e);
        }
        value = TensorScope.detach(moved);
        if (trainable) {
            TrainableValues.remove(old);
            TrainableValues.add(moved);
        }
        try {
            old.close();
        } catch (RuntimeException | LinkageError e) {
            // The old backend's plugin may be gone; its tensors are then reclaimed by its garbage-collection net.
        }
    }

    /**
     * Adds {@code delta} (broadcast to the variable's shape, of its dtype) to the value.
     *
     * @throws IllegalArgumentException if {@code delta} does not broadcast to the shape or has another dtype
     */
    public void assignAdd(Tensor delta) {
        update(delta, false);
    }

    /** Subtracts {@code delta} (broadcast to the variable's shape, of its dtype) from the value. */
    public void assignSub(Tensor delta) {
        update(delta, true);
    }

    private void update(Tensor delta, boolean subtract) {
        checkOpen();
        String op = subtract ? "assignSub" : "assignAdd";
        if (delta == null) {
            throw new IllegalArgumentException("Variable '" + name + "'." + op + ": the delta is null");
        }
        if (delta.dtype() != dtype || !delta.shape().isBroadcastableTo(shape)) {
            throw new IllegalArgumentException("Variable '" + name + "'." + op + ": expected a " + dtype
                    + " tensor broadcastable to " + shape + ", got " + delta.dtype() + " " + delta.shape());
        }
        Tensor updated;
        GradientTape.Pause pause = GradientTape.stopRecording();
        try {
            updated = subtract ? Ops.subtract(value, delta) : Ops.add(value, delta);
        } finally {
            pause.close();
        }
        assign(updated);
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return value == null;
    }

    /** Closes the value. Idempotent. */
    @Override
    public void close() {
        if (value != null) {
            TrainableValues.remove(value);
            value.close();
            value = null;
        }
    }

    private void checkOpen() {
        if (value == null) {
            throw new IllegalStateException("Variable '" + name + "' was used after it was closed");
        }
    }

    @Override
    public String toString() {
        return "Variable '" + name + "' " + dtype + " " + shape + (trainable ? "" : " (non-trainable)");
    }
}
