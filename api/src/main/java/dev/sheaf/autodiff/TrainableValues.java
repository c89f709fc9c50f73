package dev.sheaf.autodiff;

import dev.sheaf.tensor.Tensor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The current values of every trainable {@link Variable}, which tapes treat as watched without being told.
 *
 * <p>Weak keys, so a variable that is dropped without {@code close()} does not pin its value. Tensors keep
 * {@code Object}'s identity equality (backends must not override it), which makes the weak map an identity map.
 */
final class TrainableValues {
    private static final Map<Tensor, Boolean> VALUES = Collections.synchronizedMap(new WeakHashMap<>());

    private TrainableValues() {
    }

    static void add(Tensor t) {
        VALUES.put(t, Boolean.TRUE);
    }

    static void remove(Tensor t) {
        VALUES.remove(t);
    }

    static boolean contains(Tensor t) {
        return VALUES.containsKey(t);
    }
}
