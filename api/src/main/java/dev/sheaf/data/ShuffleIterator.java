package dev.sheaf.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * tf.data's shuffle: keeps a buffer of up to {@code bufferSize} elements and emits a uniformly chosen one, refilling
 * its slot from upstream. A buffer at least as large as the dataset gives a uniform permutation.
 */
final class ShuffleIterator extends LookaheadIterator<Element> {
    private final CloseableIterator<Element> upstream;
    private final List<Element> buffer;
    private final int bufferSize;
    private final SplittableRandom random;

    ShuffleIterator(CloseableIterator<Element> upstream, int bufferSize, long seed) {
        this.upstream = upstream;
        this.bufferSize = bufferSize;
        this.buffer = new ArrayList<>(Math.min(bufferSize, 1 << 16));
        this.random = new SplittableRandom(seed);
    }

    @Override
    protected Element advance() {
        while (buffer.size() < bufferSize && upstream.hasNext()) {
            buffer.add(upstream.next());
        }
        if (buffer.isEmpty()) {
            return null;
        }
        int i = random.nextInt(buffer.size());
        Element chosen = buffer.get(i);
        // Fill the hole with the last element so removal is O(1); the choice stays uniform.
        buffer.set(i, buffer.get(buffer.size() - 1));
        buffer.remove(buffer.size() - 1);
        return chosen;
    }

    @Override
    protected void release() {
        buffer.clear();
        upstream.close();
    }
}
