package dev.sheaf.data;

import dev.sheaf.tensor.Shape;
import java.nio.ByteBuffer;
import org.apiguardian.api.API;

/**
 * The contents of an IDX file: its shape, its element type, and the raw big-endian values.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class IdxData {
    /** The IDX element types. */
    public enum Type {
        /** 0x08. */
        UBYTE(0x08, 1),
        /** 0x09. */
        BYTE(0x09, 1),
        /** 0x0B. */
        SHORT(0x0B, 2),
        /** 0x0C. */
        INT(0x0C, 4),
        /** 0x0D. */
        FLOAT(0x0D, 4),
        /** 0x0E. */
        DOUBLE(0x0E, 8);

        final int code;
        final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    private final Shape shape;
    private final Type type;
    private final byte[] data;

    IdxData(Shape shape, Type type, byte[] data) {
        this.shape = shape;
        this.type = type;
        this.data = data;
    }

    /** The shape the header declares, e.g. {@code (60000, 28, 28)}. */
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public Type type() {
        return type;
    }

    /** Number of elements. */
    public int size() {
        return data.length / type.bytes;
    }

    /** The values as floats, each multiplied by {@code scale} (1/255 turns MNIST pixels into [0, 1]). */
    public float[] toFloats(float scale) {
        float[] r = new float[size()];
        if (type == Type.UBYTE) {
            for (int i = 0; i < r.length; i++) {
                r[i] = (data[i] & 0xff) * scale;
            }
            return r;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (value(b, i) * scale);
        }
        return r;
    }

    /** The values as ints (floating values truncated), e.g. class labels. */
    public int[] toInts() {
        int[] r = new int[size()];
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < r.length; i++) {
            r[i] = (int) value(b, i);
        }
        return r;
    }

    private double value(ByteBuffer b, int i) {
        return switch (type) {
            case UBYTE -> data[i] & 0xff;
            case BYTE -> data[i];
            case SHORT -> b.getShort(i * 2);
            case INT -> b.getInt(i * 4);
            case FLOAT -> b.getFloat(i * 4);
            case DOUBLE -> b.getDouble(i * 8);
        };
    }
}
