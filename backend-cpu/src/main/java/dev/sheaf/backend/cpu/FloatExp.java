package dev.sheaf.backend.cpu;

/**
 * A float32 {@code e^x} for the softmax and cross-entropy loops, within 2 ulp of the correctly rounded result (1 ulp
 * or better over the normal range; subnormal results round twice). {@code (float) Math.exp(x)} is a call to a
 * double-precision stub that cost 21-25 ns per element on the 2-core x86-64 build machine, the largest part of a
 * 128 x 10 softmax; this is branch-free float arithmetic that C2 compiles inline, several times faster.
 *
 * <p>Method (as Cephes' {@code expf}): {@code x = n ln 2 + r} with {@code n} the nearest integer to {@code x / ln 2}
 * and {@code |r| <= ln 2 / 2}, {@code ln 2} split into a head exact in float and a tail (Cody-Waite) so {@code r} is
 * accurate, {@code e^r} by a degree-6 polynomial, and {@code 2^n} built in the exponent bits, in two factors so that
 * results down to the smallest subnormal and up to overflow come out right. {@code x} is first clamped to
 * {@code [-104, 89]}, beyond which the result is 0 or infinity anyway; NaN stays NaN (a clamp by min/max keeps it).
 */
final class FloatExp {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;

    private FloatExp() {
    }

    /** {@code e^x} in float32: +inf above about 88.72, 0 below about -103.97, NaN for NaN. */
    static float exp(float x) {
        float c = Math.min(Math.max(x, -104f), 89f);
        float t = c * LOG2E + ROUND;
        int n = Float.floatToRawIntBits(t) - ROUND_BITS;
        float fn = t - ROUND;
        float r = c - fn * LN2_HI;
        r = r - fn * LN2_LO;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        p = p * (r * r) + r + 1f;
        // 2^n as two factors 2^(n/2) and 2^(n - n/2), each a normal float for n in [-151, 129].
        int h = n >> 1;
        float s1 = Float.intBitsToFloat((h + 127) << 23);
        float s2 = Float.intBitsToFloat((n - h + 127) << 23);
        return p * s1 * s2;
    }
}
