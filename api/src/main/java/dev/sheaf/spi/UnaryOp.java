package dev.sheaf.spi;

import org.apiguardian.api.API;

/**
 * The element-wise unary ops of {@link Backend#unary}. Result shape = input shape.
 *
 * <p>Dtype rules: ops marked <em>float</em> take float32/float64 only and return the input type; ops marked
 * <em>numeric</em> also take int32/int64 and return the input type; {@link #ISNAN}, {@link #ISINF} take any numeric type
 * and return bool; {@link #NOT} takes and returns bool. The engine ({@code Ops}) checks these rules before calling a
 * backend. IEEE semantics: NaN in gives NaN out for every float op except {@link #SIGN} (NaN) and the predicates.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum UnaryOp {
    /** numeric: {@code -x}. */
    NEG,
    /** numeric: {@code |x|}. */
    ABS,
    /** numeric: -1, 0 or 1 (NaN stays NaN). */
    SIGN,
    /** float: e^x. */
    EXP,
    /** float: natural log; log(0) = -inf, log(negative) = NaN. */
    LOG,
    /** float: log(1 + x), accurate near 0. */
    LOG1P,
    /** float: e^x - 1, accurate near 0. */
    EXPM1,
    /** float: square root; negative gives NaN. */
    SQRT,
    /** float: 1 / sqrt(x). */
    RSQRT,
    /** numeric: x * x. */
    SQUARE,
    /** float: 1 / x; 1/0 = inf. */
    RECIPROCAL,
    /** float: hyperbolic tangent. */
    TANH,
    /** float: 1 / (1 + e^-x), saturating without overflow for large |x|. */
    SIGMOID,
    /** numeric: max(x, 0); relu(NaN) = NaN. */
    RELU,
    /** float: the Gauss error function. */
    ERF,
    /** float: sine. */
    SIN,
    /** float: cosine. */
    COS,
    /** numeric: round toward -inf (identity on integers). */
    FLOOR,
    /** numeric: round toward +inf (identity on integers). */
    CEIL,
    /** numeric: round half to even, as numpy (identity on integers). */
    ROUND,
    /** numeric to bool: true where x is NaN (always false on integers). */
    ISNAN,
    /** numeric to bool: true where x is +inf or -inf (always false on integers). */
    ISINF,
    /** bool: logical not. */
    NOT
}
