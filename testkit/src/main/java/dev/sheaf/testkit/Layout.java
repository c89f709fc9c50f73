package dev.sheaf.testkit;

/**
 * How an input tensor is put on the backend under test. Backends that keep views (a transposed or sliced tensor that
 * shares its parent's memory with other strides or an offset) have code paths that contiguous inputs never reach, so
 * the kit feeds the same values through each layout.
 */
enum Layout {
    /** Created directly from a host array. */
    CONTIGUOUS,
    /** The result of transposing a tensor that holds the values in reversed axis order. */
    TRANSPOSED,
    /** The result of a strided slice (offset 1 on the first axis, stride 2 on the last) of a larger tensor. */
    STRIDED;

    /** Whether this layout can produce a tensor of {@code rank}. */
    boolean fits(int rank) {
        return switch (this) {
            case CONTIGUOUS -> true;
            case TRANSPOSED -> rank >= 2;
            case STRIDED -> rank >= 1;
        };
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
