package dev.sheaf.tensor;

import org.apiguardian.api.API;

/**
 * The element type of a {@link Tensor}.
 *
 * <p>Promotion order, used by {@code Ops} when the operands of a binary op differ:
 * {@code BOOL < INT32 < INT64 < FLOAT32 < FLOAT64}. A Java scalar operand takes the tensor's type
 * (Keras's "weak" Python scalars).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum DType {
    /** Boolean; stored as one byte per element by most backends. */
    BOOL("bool", 1, false, false),
    /** 32-bit signed integer. */
    INT32("int32", 4, false, true),
    /** 64-bit signed integer; the type of argmax results and the default index type. */
    INT64("int64", 8, false, true),
    /** IEEE-754 single precision: the default type of every layer and op. */
    FLOAT32("float32", 4, true, true),
    /** IEEE-754 double precision; backends that lack it report so through {@code Backend.supports}. */
    FLOAT64("float64", 8, true, true);

    private final String kerasName;
    private final int byteSize;
    private final boolean floating;
    private final boolean numeric;

    DType(String kerasName, int byteSize, boolean floating, boolean numeric) {
        this.kerasName = kerasName;
        this.byteSize = byteSize;
        this.floating = floating;
        this.numeric = numeric;
    }

    /** The Keras/numpy name, such as {@code "float32"}. */
    public String kerasName() {
        return kerasName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for float32 and float64. */
    public boolean isFloating() {
        return floating;
    }

    /** True for every type but bool. */
    public boolean isNumeric() {
        return numeric;
    }

    /** True for int32 and int64. */
    public boolean isInteger() {
        return numeric && !floating;
    }

    /** The type both operands of a binary op are converted to. */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /**
     * Looks a type up by its Keras name ({@code "float32"}, {@code "int64"}, {@code "bool"}…).
     *
     * @throws IllegalArgumentException naming the known types when {@code name} is not one of them
     */
    public static DType of(String name) {
        for (DType t : values()) {
            if (t.kerasName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown dtype '" + name
                + "'; expected one of bool, int32, int64, float32, float64");
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
