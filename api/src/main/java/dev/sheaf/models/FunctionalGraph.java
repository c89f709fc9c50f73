package dev.sheaf.models;

import dev.sheaf.layers.InputLayer;
import dev.sheaf.layers.Layer;
import dev.sheaf.layers.Node;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The graph of a functional model, mapped as Keras's {@code map_graph}: the nodes between the inputs and the outputs
 * in an order that runs them (inputs first), the layers in Keras's order (by depth from the outputs, then by first
 * visit), and the nodes by depth, which the summary uses to decide whether the graph is a plain chain.
 */
final class FunctionalGraph {
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs;
    private final List<Node> executionOrder = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private final Set<Node> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
    private final TreeMap<Integer, List<Node>> nodesByDepth = new TreeMap<>(Collections.reverseOrder());

    /**
     * @throws IllegalArgumentException if an input does not come from {@code Input.of}, an output does not depend
     *                                  only on the given inputs (graph disconnected), or two layers share a name
     */
    FunctionalGraph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this.inputs = List.copyOf(checkList(inputs, "inputs"));
        this.outputs = List.copyOf(checkList(outputs, "outputs"));
        Set<SymbolicTensor> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < this.inputs.size(); i++) {
            SymbolicTensor t = this.inputs.get(i);
            if (!(t.node().layer() instanceof InputLayer)) {
                throw new IllegalArgumentException("Model.of: input " + i + " " + t + " is not a model input: it is the "
                        + "output of layer '" + t.node().layer().name() + "' (" + t.node().layer().className()
                        + "). Inputs of a functional model must be created with Input.of(...)");
            }
            if (!inputSet.add(t)) {
                throw new IllegalArgumentException("Model.of: the input '" + t.name() + "' is given twice");
            }
        }
        Map<Layer, Integer> layerIndex = new IdentityHashMap<>();
        Set<Node> finished = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor out : this.outputs) {
            visit(out, out, inputSet, finished, layerIndex);
        }
        assignDepths(inputSet, layerIndex);
        checkUniqueNames();
    }

    private static List<SymbolicTensor> checkList(List<SymbolicTensor> list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("Model.of: the model needs at least one of its " + what);
        }
        if (list.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("Model.of: the " + what + " list contains null");
        }
        return list;
    }

    /** Depth-first from an output to the inputs; appends nodes after their parents (Keras's _build_map). */
    private void visit(SymbolicTensor t, SymbolicTensor output, Set<SymbolicTensor> inputSet, Set<Node> finished,
                       Map<Layer, Integer> layerIndex) {
        Node node = t.node();
        if (finished.contains(node)) {
            return;
        }
        layerIndex.putIfAbsent(node.layer(), layerIndex.size());
        if (!inputSet.contains(t)) {
            if (node.inputs().isEmpty()) {
                throw new IllegalArgumentException("Graph disconnected: output '" + output.name() + "' " + output.shape()
                        + " depends on input '" + t.name() + "' " + t.shape() + ", which is not among the model's "
                        + "inputs " + names(inputs) + ". Pass every Input the outputs are computed from to Model.of");
            }
            for (SymbolicTensor parent : node.inputs()) {
                visit(parent, output, inputSet, finished, layerIndex);
            }
        }
        finished.add(node);
        executionOrder.add(node);
        nodes.add(node);
    }

    private void assignDepths(Set<SymbolicTensor> inputSet, Map<Layer, Integer> layerIndex) {
        Map<Node, Integer> nodeDepth = new IdentityHashMap<>();
        Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
        for (int i = executionOrder.size() - 1; i >= 0; i--) {
            Node node = executionOrder.get(i);
            int depth = nodeDepth.getOrDefault(node, 0);
            // A shared layer takes the greatest depth of its nodes, as in Keras.
            depth = Math.max(depth, layerDepth.getOrDefault(node.layer(), 0));
            layerDepth.put(node.layer(), depth);
            nodeDepth.put(node, depth);
            if (!inputSet.contains(node.output())) {
                for (SymbolicTensor parent : node.inputs()) {
                    nodeDepth.merge(parent.node(), depth + 1, Math::max);
                }
            }
        }
        for (SymbolicTensor in : inputs) {
            Layer l = in.node().layer();
            if (!layerDepth.containsKey(l)) {
                // An input no output uses: kept (Keras allows it, for losses computed from inputs).
                layerDepth.put(l, 0);
                layerIndex.put(l, -1);
                nodeDepth.put(in.node(), 0);
                nodes.add(in.node());
            }
        }
        for (Map.Entry<Node, Integer> e : nodeDepth.entrySet()) {
            nodesByDepth.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }
        TreeMap<Integer, List<Layer>> byDepth = new TreeMap<>(Collections.reverseOrder());
        for (Map.Entry<Layer, Integer> e : layerDepth.entrySet()) {
            byDepth.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }
        for (List<Layer> ls : byDepth.values()) {
            ls.sort((a, b) -> Integer.compare(layerIndex.get(a), layerIndex.get(b)));
            layers.addAll(ls);
        }
    }

    private void checkUniqueNames() {
        Map<String, Integer> counts = new HashMap<>();
        for (Layer l : layers) {
            counts.merge(l.name(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > 1) {
                throw new IllegalArgumentException("Model.of: the name '" + e.getKey() + "' is used " + e.getValue()
                        + " times in the model; every layer of a model needs a unique name (setName before use)");
            }
        }
    }

    private static List<String> names(List<SymbolicTensor> ts) {
        List<String> r = new ArrayList<>();
        for (SymbolicTensor t : ts) {
            r.add(t.name());
        }
        return r;
    }

    List<SymbolicTensor> inputs() {
        return inputs;
    }

    List<SymbolicTensor> outputs() {
        return outputs;
    }

    /** Keras's {@code model.layers} order (input layers included). */
    List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Whether {@code node} is part of this graph. */
    boolean contains(Node node) {
        return nodes.contains(node);
    }

    /** The nodes grouped by depth, deepest (the inputs) first. */
    Map<Integer, List<Node>> nodesByDepth() {
        Map<Integer, List<Node>> r = new LinkedHashMap<>();
        nodesByDepth.forEach((k, v) -> r.put(k, List.copyOf(v)));
        return r;
    }

    /**
     * Runs the graph on concrete inputs (already checked against the input shapes), returning the outputs in order.
     * Intermediate tensors belong to the caller's scope.
     */
    List<Tensor> run(List<Tensor> xs, boolean training) {
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            values.put(inputs.get(i), xs.get(i));
        }
        for (Node node : executionOrder) {
            if (values.containsKey(node.output())) {
                continue;
            }
            List<Tensor> args = new ArrayList<>(node.inputs().size());
            for (SymbolicTensor s : node.inputs()) {
                args.add(values.get(s));
            }
            values.put(node.output(), LayerCalls.call(node.layer(), args, training));
        }
        List<Tensor> result = new ArrayList<>(outputs.size());
        for (SymbolicTensor o : outputs) {
            result.add(values.get(o));
        }
        return result;
    }
}
