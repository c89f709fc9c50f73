package dev.sheaf.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Closes, when it closes, every tensor created on this thread while it was the innermost open scope,
 * except those passed to {@link #keep}. Scopes nest; they are per thread.
 *
 * <pre>{@code
 * Tensor result;
 * try (TensorScope scope = TensorScope.open()) {
 *     Tensor h = Ops.relu(Ops.matmul(x, w));      // closed when the scope closes
 *     result = scope.keep(Ops.sum(h));            // survives: moves to the enclosing scope, if any
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<TensorScope> CURRENT = new ThreadLocal<>();

    private final TensorScope parent;
    private final Thread owner;
    // A plain IdentityHashMap, not a Set view of one: every tensor creation adds to it, and the JIT inlines that into
    // every backend op; a Set view shared with other maps (weak ones elsewhere) made the call polymorphic and bigger.
    private final IdentityHashMap<Tensor, Boolean> tracked = new IdentityHashMap<>();
    private boolean closed;

    private TensorScope(TensorScope parent) {
        this.parent = parent;
        this.owner = Thread.currentThread();
    }

    /** Opens a scope nested in the current one and makes it current. */
    public static TensorScope open() {
        TensorScope s = new TensorScope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** True if a scope is open on this thread. */
    public static boolean isActive() {
        return CURRENT.get() != null;
    }

    /**
     * Called by every tensor on creation; registers it with the innermost open scope of this thread, if any.
     * For backend implementations (their tensors extend {@code dev.sheaf.spi.AbstractTensor}, which calls it).
     */
    @API(status = API.Status.INTERNAL)
    public static void track(Tensor t) {
        TensorScope s = CURRENT.get();
        if (s != null) {
            s.tracked.put(t, Boolean.TRUE);
        }
    }

    /**
     * Removes {@code t} from whichever open scope of this thread holds it, so that no scope closes it.
     * Used for values that outlive every step, such as a variable's value.
     */
    public static <T extends Tensor> T detach(T t) {
        for (TensorScope s = CURRENT.get(); s != null; s = s.parent) {
            if (s.tracked.remove(t) != null) {
                break;
            }
        }
        return t;
    }

    /**
     * Lets {@code t} survive this scope: it moves to the enclosing scope (which will close it in turn),
     * or, when this is the outermost scope, to no scope at all (the caller closes it).
     *
     * @throws IllegalArgumentException if {@code t} was not created in this scope
     */
    public <T extends Tensor> T keep(T t) {
        checkOpen();
        if (tracked.remove(t) == null) {
            throw new IllegalArgumentException("TensorScope.keep: " + t.describe()
                    + " does not belong to this scope (it was created in another scope, kept already, or detached)");
        }
        if (parent != null) {
            parent.tracked.put(t, Boolean.TRUE);
        }
        return t;
    }

    /** {@link #keep(Tensor)} for several tensors. */
    public void keep(Tensor... ts) {
        for (Tensor t : ts) {
            keep(t);
        }
    }

    /** Number of tensors this scope will close (those still open). */
    public int trackedCount() {
        int n = 0;
        for (Tensor t : tracked.keySet()) {
            if (!t.isClosed()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Closes every tracked tensor and makes the enclosing scope current again.
     *
     * @throws IllegalStateException if called from another thread or while an inner scope is still open
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("A TensorScope must be closed by the thread that opened it ("
                    + owner.getName() + "), not " + Thread.currentThread().getName());
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("TensorScope closed out of order: an inner scope is still open");
        }
        closed = true;
        CURRENT.set(parent);
        List<Tensor> toClose = new ArrayList<>(tracked.keySet());
        tracked.clear();
        RuntimeException first = null;
        for (Tensor t : toClose) {
            try {
                t.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TensorScope is already closed");
        }
    }
}
