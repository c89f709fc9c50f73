package dev.sheaf.spi;

import org.apiguardian.api.API;

/**
 * The element-wise binary ops of {@link Backend#binary}, with numpy broadcasting.
 *
 * <p>Both operands have the same dtype (the engine promotes first). Arithmetic ops take numeric types and return the
 * operand type; comparisons take any type and return bool; {@link #AND} and {@link #OR} take and return bool.
 * Integer {@link #DIV} truncates toward zero and gives 0 for a zero divisor (it never throws: it may run on a device).
 * {@link #MAX} and {@link #MIN} propagate NaN, as numpy's {@code maximum}/{@code minimum}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum BinaryOp {
    /** a + b. */
    ADD,
    /** a - b. */
    SUB,
    /** a * b. */
    MUL,
    /** a / b. */
    DIV,
    /**
     * a ^ b. Float: C99/IEEE-754 {@code pow} (as numpy and libm: {@code pow(x, ±0) = 1} and {@code pow(1, y) = 1} for
     * every x and y, NaN included, and {@code pow(-1, ±inf) = 1}; a negative base with a non-integer exponent is NaN).
     * Integer: the exact power, wrapping on overflow; a negative exponent gives 0 unless |a| = 1.
     */
    POW,
    /** Element-wise maximum, NaN-propagating. */
    MAX,
    /** Element-wise minimum, NaN-propagating. */
    MIN,
    /** a == b (NaN is not equal to itself). */
    EQ,
    /** a != b. */
    NE,
    /** a &lt; b. */
    LT,
    /** a &lt;= b. */
    LE,
    /** a &gt; b. */
    GT,
    /** a &gt;= b. */
    GE,
    /** Logical and (bool). */
    AND,
    /** Logical or (bool). */
    OR;

    /** True for the ops that return bool whatever the operand type. */
    public boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE, AND, OR -> true;
            default -> false;
        };
    }
}
