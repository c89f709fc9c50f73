package dev.sheaf.spi;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;

/**
 * The base class of every backend's tensors: identity, scope registration, close bookkeeping,
 * use-after-close checks and the garbage-collection safety net.
 *
 * <p>A backend holding native memory passes a {@code releaser} that frees it. The releaser must not refer to the
 * tensor itself (it runs after the tensor became unreachable): capture the pointer, not {@code this}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class AbstractTensor implements Tensor {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final AtomicLong LIVE = new AtomicLong();

    private final long id;
    private final Shape shape;
    private final DType dtype;
    private final Backend backend;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /**
     * @param releaser frees this tensor's memory, or {@code null} when the garbage collector alone can (Java arrays)
     */
    protected AbstractTensor(Shape shape, DType dtype, Backend backend, Runnable releaser) {
        this.id = NEXT_ID.incrementAndGet();
        this.shape = shape;
        this.dtype = dtype;
        this.backend = backend;
        this.release = new Release(releaser);
        this.cleanable = CLEANER.register(this, release);
        LIVE.incrementAndGet();
        TensorScope.track(this);
    }

    /** Tensors created and neither closed nor garbage-collected yet, over all backends. */
    public static long liveCount() {
        return LIVE.get();
    }

    @Override
    public final Shape shape() {
        return shape;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    /** A process-unique number, shown in messages. */
    public final long id() {
        return id;
    }

    @Override
    public String describe() {
        return "Tensor#" + id + " " + dtype + " " + shape + " on " + backend.name();
    }

    @Override
    public final boolean isClosed() {
        return release.done.get();
    }

    /**
     * Throws unless the tensor is open. Backends call it before touching memory.
     *
     * @throws IllegalStateException naming the tensor
     */
    protected final void checkOpen() {
        if (release.done.get()) {
            throw new IllegalStateException(describe() + " was used after it was closed (by close() or by the "
                    + "TensorScope it was created in); keep it with scope.keep(t) or use it inside the scope");
        }
    }

    @Override
    public final void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return describe();
    }

    private static final class Release implements Runnable {
        final AtomicBoolean done = new AtomicBoolean();
        final Runnable releaser;

        Release(Runnable releaser) {
            this.releaser = releaser;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                LIVE.decrementAndGet();
                if (releaser != null) {
                    releaser.run();
                }
            }
        }
    }
}
