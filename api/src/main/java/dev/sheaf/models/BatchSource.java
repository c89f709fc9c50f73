package dev.sheaf.models;

import java.util.Iterator;

/** Where the training loop gets its batches: arrays cut into batches, or a {@code Dataset}. */
interface BatchSource {
    /** Batches in one pass when known; {@link #UNKNOWN} or {@link #INFINITE} otherwise. */
    long batchesPerPass();

    /** Starts one pass. The batches' tensors are created on the calling thread, in its innermost scope. */
    Passes open();

    long UNKNOWN = -2;
    long INFINITE = -1;

    /** One pass over the batches. */
    interface Passes extends Iterator<StepBatch>, AutoCloseable {
        @Override
        void close();
    }
}
