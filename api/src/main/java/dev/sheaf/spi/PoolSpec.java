package dev.sheaf.spi;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The geometry of N-d pooling (N = 1 to 3), channels-last: input {@code [batch, s1..sN, channels]}, output
 * {@code [batch, o1..oN, channels]} with {@code o_i = floor((s_i + padBefore_i + padAfter_i - window_i) / stride_i) + 1}.
 *
 * @param window  N positive window sizes
 * @param strides N positive strides
 * @param padding N pairs {@code {before, after}}, each smaller than the window
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PoolSpec(int[] window, int[] strides, int[][] padding) {

    /** Validates and copies. */
    public PoolSpec {
        if (window == null || strides == null || padding == null) {
            throw new IllegalArgumentException("pool: window, strides and padding must be given; "
                    + (window == null ? "window " : "") + (strides == null ? "strides " : "")
                    + (padding == null ? "padding " : "") + "is null");
        }
        int n = window.length;
        if (n < 1 || n > 3) {
            throw new IllegalArgumentException("pool: " + n + " spatial dimensions given; expected 1, 2 or 3");
        }
        if (strides.length != n || padding.length != n) {
            throw new IllegalArgumentException("pool: window, strides and padding must each have " + n
                    + " entries, got " + window.length + ", " + strides.length + " and " + padding.length);
        }
        window = window.clone();
        strides = strides.clone();
        int[][] p = new int[n][];
        for (int i = 0; i < n; i++) {
            if (window[i] < 1 || strides[i] < 1) {
                throw new IllegalArgumentException("pool: window " + Arrays.toString(window) + " and strides "
                        + Arrays.toString(strides) + " must be positive");
            }
            if (padding[i] == null || padding[i].length != 2 || padding[i][0] < 0 || padding[i][1] < 0
                    || padding[i][0] >= window[i] || padding[i][1] >= window[i]) {
                throw new IllegalArgumentException("pool: padding for spatial axis " + i
                        + " must be a non-negative pair {before, after}, each smaller than the window " + window[i]);
            }
            p[i] = padding[i].clone();
        }
        padding = p;
    }

    /** Window {@code w} with stride {@code w} and no padding in every one of {@code n} spatial dimensions. */
    public static PoolSpec of(int n, int w) {
        int[] win = new int[n];
        Arrays.fill(win, w);
        return new PoolSpec(win, win, new int[n][2]);
    }

    /** Number of spatial dimensions. */
    public int spatialRank() {
        return window.length;
    }

    @Override
    public int[] window() {
        return window.clone();
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

    /** Output size of spatial axis {@code i} for input size {@code in}. */
    public long outputSize(int i, long in) {
        long padded = in + padding[i][0] + padding[i][1];
        return padded < window[i] ? 0 : (padded - window[i]) / strides[i] + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolSpec c && Arrays.equals(window, c.window) && Arrays.equals(strides, c.strides)
                && Arrays.deepEquals(padding, c.padding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(window) * 31 + Arrays.hashCode(strides) * 17 + Arrays.deepHashCode(padding);
    }

    @Override
    public String toString() {
        return "PoolSpec[window=" + Arrays.toString(window) + ", strides=" + Arrays.toString(strides)
                + ", padding=" + Arrays.deepToString(padding) + "]";
    }
}
