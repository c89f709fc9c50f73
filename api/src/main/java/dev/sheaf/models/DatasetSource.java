package dev.sheaf.models;

import dev.sheaf.data.Batch;
import dev.sheaf.data.CloseableIterator;
import dev.sheaf.data.Dataset;
import java.util.List;

/** Batches from a {@link Dataset}, which must be batched already (as Keras requires of a {@code tf.data} input). */
final class DatasetSource implements BatchSource {
    private final Dataset dataset;
    private final boolean needTargets;

    /**
     * @throws IllegalArgumentException if the dataset is not batched
     */
    DatasetSource(String what, Dataset dataset, boolean needTargets) {
        if (dataset == null) {
            throw new IllegalArgumentException(what + ": the dataset is null");
        }
        if (!dataset.isBatched()) {
            throw new IllegalArgumentException(what + ": the dataset yields single samples; call .batch(size) on it "
                    + "first (Model." + what + " takes batches from a Dataset, as Keras does)");
        }
        this.dataset = dataset;
        this.needTargets = needTargets;
    }

    @Override
    public long batchesPerPass() {
        long c = dataset.cardinality();
        return c == Dataset.INFINITE ? INFINITE : c < 0 ? UNKNOWN : c;
    }

    @Override
    public Passes open() {
        CloseableIterator<Batch> it = dataset.iterator();
        return new Passes() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public StepBatch next() {
                Batch b = it.next();
                if (needTargets && b.y() == null) {
                    throw new IllegalArgumentException("The dataset yields batches without targets y; training and "
                            + "evaluation need (x, y) elements");
                }
                return new StepBatch(List.of(b.x()), b.y() == null ? null : List.of(b.y()), b.sampleWeight());
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
