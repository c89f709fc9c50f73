package dev.sheaf.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.backend.reference.ReferenceBackend;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.FitOptions;
import dev.sheaf.models.Sequential;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Availability;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BackendProvider;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backend bound and unbound while a model lives (what a hot swap in OSGi does): the model's weights and optimizer
 * state follow the active backend, and training goes on.
 */
class BackendSwapTest {

    private static BackendProvider provider(Backend backend) {
        return new BackendProvider() {
            public String name() {
                return "swapped";
            }

            public int priority() {
                return 1000;
            }

            public Availability availability() {
                return Availability.yes();
            }

            public Backend create() {
                return backend;
            }
        };
    }

    private static void fit(Sequential model) {
        try (TensorScope scope = TensorScope.open()) {
            float[] x = new float[32 * 3];
            float[] y = new float[32];
            for (int i = 0; i < 32; i++) {
                for (int j = 0; j < 3; j++) {
                    x[i * 3 + j] = (float) Math.sin(i * 3 + j);
                }
                y[i] = x[i * 3] - 2 * x[i * 3 + 2];
            }
            Tensor xt = Ops.constant(x, 32, 3);
            Tensor yt = Ops.constant(y, 32, 1);
            double loss = model.fit(xt, yt, new FitOptions().epochs(2).batchSize(8).verbose(0)).get("loss").get(1);
            assertTrue(Double.isFinite(loss));
        }
    }

    private static void assertAllOn(Backend b, Sequential model) {
        for (Variable v : model.weights()) {
            assertSame(b, v.value().backend(), v.toString());
        }
        for (Variable v : model.optimizer().variables()) {
            assertSame(b, v.value().backend(), v.toString());
        }
    }

    @Test
    void weightsAndOptimizerStateFollowTheActiveBackendAcrossASwap() {
        Backend original = Sheaf.backend();
        Sequential model = new Sequential(List.of(new InputLayer(3), new Dense(4, "tanh"), new Dense(1)));
        model.compile("sgd", "mse");
        fit(model);
        assertAllOn(original, model);

        Backend other = new ReferenceBackend();
        BackendProvider p = provider(other);
        OsgiProviderBinder binder = new OsgiProviderBinder();
        binder.addBackend(p);
        try {
            assertSame(other, Sheaf.backend());
            fit(model);
            assertAllOn(other, model);
            float[] before = model.weights().get(0).value().toFloatArray();
            try (TensorScope scope = TensorScope.open()) {
                assertEquals(5, model.predict(Ops.constant(new float[15], 5, 3)).shape().dim(0));
            }
            assertEquals(before.length, model.weights().get(0).value().toFloatArray().length);
        } finally {
            binder.removeBackend(p);
        }
        assertSame(original, Sheaf.backend());
        fit(model);
        assertAllOn(original, model);
    }

    @Test
    void aValueThatCannotBeReadFromItsOldBackendIsAClearError() {
        Variable v = new Variable("w", Ops.zeros(dev.sheaf.tensor.Shape.of(2), dev.sheaf.tensor.DType.FLOAT32));
        Backend failing = (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return "failing";
                    }
                    throw new UnsupportedOperationException("the device is gone");
                });
        Tensor before = v.value();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.moveTo(failing));
        assertTrue(e.getMessage().contains("could not be moved from backend reference to failing")
                && e.getMessage().contains("the device is gone"), e.getMessage());
        assertSame(before, v.value());
        v.close();
    }
}
