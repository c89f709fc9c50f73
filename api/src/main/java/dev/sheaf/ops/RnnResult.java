package dev.sheaf.ops;

import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * What {@link Ops#rnn} returns: the whole output sequence and the final states, each differentiable with respect to
 * every input of the op.
 *
 * @param sequence the state after every step, {@code [batch, time, units]} (Keras's {@code return_sequences=True})
 * @param lastH    the state after the last step, {@code [batch, units]} (Keras's default output; equal to the last
 *                 step of {@code sequence})
 * @param lastC    the LSTM's cell state after the last step, {@code [batch, units]}; null for the other cells
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RnnResult(Tensor sequence, Tensor lastH, Tensor lastC) {
}
