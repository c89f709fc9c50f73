package dev.sheaf.models;

import dev.sheaf.spi.AbstractTensor;

/** Reads the live-tensor count once the garbage collector's safety net has caught up. */
final class LiveTensors {
    private LiveTensors() {
    }

    /**
     * The count of open tensors after collecting garbage until it stops changing: other tests in this JVM leave
     * unclosed tensors whose Cleaner runs at an arbitrary later time, which would otherwise move the count.
     */
    static long settled() {
        long previous = -1;
        long now = AbstractTensor.liveCount();
        for (int i = 0; i < 50 && now != previous; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            previous = now;
            now = AbstractTensor.liveCount();
        }
        return now;
    }
}
