package dev.sheaf.distribution.probe;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.callbacks.History;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.FitOptions;
import dev.sheaf.models.Sequential;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs inside the framework, against the api bundle: {@code backend} names the active backend; {@code build} builds
 * and compiles a tiny regression model; {@code fit} trains it on fresh data for a few epochs and answers
 * {@code "<backend of every weight> <last loss>"}, or {@code "error <message>"}.
 */
final class Probe implements Function<String, String> {
    private static final int N = 64;
    private Sequential model;

    @Override
    public synchronized String apply(String command) {
        try {
            return switch (command) {
                case "backend" -> Sheaf.backend().name();
                case "build" -> build();
                case "fit" -> fit();
                default -> "error unknown command " + command;
            };
        } catch (RuntimeException e) {
            return "error " + e;
        }
    }

    private String build() {
        Sheaf.setSeed(42);
        model = new Sequential(List.of(new InputLayer(4), new Dense(8, "relu"), new Dense(1)));
        model.compile("adam", "mse");
        return "built " + weightBackends();
    }

    private String fit() {
        float[] x = new float[N * 4];
        float[] y = new float[N];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < N; i++) {
            float s = 0;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) r.nextDouble(-1, 1);
                s += (j + 1) * x[i * 4 + j];
            }
            y[i] = s;
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor xt = Ops.constant(x, N, 4);
            Tensor yt = Ops.constant(y, N, 1);
            History h = model.fit(xt, yt, new FitOptions().epochs(3).batchSize(16).verbose(0));
            List<Double> losses = h.get("loss");
            return weightBackends() + " " + losses.get(losses.size() - 1);
        }
    }

    private String weightBackends() {
        String name = null;
        for (Variable v : model.weights()) {
            String b = v.value().backend().name();
            if (name == null) {
                name = b;
            } else if (!name.equals(b)) {
                return "mixed";
            }
        }
        return name;
    }
}
