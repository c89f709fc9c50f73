package dev.sheaf.spi;

import org.apiguardian.api.API;

/**
 * The recurrent cells of {@link Backend#rnnForward}, with Keras 3's equations, weight layouts and gate orders.
 * {@code x_t} is {@code [batch, input]}, {@code h} is {@code [batch, units]}, {@code W} the kernel
 * {@code [input, gates * units]}, {@code U} the recurrent kernel {@code [units, gates * units]}; {@code [a|b|c]} names
 * the consecutive column blocks of width {@code units} of a product.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum RnnCell {
    /** {@code SimpleRNN(activation="tanh")}: {@code h' = tanh(x W + h U + b)}; one gate, bias {@code [units]}. */
    SIMPLE_TANH(1),
    /** {@code SimpleRNN(activation="relu")}: {@code h' = relu(x W + h U + b)}; one gate, bias {@code [units]}. */
    SIMPLE_RELU(1),
    /**
     * {@code LSTM} (tanh, sigmoid recurrent activation): {@code [i|f|g|o] = x W + h U + b}, bias {@code [4 units]};
     * {@code c' = σ(f) c + σ(i) tanh(g)}, {@code h' = σ(o) tanh(c')}. Gate order i, f, c, o as Keras (and oneDNN).
     */
    LSTM(4),
    /**
     * {@code GRU(reset_after=True)}, Keras 3's default (oneDNN's linear-before-reset GRU); bias {@code [2, 3 units]}
     * (row 0 added to {@code x W}, row 1 to {@code h U}): {@code [xz|xr|xh] = x W + b0}, {@code [hz|hr|hh] = h U + b1},
     * {@code z = σ(xz + hz)}, {@code r = σ(xr + hr)}, {@code n = tanh(xh + r hh)}, {@code h' = z h + (1 - z) n}.
     */
    GRU(3);

    private final int gates;

    RnnCell(int gates) {
        this.gates = gates;
    }

    /** How many column blocks of width {@code units} the kernels have: 1, 4 or 3. */
    public int gates() {
        return gates;
    }
}
