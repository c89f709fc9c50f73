package dev.sheaf.spi;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The geometry of an N-d convolution (N = number of spatial dimensions, 1 to 3).
 *
 * <p>Layout is channels-last, as Keras: input {@code [batch, s1..sN, inChannels]}, kernel
 * {@code [k1..kN, inChannels / groups, outChannels]}, output {@code [batch, o1..oN, outChannels]} with
 * {@code o_i = floor((s_i + padBefore_i + padAfter_i - dilation_i * (k_i - 1) - 1) / stride_i) + 1}.
 * Padding is explicit zeros; Keras's "same"/"valid" are turned into numbers by the layer.
 *
 * @param strides   N positive strides
 * @param padding   N pairs {@code {before, after}}, non-negative
 * @param dilation  N positive dilation rates
 * @param groups    positive; divides both channel counts
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ConvSpec(int[] strides, int[][] padding, int[] dilation, int groups) {

    /** Validates and copies. */
    public ConvSpec {
        if (strides == null || padding == null || dilation == null) {
            throw new IllegalArgumentException("conv: strides, padding and dilation must all be given; "
                    + (strides == null ? "strides " : "") + (padding == null ? "padding " : "")
                    + (dilation == null ? "dilation " : "") + "is null");
        }
        int n = strides.length;
        if (n < 1 || n > 3) {
            throw new IllegalArgumentException("conv: " + n + " spatial dimensions given; expected 1, 2 or 3");
        }
        if (padding.length != n || dilation.length != n) {
            throw new IllegalArgumentException("conv: strides, padding and dilation must each have " + n
                    + " entries, got " + strides.length + ", " + padding.length + " and " + dilation.length);
        }
        strides = strides.clone();
        dilation = dilation.clone();
        int[][] p = new int[n][];
        for (int i = 0; i < n; i++) {
            if (strides[i] < 1 || dilation[i] < 1) {
                throw new IllegalArgumentException("conv: strides " + Arrays.toString(strides) + " and dilation "
                        + Arrays.toString(dilation) + " must be positive");
            }
            if (padding[i] == null || padding[i].length != 2 || padding[i][0] < 0 || padding[i][1] < 0) {
                throw new IllegalArgumentException("conv: padding for spatial axis " + i
                        + " must be a non-negative pair {before, after}");
            }
            p[i] = padding[i].clone();
        }
        padding = p;
        if (groups < 1) {
            throw new IllegalArgumentException("conv: groups must be >= 1, got " + groups);
        }
    }

    /** Stride 1, no padding, no dilation, one group, over {@code n} spatial dimensions. */
    public static ConvSpec simple(int n) {
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        return new ConvSpec(ones, new int[n][2], ones, 1);
    }

    /** Number of spatial dimensions. */
    public int spatialRank() {
        return strides.length;
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public int[][] padding() {
        int[][] p = new int[padding.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = padding[i].clone();
        }
        return p;
    }

    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    /** Output size of spatial axis {@code i} for input size {@code in} and kernel size {@code k}. */
    public long outputSize(int i, long in, long k) {
        long span = (long) dilation[i] * (k - 1) + 1;
        long padded = in + padding[i][0] + padding[i][1];
        return padded < span ? 0 : (padded - span) / strides[i] + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvSpec c && Arrays.equals(strides, c.strides) && Arrays.deepEquals(padding, c.padding)
                && Arrays.equals(dilation, c.dilation) && groups == c.groups;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(strides) * 31 + Arrays.deepHashCode(padding) * 17 + Arrays.hashCode(dilation) + groups;
    }

    @Override
    public String toString() {
        return "ConvSpec[strides=" + Arrays.toString(strides) + ", padding=" + Arrays.deepToString(padding)
                + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups + "]";
    }
}
