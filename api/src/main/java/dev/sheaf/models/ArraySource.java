package dev.sheaf.models;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Batches cut from in-memory tensors, as Keras's array adapter: in order, or in a new random order each pass when
 * shuffling. Checks up front that inputs, targets and sample weights have the same number of samples.
 */
final class ArraySource implements BatchSource {
    private final List<Tensor> xs;
    private final List<Tensor> ys;
    private final Tensor sampleWeight;
    private final int batchSize;
    private final SplittableRandom shuffleRandom;
    private final int n;

    /**
     * @param what          the calling method, for messages ({@code "fit"})
     * @param ys            the targets, or {@code null} for predict
     * @param sampleWeight  weights of shape {@code (n)}, or {@code null}
     * @param shuffleRandom the source of the per-pass orders, or {@code null} to keep the order
     * @throws IllegalArgumentException naming both counts when the arrays disagree on the number of samples
     */
    ArraySource(String what, List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight, int batchSize,
                SplittableRandom shuffleRandom) {
        if (xs == null || xs.isEmpty() || xs.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(what + ": x is missing (null or empty)");
        }
        if (ys != null && (ys.isEmpty() || ys.stream().anyMatch(java.util.Objects::isNull))) {
            throw new IllegalArgumentException(what + ": y is missing (null or empty)");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException(what + ": batchSize must be positive, got " + batchSize);
        }
        this.xs = List.copyOf(xs);
        this.ys = ys == null ? null : List.copyOf(ys);
        this.sampleWeight = sampleWeight;
        this.batchSize = batchSize;
        this.shuffleRandom = shuffleRandom;
        this.n = samples(what, this.xs, this.ys, sampleWeight);
    }

    private static int samples(String what, List<Tensor> xs, List<Tensor> ys, Tensor sw) {
        long n = -1;
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            if (x.rank() == 0) {
                throw new IllegalArgumentException(what + ": " + label("x", i, xs.size()) + " is a scalar; it needs "
                        + "a first dimension counting the samples");
            }
            if (n < 0) {
                n = x.shape().dim(0);
            } else if (x.shape().dim(0) != n) {
                throw new IllegalArgumentException(what + ": x[0] has " + n + " samples but " + label("x", i, xs.size())
                        + " has " + x.shape().dim(0) + "; every input needs the same number of samples (first dimension)");
            }
        }
        if (ys != null) {
            for (int i = 0; i < ys.size(); i++) {
                Tensor y = ys.get(i);
                long m = y.rank() == 0 ? -1 : y.shape().dim(0);
                if (m != n) {
                    throw new IllegalArgumentException(what + ": x has " + n + " samples but " + label("y", i, ys.size())
                            + " has " + (m < 0 ? "none (it is a scalar)" : String.valueOf(m))
                            + "; x and y must have the same number of samples (first dimension)");
                }
            }
        }
        if (sw != null && (sw.rank() == 0 || sw.shape().dim(0) != n || sw.rank() > 2
                || (sw.rank() == 2 && sw.shape().dim(1) != 1))) {
            throw new IllegalArgumentException(what + ": sampleWeight must have shape (" + n + ",) to match x, got "
                    + sw.shape());
        }
        if (n == 0) {
            throw new IllegalArgumentException(what + ": the data has no samples");
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": " + n + " samples are more than one array can index");
        }
        return (int) n;
    }

    private static String label(String base, int i, int count) {
        return count == 1 ? base : base + "[" + i + "]";
    }

    /** Number of samples. */
    int sampleCount() {
        return n;
    }

    List<Tensor> xs() {
        return xs;
    }

    List<Tensor> ys() {
        return ys;
    }

    /**
     * Keras's {@code validation_split}: the last {@code fraction} of the samples (taken before any shuffling) as
     * {@code [train, validation]} tensors, in the current scope.
     */
    static List<List<Tensor>> splitTail(List<Tensor> arrays, int n, double fraction) {
        int splitAt = (int) Math.floor(n * (1.0 - fraction));
        if (splitAt == 0 || splitAt == n) {
            throw new IllegalArgumentException("fit: " + n + " samples are not enough to split off validationSplit="
                    + fraction + " (the training part would have " + splitAt + " samples and the validation part "
                    + (n - splitAt) + ")");
        }
        List<Tensor> train = new ArrayList<>();
        List<Tensor> val = new ArrayList<>();
        for (Tensor a : arrays) {
            train.add(a == null ? null : rows(a, 0, splitAt));
            val.add(a == null ? null : rows(a, splitAt, n - splitAt));
        }
        return List.of(train, val);
    }

    private static Tensor rows(Tensor a, int start, int count) {
        int[] begin = new int[a.rank()];
        int[] size = a.shape().toIntArray();
        begin[0] = start;
        size[0] = count;
        return Ops.slice(a, begin, size);
    }

    @Override
    public long batchesPerPass() {
        return (n + (long) batchSize - 1) / batchSize;
    }

    @Override
    public Passes open() {
        int[] order = shuffleRandom == null ? null : permutation();
        return new Passes() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public StepBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int count = Math.min(batchSize, n - next);
                int start = next;
                next += count;
                if (order == null) {
                    return new StepBatch(cut(xs, start, count), ys == null ? null : cut(ys, start, count),
                            sampleWeight == null ? null : rows(sampleWeight, start, count));
                }
                int[] idx = new int[count];
                System.arraycopy(order, start, idx, 0, count);
                Tensor indices = Ops.constant(idx, count);
                return new StepBatch(gather(xs, indices), ys == null ? null : gather(ys, indices),
                        sampleWeight == null ? null : Ops.take(sampleWeight, indices, 0));
            }

            @Override
            public void close() {
                next = n;
            }
        };
    }

    private int[] permutation() {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = shuffleRandom.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static List<Tensor> cut(List<Tensor> arrays, int start, int count) {
        List<Tensor> r = new ArrayList<>(arrays.size());
        for (Tensor a : arrays) {
            r.add(rows(a, start, count));
        }
        return r;
    }

    private static List<Tensor> gather(List<Tensor> arrays, Tensor indices) {
        List<Tensor> r = new ArrayList<>(arrays.size());
        for (Tensor a : arrays) {
            r.add(Ops.take(a, indices, 0));
        }
        return r;
    }
}
