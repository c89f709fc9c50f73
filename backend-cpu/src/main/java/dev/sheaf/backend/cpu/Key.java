package dev.sheaf.backend.cpu;

import java.util.Arrays;

/**
 * A primitive-cache key: an op name and its integer parameters (dimensions, strides, algorithm kinds). Built and
 * compared without formatting text, because a training step looks one up for every op it runs.
 */
final class Key {
    private final String op;
    private final long[][] parts;
    private final int hash;

    private Key(String op, long[][] parts) {
        this.op = op;
        this.parts = parts;
        int h = op.hashCode();
        for (long[] p : parts) {
            h = 31 * h + Arrays.hashCode(p);
        }
        this.hash = h;
    }

    /** The key of {@code op} with the given parameter arrays (not copied: callers do not change them afterwards). */
    static Key of(String op, long[]... parts) {
        return new Key(op, parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && k.hash == hash && k.op.equals(op) && Arrays.deepEquals(k.parts, parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return op + Arrays.deepToString(parts);
    }
}
