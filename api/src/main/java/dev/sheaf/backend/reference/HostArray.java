package dev.sheaf.backend.reference;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/** A kernel's result before the backend wraps it in a {@link ReferenceTensor}. */
record HostArray(Shape shape, DType dtype, Object data) {

    static HostArray of(Shape shape, Object data) {
        return new HostArray(shape, Storage.dtypeOf(data), data);
    }
}
