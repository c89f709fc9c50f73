package dev.sheaf.metrics;

import dev.sheaf.tensor.Shape;

/** Shape checks whose messages name the metric and both shapes. */
final class Shapes {
    private Shapes() {
    }

    static void requireEqual(String type, String name, Shape yTrue, Shape yPred) {
        if (!yTrue.equals(yPred)) {
            throw error(type, name, yTrue, yPred, "they must be equal (after a trailing dimension of 1 is squeezed)");
        }
    }

    static IllegalArgumentException error(String type, String name, Shape yTrue, Shape yPred, String expectation) {
        return new IllegalArgumentException(type + " ('" + name + "'): y_true has shape " + yTrue
                + " and y_pred has shape " + yPred + "; " + expectation);
    }
}
