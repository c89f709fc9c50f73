package dev.sheaf.data;

import dev.sheaf.Sheaf;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * An immutable, lazily evaluated input pipeline, as {@code tf.data.Dataset}: a source (arrays or a generator) and
 * transformations ({@link #shuffle}, {@link #map}, {@link #batch}, {@link #repeat}, {@link #take},
 * {@link #prefetch}), each returning a new dataset. Nothing runs until the dataset is iterated, and every iteration
 * starts from the beginning.
 *
 * <pre>{@code
 * Dataset train = Dataset.fromTensorSlices(HostArray.of(pixels, 60000, 784), HostArray.of(labels))
 *         .shuffle(60000, 42)      // a new order each epoch, the same orders on every run
 *         .batch(32)
 *         .prefetch(2);            // the next batches are prepared on a background thread
 * for (int epoch = 0; epoch < 5; epoch++) {
 *     try (CloseableIterator<Batch> it = train.iterator()) {
 *         while (it.hasNext()) {
 *             try (TensorScope step = TensorScope.open()) {
 *                 Batch b = it.next();           // b.x(): (32, 784) float32, b.y(): (32) int32
 *                 ...                            // the step scope closes b's tensors
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>Iteration contract (what {@code Model.fit(Dataset)} relies on)</h2>
 * <ul>
 *   <li>Elements are host {@link Element}s ({@code x}, optional {@code y}, optional {@code sampleWeight}) while they
 *       flow through the pipeline; {@link #elements()} iterates them as such. Before {@link #batch} an element is
 *       one sample (e.g. {@code x} of shape {@code (28, 28)}, {@code y} a scalar); after it, a batch with a leading
 *       sample axis ({@code (32, 28, 28)} and {@code (32)}). The last batch may be smaller unless
 *       {@code dropRemainder}.</li>
 *   <li>{@link #iterator()} returns each element as a {@link Batch} of tensors created by {@code next()} on the
 *       calling thread: they belong to that thread's innermost open {@code TensorScope} (open one per step), or to
 *       the caller when none is open ({@link Batch#close()}).</li>
 *   <li>Each call to {@code iterator()} is one pass ("epoch"). A {@link #shuffle}d dataset draws a new order per pass,
 *       reproducibly from its seed. An infinite dataset ({@link #repeat()}) never ends: keep one iterator across
 *       epochs and take {@code stepsPerEpoch} batches from it per epoch, as Keras does.</li>
 *   <li>Close the iterator when stopping early: it stops the {@link #prefetch} thread. An abandoned iterator stops
 *       its thread when it is garbage-collected; an exhausted one has stopped it already.</li>
 *   <li>Functions given to {@link #map} and generators given to {@link #fromGenerator} run on the prefetch thread
 *       when a later stage prefetches; they see only host data and must not create tensors.</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class Dataset implements Iterable<Batch> {
    /** {@link #cardinality()} of a dataset that never ends ({@code tf.data.INFINITE_CARDINALITY}). */
    public static final long INFINITE = -1;
    /** {@link #cardinality()} when the number of elements is not known ({@code tf.data.UNKNOWN_CARDINALITY}). */
    public static final long UNKNOWN = -2;

    private final long cardinality;
    private final boolean batched;

    Dataset(long cardinality, boolean batched) {
        this.cardinality = cardinality;
        this.batched = batched;
    }

    /** Opens one pass over the elements; each stage opens its upstream. */
    abstract CloseableIterator<Element> open();

    // ================================================================== sources

    /**
     * The samples of {@code x}, {@code y} and {@code sampleWeight} sliced along axis 0, as
     * {@code tf.data.Dataset.from_tensor_slices((x, y, sample_weight))}.
     *
     * @param y            targets, or {@code null}
     * @param sampleWeight per-sample weights, or {@code null}
     * @throws IllegalArgumentException if {@code x} is null or a scalar, or the arrays differ in length along axis 0
     */
    public static Dataset fromTensorSlices(HostArray x, HostArray y, HostArray sampleWeight) {
        if (x == null) {
            throw new IllegalArgumentException("Dataset.fromTensorSlices: x is null");
        }
        if (sampleWeight != null && y == null) {
            throw new IllegalArgumentException("Dataset.fromTensorSlices: sample weights were given without y");
        }
        requireSliceable(x, "x");
        int n = x.length();
        checkLength(y, "y", n, x);
        checkLength(sampleWeight, "sampleWeight", n, x);
        return new Dataset(n, false) {
            @Override
            CloseableIterator<Element> open() {
                return new LookaheadIterator<>() {
                    private int i;

                    @Override
                    protected Element advance() {
                        if (i >= n) {
                            return null;
                        }
                        int k = i++;
                        return new Element(x.slice(k), y == null ? null : y.slice(k),
                                sampleWeight == null ? null : sampleWeight.slice(k));
                    }
                };
            }
        };
    }

    /** {@link #fromTensorSlices(HostArray, HostArray, HostArray)} without sample weights. */
    public static Dataset fromTensorSlices(HostArray x, HostArray y) {
        return fromTensorSlices(x, y, null);
    }

    /** {@link #fromTensorSlices(HostArray, HostArray, HostArray)} of inputs only (for {@code predict}). */
    public static Dataset fromTensorSlices(HostArray x) {
        return fromTensorSlices(x, null, null);
    }

    /** Samples from rows of features and integer class labels: {@code x[i]} with {@code y[i]}. */
    public static Dataset fromTensorSlices(float[][] x, int[] y) {
        return fromTensorSlices(HostArray.ofRows(x), y == null ? null : HostArray.of(y), null);
    }

    /** Samples from rows of features and rows of float targets (one-hot labels, regression targets). */
    public static Dataset fromTensorSlices(float[][] x, float[][] y) {
        return fromTensorSlices(HostArray.ofRows(x), y == null ? null : HostArray.ofRows(y), null);
    }

    /**
     * Samples sliced from tensors along axis 0; the tensors are copied to host memory now (float tensors as float32,
     * integer ones as int32) and stay the caller's.
     *
     * @param y targets, or {@code null}
     */
    public static Dataset fromTensorSlices(Tensor x, Tensor y) {
        if (x == null) {
            throw new IllegalArgumentException("Dataset.fromTensorSlices: x is null");
        }
        return fromTensorSlices(HostArray.of(x), y == null ? null : HostArray.of(y), null);
    }

    /**
     * The elements of a generator, as {@code tf.data.Dataset.from_generator} or the generators Keras's old
     * {@code fit_generator} took: {@code generator.get()} is called once per pass and its iterator yields the
     * elements (samples, or whole batches: then do not {@link #batch} again). The cardinality is unknown.
     *
     * <pre>{@code
     * Dataset batches = Dataset.fromGenerator(() -> new Iterator<Element>() { ... yields 32-sample batches ... });
     * }</pre>
     *
     * @param batched whether the generator yields batches (so that {@link #isBatched()} tells {@code fit} so)
     */
    public static Dataset fromGenerator(Supplier<? extends Iterator<Element>> generator, boolean batched) {
        if (generator == null) {
            throw new IllegalArgumentException("Dataset.fromGenerator: the generator is null");
        }
        return new Dataset(UNKNOWN, batched) {
            @Override
            CloseableIterator<Element> open() {
                Iterator<Element> it = generator.get();
                if (it == null) {
                    throw new IllegalArgumentException("Dataset.fromGenerator: the generator returned a null "
                            + "iterator; it must return a new iterator on each call");
                }
                return new LookaheadIterator<>() {
                    private long index;

                    @Override
                    protected Element advance() {
                        if (!it.hasNext()) {
                            return null;
                        }
                        Element e = it.next();
                        if (e == null) {
                            throw new IllegalArgumentException("Dataset.fromGenerator: the generator yielded null"
                                    + " as element " + index + "; yield Element objects");
                        }
                        index++;
                        return e;
                    }

                    @Override
                    protected void release() {
                        if (it instanceof AutoCloseable c) {
                            closeQuietly(c);
                        }
                    }
                };
            }
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // A generator failing to clean up must not hide the pass's own outcome.
        }
    }

    private static void requireSliceable(HostArray a, String what) {
        if (a.shape().rank() == 0) {
            throw new IllegalArgumentException("Dataset.fromTensorSlices: " + what + " is a scalar; it needs an "
                    + "axis 0 to slice samples from");
        }
    }

    private static void checkLength(HostArray a, String what, int n, HostArray x) {
        if (a == null) {
            return;
        }
        requireSliceable(a, what);
        if (a.length() != n) {
            throw new IllegalArgumentException("Dataset.fromTensorSlices: x has " + n + " samples (shape "
                    + x.shape() + ") but " + what + " has " + a.length() + " (shape " + a.shape()
                    + "); they must have the same length along axis 0");
        }
    }

    // ================================================================== transformations

    /** {@link #batch(int, boolean)} keeping a smaller last batch. */
    public Dataset batch(int batchSize) {
        return batch(batchSize, false);
    }

    /**
     * Stacks consecutive elements into batches of {@code batchSize} along a new axis 0.
     *
     * @param dropRemainder drop a last batch smaller than {@code batchSize}
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public Dataset batch(int batchSize, boolean dropRemainder) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Dataset.batch: batchSize must be >= 1, got " + batchSize);
        }
        long n = cardinality;
        long c = n < 0 ? n : dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize;
        Dataset up = this;
        return new Dataset(c, true) {
            @Override
            CloseableIterator<Element> open() {
                CloseableIterator<Element> in = up.open();
                return new LookaheadIterator<>() {
                    @Override
                    protected Element advance() {
                        List<Element> parts = new ArrayList<>(batchSize);
                        while (parts.size() < batchSize && in.hasNext()) {
                            parts.add(in.next());
                        }
                        if (parts.isEmpty() || (dropRemainder && parts.size() < batchSize)) {
                            return null;
                        }
                        return stack(parts);
                    }

                    @Override
                    protected void release() {
                        in.close();
                    }
                };
            }
        };
    }

    private static Element stack(List<Element> parts) {
        Element first = parts.get(0);
        List<HostArray> xs = new ArrayList<>(parts.size());
        List<HostArray> ys = first.y() == null ? null : new ArrayList<>(parts.size());
        List<HostArray> ws = first.sampleWeight() == null ? null : new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Element e = parts.get(i);
            if ((e.y() == null) != (ys == null) || (e.sampleWeight() == null) != (ws == null)) {
                throw new IllegalArgumentException("Dataset.batch: element " + i + " has " + describe(e)
                        + " but element 0 has " + describe(first) + "; every element needs the same components");
            }
            xs.add(e.x());
            if (ys != null) {
                ys.add(e.y());
            }
            if (ws != null) {
                ws.add(e.sampleWeight());
            }
        }
        return new Element(HostArray.stack(xs, "x"), ys == null ? null : HostArray.stack(ys, "y"),
                ws == null ? null : HostArray.stack(ws, "sampleWeight"));
    }

    private static String describe(Element e) {
        return "x" + (e.y() != null ? ", y" : "") + (e.sampleWeight() != null ? ", sampleWeight" : "");
    }

    /**
     * {@link #shuffle(int, long, boolean)} with a seed drawn now from {@link Sheaf#setSeed the global seed sequence},
     * reshuffled on each pass.
     */
    public Dataset shuffle(int bufferSize) {
        return shuffle(bufferSize, Sheaf.nextSeed(), true);
    }

    /** {@link #shuffle(int, long, boolean)} reshuffled on each pass, as tf.data's default. */
    public Dataset shuffle(int bufferSize, long seed) {
        return shuffle(bufferSize, seed, true);
    }

    /**
     * Randomly shuffles the elements with a buffer of {@code bufferSize} (tf.data's algorithm: a buffer as large as
     * the dataset gives a uniform permutation; a smaller one shuffles locally). The same seed gives the same
     * sequence of orders: pass {@code k} of two equally built datasets is identical.
     *
     * @param reshuffleEachIteration draw a new order on each pass (otherwise every pass repeats the first order)
     * @throws IllegalArgumentException if {@code bufferSize < 1}
     */
    public Dataset shuffle(int bufferSize, long seed, boolean reshuffleEachIteration) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("Dataset.shuffle: bufferSize must be >= 1, got " + bufferSize);
        }
        Dataset up = this;
        AtomicLong passes = new AtomicLong();
        return new Dataset(cardinality, batched) {
            @Override
            CloseableIterator<Element> open() {
                long pass = reshuffleEachIteration ? passes.getAndIncrement() : 0;
                // Each pass gets its own well-mixed stream derived from (seed, pass).
                long passSeed = new SplittableRandom(seed ^ (pass * 0x9E3779B97F4A7C15L)).nextLong();
                return new ShuffleIterator(up.open(), bufferSize, passSeed);
            }
        };
    }

    /**
     * Applies {@code fn} to every element (a sample before {@link #batch}, a batch after it). It works on host
     * data and may run on the prefetch thread, so it must not create tensors.
     *
     * <pre>{@code
     * ds.map(e -> Element.of(scale(e.x(), 1f / 255), e.y()))
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code fn} is null; at iteration, if it returns null
     */
    public Dataset map(Function<? super Element, Element> fn) {
        if (fn == null) {
            throw new IllegalArgumentException("Dataset.map: the function is null");
        }
        Dataset up = this;
        return new Dataset(cardinality, batched) {
            @Override
            CloseableIterator<Element> open() {
                CloseableIterator<Element> in = up.open();
                return new LookaheadIterator<>() {
                    @Override
                    protected Element advance() {
                        if (!in.hasNext()) {
                            return null;
                        }
                        Element r = fn.apply(in.next());
                        if (r == null) {
                            throw new IllegalArgumentException("Dataset.map: the function returned null; it must "
                                    + "return an Element");
                        }
                        return r;
                    }

                    @Override
                    protected void release() {
                        in.close();
                    }
                };
            }
        };
    }

    /** Repeats the dataset forever (each repetition a new pass, so a shuffle reshuffles); empty stays empty. */
    public Dataset repeat() {
        return repeat(-1);
    }

    /**
     * Repeats the dataset {@code count} times ({@code -1}: forever), as {@code tf.data}'s {@code repeat(count)}.
     *
     * @throws IllegalArgumentException if {@code count < -1}
     */
    public Dataset repeat(long count) {
        if (count < -1) {
            throw new IllegalArgumentException("Dataset.repeat: count must be >= 0, or -1 for forever; got " + count);
        }
        long n = cardinality;
        long c;
        if (count == 0 || n == 0) {
            c = 0;
        } else if (count == -1) {
            c = INFINITE;
        } else if (n < 0) {
            c = n;
        } else {
            c = n > Long.MAX_VALUE / count ? Long.MAX_VALUE : n * count;
        }
        Dataset up = this;
        return new Dataset(c, batched) {
            @Override
            CloseableIterator<Element> open() {
                return new LookaheadIterator<>() {
                    private long round;
                    private CloseableIterator<Element> in;
                    private boolean sawElementThisRound;

                    @Override
                    protected Element advance() {
                        while (true) {
                            if (in == null) {
                                if (count != -1 && round >= count) {
                                    return null;
                                }
                                in = up.open();
                                sawElementThisRound = false;
                            }
                            if (in.hasNext()) {
                                sawElementThisRound = true;
                                return in.next();
                            }
                            in.close();
                            in = null;
                            round++;
                            if (!sawElementThisRound) {
                                // An empty pass would make "forever" spin without producing anything.
                                return null;
                            }
                        }
                    }

                    @Override
                    protected void release() {
                        if (in != null) {
                            in.close();
                        }
                    }
                };
            }
        };
    }

    /**
     * The first {@code count} elements. Upstream stages are released as soon as the last one is taken.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public Dataset take(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("Dataset.take: count must be >= 0, got " + count);
        }
        long n = cardinality;
        long c = n == INFINITE ? count : n == UNKNOWN ? UNKNOWN : Math.min(n, count);
        Dataset up = this;
        return new Dataset(c, batched) {
            @Override
            CloseableIterator<Element> open() {
                CloseableIterator<Element> in = up.open();
                return new LookaheadIterator<>() {
                    private long taken;

                    @Override
                    protected Element advance() {
                        if (taken >= count || !in.hasNext()) {
                            return null;
                        }
                        taken++;
                        return in.next();
                    }

                    @Override
                    protected void release() {
                        in.close();
                    }
                };
            }
        };
    }

    /**
     * Prepares up to {@code bufferSize} elements ahead on a background daemon thread, so that loading, shuffling,
     * {@link #map}ping and batching overlap with training. Only host data crosses threads: the consumer creates the
     * tensors. The thread ends with the pass, when the iterator is closed, or when it is garbage-collected.
     *
     * @throws IllegalArgumentException if {@code bufferSize < 1}
     */
    public Dataset prefetch(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("Dataset.prefetch: bufferSize must be >= 1, got " + bufferSize);
        }
        Dataset up = this;
        return new Dataset(cardinality, batched) {
            @Override
            CloseableIterator<Element> open() {
                return new PrefetchIterator(up::open, bufferSize);
            }
        };
    }

    // ================================================================== iteration

    /**
     * The number of elements one pass yields, or {@link #INFINITE} or {@link #UNKNOWN}, as tf.data's
     * {@code cardinality()}.
     */
    public long cardinality() {
        return cardinality;
    }

    /** True if elements are batches: after {@link #batch}, or from a generator declared to yield batches. */
    public boolean isBatched() {
        return batched;
    }

    /** One pass over the elements in host memory (no tensors created). */
    public CloseableIterator<Element> elements() {
        return open();
    }

    /**
     * One pass over the elements as tensors. Each {@code next()} creates the {@link Batch}'s tensors on the calling
     * thread, owned by its innermost open {@code TensorScope} or else by the caller.
     */
    @Override
    public CloseableIterator<Batch> iterator() {
        CloseableIterator<Element> in = open();
        // Not a LookaheadIterator: tensors must be made in next(), inside the caller's step scope, never in hasNext().
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public Batch next() {
                return in.next().toBatch();
            }

            @Override
            public void close() {
                in.close();
            }
        };
    }

    @Override
    public String toString() {
        String c = cardinality == INFINITE ? "infinite" : cardinality == UNKNOWN ? "unknown" : String.valueOf(cardinality);
        return "Dataset(cardinality " + c + (batched ? ", batched" : "") + ")";
    }
}
