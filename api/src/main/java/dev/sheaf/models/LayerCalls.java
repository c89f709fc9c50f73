package dev.sheaf.models;

import dev.sheaf.layers.Layer;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Calls a layer inside a model so that a failure says which layer, and on what shapes, it happened. */
final class LayerCalls {
    private LayerCalls() {
    }

    static Tensor call(Layer layer, List<Tensor> args, boolean training) {
        try {
            return layer.apply(args, training);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m != null && m.contains("'" + layer.name() + "'")) {
                throw e;
            }
            List<Shape> shapes = new ArrayList<>();
            for (Tensor t : args) {
                shapes.add(t.shape());
            }
            throw new IllegalArgumentException("Layer '" + layer.name() + "' (" + layer.className()
                    + ") failed on input" + (shapes.size() == 1 ? " of shape " + shapes.get(0) : "s of shapes " + shapes)
                    + ": " + m, e);
        }
    }
}
