package dev.sheaf.benchmarks;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;

/**
 * The training set held as backend tensors, as the PyTorch peer holds it as torch tensors: each batch is a gather of
 * the epoch's shuffled indices ({@code x[idx]}, {@code y[idx]} in the peer), inside the timed region. The shuffle is
 * {@link Workloads.Batcher}'s, so both harness paths see the same batches.
 */
final class DeviceBatches implements AutoCloseable {
    private final Tensor images;
    private final Tensor labels;
    private final Workloads.Batcher order;

    DeviceBatches(FashionMnist data, int batch, long seed) {
        images = TensorScope.detach(Ops.constant(data.images, data.count, FashionMnist.PIXELS));
        labels = TensorScope.detach(Ops.constant(data.labels, data.count));
        order = new Workloads.Batcher(data, batch, seed);
    }

    int batchesPerEpoch() {
        return order.batchesPerEpoch();
    }

    void newEpoch() {
        order.newEpoch();
    }

    /**
     * The next batch as {@code {x [n, 784] float32, y [n] int32}}, tensors of the caller's scope.
     */
    Tensor[] next() {
        int[] idx = order.nextIndices();
        Tensor i = Ops.constant(idx, idx.length);
        return new Tensor[] {Ops.take(images, i, 0), Ops.take(labels, i, 0)};
    }

    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
