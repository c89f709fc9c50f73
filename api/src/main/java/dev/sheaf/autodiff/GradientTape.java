package dev.sheaf.autodiff;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Records the differentiable ops run through {@link Ops} while it is open and computes gradients by running their
 * {@link GradientRule}s in reverse, as Keras's {@code tf.GradientTape}.
 *
 * <pre>{@code
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor loss = Ops.mean(Ops.square(Ops.subtract(Ops.matmul(x, w.value()), y)));
 *     List<Tensor> grads = tape.gradient(loss, w, b);
 * }
 * }</pre>
 *
 * <h2>What is recorded</h2>
 * An op is recorded when one of its inputs is watched ({@link #watch}), is the current value of a trainable
 * {@link Variable}, or was computed by an op this tape recorded. Only float results are recorded: comparisons,
 * {@code argmax}, casts to integer types and the piecewise-constant float ops ({@code floor}, {@code ceil},
 * {@code round}, {@code sign}) are not, so they act as constants and pass no gradient (Keras gives them zero or
 * {@code None} gradients). Tapes are per thread; several may be open at once (nested), and each records every op that
 * concerns it. The ops a gradient computation runs are recorded by the other open tapes, which gives higher-order
 * gradients. A source gets gradient only through recorded ops: one that is read only by ops none of whose inputs
 * were watched (a non-trainable variable, say) gets zeros.
 *
 * <h2>Gradients</h2>
 * The target is seeded with ones of its shape (the gradient of its sum). A source the target does not depend on gets
 * a tensor of <b>zeros</b> of its shape (where Keras returns {@code None}), so that results can be used uniformly.
 * Gradients are returned in the order of the sources, as distinct tensors owned by the caller (or the current
 * {@link dev.sheaf.tensor.TensorScope}). The recorded ops keep references to their inputs and outputs: close nothing
 * that was computed under the tape before asking for the gradient.
 *
 * <p>{@link #close()} stops recording; {@link #gradient} may still be called after it, as in Keras. A non-persistent
 * tape computes one gradient and then forgets what it recorded; a persistent one
 * ({@link #GradientTape(boolean) new GradientTape(true)}) any number.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GradientTape implements AutoCloseable {

    /** The tapes open on a thread, innermost last, and the nesting depth of {@link #stopRecording()}. */
    private static final class ThreadState {
        final ArrayList<GradientTape> tapes = new ArrayList<>(2);
        int paused;
    }

    private record Node(Tensor output, Tensor[] inputs, GradientRule rule) {
    }

    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    private final boolean persistent;
    private final ThreadState owner;
    private final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayList<Node> nodes = new ArrayList<>();
    private boolean recording = true;
    private boolean open = true;
    private boolean used;

    /** Opens a non-persistent tape on this thread: it can compute one gradient. */
    public GradientTape() {
        this(false);
    }

    /**
     * Opens a tape on this thread.
     *
     * @param persistent whether {@link #gradient} may be called more than once
     */
    public GradientTape(boolean persistent) {
        this.persistent = persistent;
        this.owner = STATE.get();
        owner.tapes.add(this);
    }

    /** Whether this tape may compute more than one gradient. */
    public boolean isPersistent() {
        return persistent;
    }

    /**
     * Makes the tape record the ops that use {@code t}.
     *
     * @return {@code t}
     * @throws IllegalArgumentException if {@code t} is not a float tensor (only those have gradients)
     * @throws IllegalStateException    if {@code t} is closed
     */
    public Tensor watch(Tensor t) {
        checkSource("watch", t);
        tracked.add(t);
        return t;
    }

    /** Watches the current value of {@code v} (needed only for a non-trainable variable). */
    public void watch(Variable v) {
        if (v == null) {
            throw new IllegalArgumentException("GradientTape: the variable to watch is null");
        }
        watch(v.value());
    }

    /**
     * The gradient of {@code target} with respect to one source.
     *
     * @see #gradient(Tensor, List)
     */
    public Tensor gradient(Tensor target, Tensor source) {
        return gradient(target, Collections.singletonList(source)).get(0);
    }

    /**
     * The gradients of {@code target} with respect to the current values of {@code variables}, in order.
     *
     * @see #gradient(Tensor, List)
     */
    public List<Tensor> gradient(Tensor target, Variable... variables) {
        if (variables == null) {
            throw new IllegalArgumentException("GradientTape: the gradient variables are null");
        }
        return gradient(target, Arrays.asList(variables));
    }

    /**
     * The gradients of {@code target} with respect to the current values of {@code variables}, in iteration order.
     * (A {@code Collection} rather than a {@code List} only so that the overload differs from
     * {@link #gradient(Tensor, List)} after erasure.)
     */
    public List<Tensor> gradient(Tensor target, Collection<? extends Variable> variables) {
        if (variables == null) {
            throw new IllegalArgumentException("GradientTape: the gradient variables are null");
        }
        List<Tensor> sources = new ArrayList<>(variables.size());
        for (Variable v : variables) {
            if (v == null) {
                throw new IllegalArgumentException("GradientTape: a gradient variable is null");
            }
            sources.add(v.value());
        }
        return gradient(target, sources);
    }

    /**
     * The gradients of {@code target} with respect to {@code sources}, in order: for each source, the sum over the
     * target's elements of their derivatives, a tensor of the source's shape and dtype. A source the target does not
     * depend on gets zeros.
     *
     * @throws IllegalArgumentException if the target or a source is not a float tensor
     * @throws IllegalStateException    if a non-persistent tape is asked a second time, or a tensor is closed
     */
    public List<Tensor> gradient(Tensor target, List<? extends Tensor> sources) {
        if (used) {
            throw new IllegalStateException("GradientTape.gradient: this non-persistent tape was used already; open "
                    + "it with new GradientTape(true) to compute several gradients");
        }
        checkSource("gradient target", target);
        if (sources == null) {
            throw new IllegalArgumentException("GradientTape: the gradient sources are null");
        }
        for (Tensor s : sources) {
            checkSource("gradient source", s);
        }
        boolean wasRecording = recording;
        recording = false; // the backward ops are recorded by the other open tapes, never by this one
        try {
            Map<Tensor, Tensor> grads = backward(target, sources);
            return results(sources, grads);
        } finally {
            recording = wasRecording && open;
            if (!persistent) {
                used = true;
                nodes.clear();
                tracked.clear();
            }
        }
    }

    private Map<Tensor, Tensor> backward(Tensor target, List<? extends Tensor> sources) {
        // Forward over the record: which tensors depend on a source. Only their gradients are worth computing.
        Set<Tensor> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        relevant.addAll(sources);
        for (Node n : nodes) {
            for (Tensor in : n.inputs) {
                if (relevant.contains(in)) {
                    relevant.add(n.output);
                    break;
                }
            }
        }
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        if (!relevant.contains(target)) {
            return grads;
        }
        grads.put(target, Ops.onesLike(target));
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node n = nodes.get(k);
            Tensor upstream = grads.get(n.output);
            if (upstream == null) {
                continue;
            }
            for (int i = 0; i < n.inputs.length; i++) {
                Tensor in = n.inputs[i];
                if (!relevant.contains(in)) {
                    continue;
                }
                Tensor g = n.rule.gradient(upstream, i);
                if (g == null) {
                    continue;
                }
                g = reduceTo(g, in.shape());
                Tensor previous = grads.get(in);
                grads.put(in, previous == null ? g : Ops.add(previous, g));
            }
        }
        return grads;
    }

    private static List<Tensor> results(List<? extends Tensor> sources, Map<Tensor, Tensor> grads) {
        List<Tensor> out = new ArrayList<>(sources.size());
        Set<Tensor> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor s : sources) {
            Tensor g = grads.get(s);
            if (g == null) {
                g = Ops.zerosLike(s);
            } else if (g.dtype() != s.dtype()) {
                g = Ops.cast(g, s.dtype());
            }
            // Rules pass gradients through unchanged where they can (add, reshape of equal shape…), so two results
            // may be one tensor; the caller must be able to close each independently.
            if (!handedOut.add(g)) {
                g = Ops.copy(g);
                handedOut.add(g);
            }
            out.add(g);
        }
        return out;
    }

    /** Sums a gradient of a broadcast shape back to the shape of the operand it belongs to. */
    private static Tensor reduceTo(Tensor g, Shape shape) {
        Shape gs = g.shape();
        if (gs.equals(shape)) {
            return g;
        }
        int lead = gs.rank() - shape.rank();
        int[] axes = new int[Math.max(gs.rank(), 0)];
        int n = 0;
        for (int d = 0; d < gs.rank(); d++) {
            if (d < lead || (shape.dim(d - lead) == 1 && gs.dim(d) != 1)) {
                axes[n++] = d;
            }
        }
        Tensor r = g;
        if (n > 0) {
            r = Ops.sum(g, java.util.Arrays.copyOf(axes, n), true);
        }
        return r.shape().equals(shape) ? r : Ops.reshape(r, shape);
    }

    /** Stops recording; {@link #gradient} may still be called. Idempotent. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        recording = false;
        owner.tapes.remove(this);
    }

    private static void checkSource(String what, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("GradientTape: the " + what + " is null");
        }
        if (t.isClosed()) {
            throw new IllegalStateException("GradientTape: the " + what + " " + t.describe()
                    + " was used after it was closed");
        }
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException("GradientTape: the " + what + " " + t.describe()
                    + " is not a float tensor; only float tensors have gradients (cast it to float32 first)");
        }
    }

    private boolean isTracked(Tensor t) {
        return tracked.contains(t) || TrainableValues.contains(t);
    }

    // ------------------------------------------------------------------ recording (used by Ops)

    /**
     * Records an op on every tape of this thread that watches one of its inputs, and returns its output. Called by
     * {@code Ops} after computing an op; also the way to make a custom op differentiable: compute its value inside
     * {@link #stopRecording()}, then record it with its rule. Non-float outputs are never recorded.
     *
     * @param output the op's result
     * @param rule   its gradient with respect to each input
     * @param inputs the op's tensor inputs, in the order the rule numbers them
     * @return {@code output}
     */
    public static Tensor record(Tensor output, GradientRule rule, Tensor... inputs) {
        ThreadState s = STATE.get();
        if (s.tapes.isEmpty() || s.paused > 0 || !output.dtype().isFloating()) {
            return output;
        }
        for (int k = 0; k < s.tapes.size(); k++) {
            GradientTape tape = s.tapes.get(k);
            if (tape.recording) {
                tape.recordIfWatched(output, rule, inputs);
            }
        }
        return output;
    }

    private void recordIfWatched(Tensor output, GradientRule rule, Tensor[] inputs) {
        for (Tensor in : inputs) {
            if (isTracked(in)) {
                nodes.add(new Node(output, inputs, rule));
                tracked.add(output);
                return;
            }
        }
    }

    /**
     * True when an op run now on this thread could be recorded: recording is not stopped and an open tape records
     * (a tape that is computing its gradient records nothing meanwhile, so inside a gradient rule this tells whether
     * an enclosing tape may differentiate the rule's own ops).
     */
    public static boolean isRecording() {
        ThreadState s = STATE.get();
        if (s.paused > 0) {
            return false;
        }
        for (int k = 0; k < s.tapes.size(); k++) {
            if (s.tapes.get(k).recording) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops every tape of this thread from recording until the returned handle is closed (as
     * {@code tape.stop_recording()} / {@code torch.no_grad()}); nests.
     *
     * <pre>{@code
     * try (GradientTape.Pause p = GradientTape.stopRecording()) {
     *     // ops here are never recorded
     * }
     * }</pre>
     */
    public static Pause stopRecording() {
        ThreadState s = STATE.get();
        s.paused++;
        return new Pause(s);
    }

    /** The handle of {@link #stopRecording()}; closing it resumes recording. */
    public static final class Pause implements AutoCloseable {
        private final ThreadState state;
        private boolean closed;

        private Pause(ThreadState state) {
            this.state = state;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                state.paused--;
            }
        }
    }
}
