package dev.sheaf.backend.cpu;

import java.nio.ByteBuffer;

/** Fills a tensor with one value, converted to its dtype as {@code Backend.cast} converts. */
final class Fill {
    private Fill() {
    }

    static void fill(CpuTensor t, double value) {
        ByteBuffer b = t.buffer();
        int n = HostData.count(t);
        switch (t.dtype()) {
            case FLOAT32 -> {
                float v = (float) value;
                for (int i = 0; i < n; i++) {
                    b.putFloat(i << 2, v);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    b.putDouble(i << 3, value);
                }
            }
            case INT32 -> {
                int v = (int) value;
                for (int i = 0; i < n; i++) {
                    b.putInt(i << 2, v);
                }
            }
            case INT64 -> {
                long v = (long) value;
                for (int i = 0; i < n; i++) {
                    b.putLong(i << 3, v);
                }
            }
            case BOOL -> {
                byte v = value != 0 ? (byte) 1 : 0;
                for (int i = 0; i < n; i++) {
                    b.put(i, v);
                }
            }
        }
    }
}
