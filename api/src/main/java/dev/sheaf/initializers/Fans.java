package dev.sheaf.initializers;

import dev.sheaf.tensor.Shape;

/**
 * Keras's {@code compute_fans}: scalar → (1, 1); vector {@code [n]} → (n, n); matrix {@code [in, out]} → (in, out);
 * higher rank {@code [..receptive field.., in, out]} → (in × receptive, out × receptive).
 */
record Fans(double in, double out) {

    static Fans of(Shape shape) {
        long[] d = shape.dims();
        if (d.length == 0) {
            return new Fans(1, 1);
        }
        if (d.length == 1) {
            return new Fans(d[0], d[0]);
        }
        if (d.length == 2) {
            return new Fans(d[0], d[1]);
        }
        double receptive = 1;
        for (int i = 0; i < d.length - 2; i++) {
            receptive *= d[i];
        }
        return new Fans(d[d.length - 2] * receptive, d[d.length - 1] * receptive);
    }
}
