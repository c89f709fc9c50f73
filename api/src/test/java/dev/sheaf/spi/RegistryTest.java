package dev.sheaf.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RegistryTest {

    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Registry registry = Registry.isolated(props::get, env::get);

    /** A backend whose only behaviour is its name: selection never calls an op. */
    static Backend namedBackend(String name) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "toString" -> "Backend(" + name + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    record TestProvider(String name, int priority, Availability availability) implements BackendProvider {
        @Override
        public Backend create() {
            return namedBackend(name);
        }
    }

    private void addAll() {
        registry.add(new TestProvider("slow", 0, Availability.yes()));
        registry.add(new TestProvider("fast", 100, Availability.yes()));
        registry.add(new TestProvider("gpu", 200, Availability.no("no CUDA driver (libcuda.so.1 not found)")));
    }

    @Test
    void highestAvailablePriorityWinsByDefault() {
        addAll();
        assertEquals("fast", registry.selectBackend().name());
        assertEquals(List.of("gpu", "fast", "slow"), registry.backendProviders().stream().map(BackendProvider::name).toList());
    }

    @Test
    void fallingBackPastAnUnavailableBackendWarnsOnceWithTheReason() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(Registry.class.getName());
        List<String> messages = new java.util.ArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                messages.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            addAll();
            registry.selectBackend();
            registry.selectBackend();
        } finally {
            jul.removeHandler(h);
        }
        assertEquals(List.of("WARNING Sheaf backend gpu (no CUDA driver (libcuda.so.1 not found)) is not available; "
                + "using 'fast'"), messages);
    }

    @Test
    void propertySelects() {
        addAll();
        props.put(Registry.BACKEND_PROPERTY, "slow");
        env.put(Registry.BACKEND_ENV, "fast");
        assertEquals("slow", registry.selectBackend().name());
    }

    @Test
    void environmentSelectsWhenNoProperty() {
        addAll();
        env.put(Registry.BACKEND_ENV, "slow");
        assertEquals("slow", registry.selectBackend().name());
    }

    @Test
    void unknownBackendListsWhatIsThereAndWhy() {
        addAll();
        props.put(Registry.BACKEND_PROPERTY, "tpu");
        IllegalStateException e = assertThrows(IllegalStateException.class, registry::selectBackend);
        String m = e.getMessage();
        assertTrue(m.startsWith("Unknown Sheaf backend 'tpu'"), m);
        assertTrue(m.contains("fast (priority 100, available)"), m);
        assertTrue(m.contains("slow (priority 0, available)"), m);
        assertTrue(m.contains("gpu (priority 200, unavailable: no CUDA driver (libcuda.so.1 not found))"), m);
    }

    @Test
    void unavailableBackendSaysWhy() {
        addAll();
        env.put(Registry.BACKEND_ENV, "gpu");
        IllegalStateException e = assertThrows(IllegalStateException.class, registry::selectBackend);
        assertTrue(e.getMessage().startsWith("Sheaf backend 'gpu' is not available: no CUDA driver"), e.getMessage());
    }

    @Test
    void throwingProbeBecomesAReason() {
        registry.add(new BackendProvider() {
            public String name() {
                return "broken";
            }

            public int priority() {
                return 500;
            }

            public Availability availability() {
                throw new UnsatisfiedLinkError("no jnidnnl in java.library.path");
            }

            public Backend create() {
                throw new AssertionError("must not be created");
            }
        });
        registry.add(new TestProvider("slow", 0, Availability.yes()));
        assertEquals("slow", registry.selectBackend().name());
        assertTrue(registry.describeBackends().contains("broken (priority 500, unavailable: its availability probe "
                + "failed: java.lang.UnsatisfiedLinkError: no jnidnnl"), registry.describeBackends());
    }

    @Test
    void noProvidersIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, registry::selectBackend);
        assertTrue(e.getMessage().contains("No backend providers were found"), e.getMessage());
    }

    @Test
    void backendIsCreatedOnceAndForgottenWhenItsProviderLeaves() {
        TestProvider fast = new TestProvider("fast", 100, Availability.yes());
        registry.add(fast);
        registry.add(new TestProvider("slow", 0, Availability.yes()));
        int[] changes = {0};
        registry.onChange(() -> changes[0]++);
        Backend first = registry.selectBackend();
        assertSame(first, registry.selectBackend());
        registry.remove(fast);
        assertEquals(1, changes[0]);
        assertEquals("slow", registry.selectBackend().name());
    }

    interface WidgetProvider extends ComponentProvider<String> {
    }

    record Widgets(String pluginName, Map<String, Function<Map<String, Object>, String>> components)
            implements WidgetProvider {
    }

    @Test
    void componentsResolveByName() {
        registry.add(new Widgets("plugin-a", Map.of("adam", cfg -> "Adam" + cfg)));
        registry.add(new Widgets("plugin-b", Map.of("sgd", cfg -> "SGD")));
        assertEquals("Adam{}", registry.component(WidgetProvider.class, "optimizers", "adam").apply(Map.of()));
        assertEquals(List.of("adam", "sgd"), registry.componentNames(WidgetProvider.class));
    }

    @Test
    void unknownComponentListsKnownNames() {
        registry.add(new Widgets("plugin-b", Map.of("sgd", cfg -> "SGD", "rmsprop", cfg -> "RMSprop")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.component(WidgetProvider.class, "optimizers", "adam"));
        assertEquals("Unknown optimizers name 'adam'. Known optimizers: rmsprop, sgd.", e.getMessage());
    }

    @Test
    void twoProvidersClaimingOneNameIsAnError() {
        registry.add(new Widgets("plugin-a", Map.of("adam", cfg -> "A")));
        registry.add(new Widgets("plugin-b", Map.of("adam", cfg -> "B")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.component(WidgetProvider.class, "optimizers", "adam"));
        assertTrue(e.getMessage().contains("claimed by more than one plugin: plugin-a, plugin-b"), e.getMessage());
    }
}
