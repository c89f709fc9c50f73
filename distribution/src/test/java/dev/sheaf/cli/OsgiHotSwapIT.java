package dev.sheaf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sheaf.cli.osgi.OsgiRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * OSGi mode, end to end: the packaged bundles in an embedded Felix, a test bundle training a model against the api
 * bundle, and the packaged CPU backend dropped into and deleted from the watched folder while it runs.
 */
class OsgiHotSwapIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void theCpuBackendSwapsInAndOutWithoutARestartAndAModelBuiltBeforeKeepsTraining() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Path natives = tmp.resolve("natives");
        List<String> console = new CopyOnWriteArrayList<>();
        try (OsgiRuntime rt = OsgiRuntime.start(TestJars.dist().resolve("bundles"), plugins,
                Map.of("sheaf.native.cache", natives.toString()), console::add)) {
            Function<String, String> probe = installProbe(rt);
            assertEquals("reference", probe.apply("backend"));
            assertEquals("built reference", probe.apply("build"));
            assertFit(probe.apply("fit"), "reference");

            Path cpu = TestJars.cpuBackendJar();
            long start = System.nanoTime();
            Files.copy(cpu, plugins.resolve(cpu.getFileName()));
            await("the registry to switch to the cpu backend", () -> "cpu".equals(probe.apply("backend")));
            System.out.printf("[hot swap] cpu backend active %.2f s after its jar was dropped in%n",
                    (System.nanoTime() - start) / 1e9);
            // The model built on the reference backend trains on, its weights moved to the new backend.
            assertFit(probe.apply("fit"), "cpu");
            await("the console to report the plugin and the switch",
                    () -> has(console, "+ plugin dev.sheaf.backend-cpu") && has(console, "active backend: cpu"));
            Path versioned = natives.resolve("dev.sheaf.backend-cpu-" + bundle(rt, "dev.sheaf.backend-cpu")
                    .getVersion());
            try (Stream<Path> s = Files.walk(natives)) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("libjnidnnl.so")
                        && p.startsWith(versioned)), "oneDNN's natives were not extracted under " + versioned);
            }

            start = System.nanoTime();
            Files.delete(plugins.resolve(cpu.getFileName()));
            await("the fall back to the reference backend", () -> "reference".equals(probe.apply("backend")));
            System.out.printf("[hot swap] reference backend active %.2f s after the jar was deleted%n",
                    (System.nanoTime() - start) / 1e9);
            assertFit(probe.apply("fit"), "reference");
            await("the console to report the plugin leaving and the fall back",
                    () -> has(console, "- plugin dev.sheaf.backend-cpu") && has(console, "active backend: reference"));
            assertTrue(console.stream().noneMatch(l -> l.startsWith("refused")), console.toString());
        }
    }

    @Test
    void aPluginBuiltForAnotherApiMajorVersionIsRefusedWithBothVersionsNamed() throws Exception {
        Path plugins = tmp.resolve("plugins");
        List<String> console = new CopyOnWriteArrayList<>();
        Path future = TestJars.futurePlugin(tmp.resolve("built"));
        try (OsgiRuntime rt = OsgiRuntime.start(TestJars.dist().resolve("bundles"), plugins, Map.of(),
                console::add)) {
            String apiVersion = rt.apiBundle().getVersion().toString();
            Files.copy(future, plugins.resolve(future.getFileName()));
            await("the refusal", () -> has(console, "refused plugin dev.sheaf.test.future-plugin"));
            String line = console.stream().filter(l -> l.startsWith("refused")).findFirst().orElseThrow();
            assertTrue(line.contains("[1.0,2)") && line.contains(apiVersion), line);

            // The framework refuses it too: it stays unresolved, so it never contributes a provider.
            Bundle b = bundle(rt, "dev.sheaf.test.future-plugin");
            FrameworkWiring wiring = rt.framework().adapt(FrameworkWiring.class);
            assertFalse(wiring.resolveBundles(List.of(b)));
            assertEquals(Bundle.INSTALLED, b.getState());
            assertEquals("reference", rt.activeBackend());
            assertFalse(has(console, "+ plugin dev.sheaf.test.future-plugin"), console.toString());
        }
    }

    private Function<String, String> installProbe(OsgiRuntime rt) throws Exception {
        BundleContext ctx = rt.framework().getBundleContext();
        Bundle probe = ctx.installBundle(TestJars.probeBundle(tmp.resolve("built")).toUri().toString());
        probe.start();
        Collection<ServiceReference<Function>> refs = ctx.getServiceReferences(Function.class, "(sheaf.probe=swap)");
        assertEquals(1, refs.size(), "the probe bundle registered no service");
        @SuppressWarnings("unchecked")
        Function<String, String> f = ctx.getService(refs.iterator().next());
        return f;
    }

    private static Bundle bundle(OsgiRuntime rt, String symbolicName) {
        for (Bundle b : rt.framework().getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static void assertFit(String answer, String backend) {
        assertTrue(answer.startsWith(backend + " "), "expected a fit on " + backend + ", got: " + answer);
        double loss = Double.parseDouble(answer.substring(backend.length() + 1));
        assertTrue(Double.isFinite(loss), answer);
    }

    private static boolean has(List<String> console, String prefix) {
        return console.stream().anyMatch(l -> l.startsWith(prefix));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("Timed out after " + WAIT.toSeconds() + " s waiting for " + what);
    }
}
