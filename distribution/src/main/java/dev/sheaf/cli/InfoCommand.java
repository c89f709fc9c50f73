package dev.sheaf.cli;

import dev.sheaf.Sheaf;
import dev.sheaf.spi.Availability;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BackendProvider;
import dev.sheaf.spi.CallbackProvider;
import dev.sheaf.spi.ComponentProvider;
import dev.sheaf.spi.LayerProvider;
import dev.sheaf.spi.LossProvider;
import dev.sheaf.spi.MetricProvider;
import dev.sheaf.spi.OptimizerProvider;
import dev.sheaf.spi.Registry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sheaf info}: the Sheaf version, every plugin found on the class path (what it provides, its version, the jar
 * it came from), every backend with its availability, and which backend is active and why.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Shows the Sheaf version, every plugin found (kind, name, version, jar), every backend with its "
                + "availability, and the active backend and why.",
                "Plugins are read from lib/ and plugins/ when the command starts."})
public final class InfoCommand implements Callable<Integer> {
    private static final List<Kind> KINDS = List.of(
            new Kind("layers", LayerProvider.class), new Kind("optimizers", OptimizerProvider.class),
            new Kind("losses", LossProvider.class), new Kind("metrics", MetricProvider.class),
            new Kind("callbacks", CallbackProvider.class));

    @Spec
    private CommandSpec spec;

    private record Kind(String name, Class<? extends ComponentProvider<?>> type) {
    }

    /** Needed by picocli. */
    public InfoCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path home = SheafCli.home();
        Registry registry = Registry.global();
        Path apiJar = Origins.location(Registry.class);
        Manifest apiManifest = Origins.manifest(apiJar);
        out.printf("Sheaf %s (api %s, %s)%n", Sheaf.version(), Origins.display(apiJar, home),
                "Java " + System.getProperty("java.version"));
        if (home != null) {
            out.println("Home: " + home);
        }

        out.println();
        out.println("Plugins:");
        for (BackendProvider p : registry.backendProviders()) {
            row(out, "backend", p.name(), p.getClass(), home);
        }
        for (Kind k : KINDS) {
            for (ComponentProvider<?> p : registry.providers(k.type())) {
                row(out, k.name(), p.pluginName(), p.getClass(), home);
                out.printf("      %s%n", String.join(", ", new TreeSet<>(p.components().keySet())));
            }
        }
        refusedPlugins(out, home, apiManifest);

        out.println();
        out.println("Backends:");
        String active = null;
        String why;
        try {
            Backend b = Sheaf.backend();
            active = b.name();
            String requested = registry.requestedBackend();
            if (requested == null) {
                why = "the available backend with the highest priority (choose another with -Dsheaf.backend=NAME or "
                        + Registry.BACKEND_ENV + "=NAME)";
            } else if (System.getProperty(Registry.BACKEND_PROPERTY) != null) {
                why = "asked for by the system property " + Registry.BACKEND_PROPERTY + "=" + requested;
            } else {
                why = "asked for by the environment variable " + Registry.BACKEND_ENV + "=" + requested;
            }
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        for (BackendProvider p : registry.backendProviders()) {
            Availability a = Registry.safeAvailability(p);
            out.printf("  %s %-10s priority %-4d %s%n", p.name().equals(active) ? "*" : " ", p.name(), p.priority(),
                    a.available() ? (a.reason().equals("available") ? "available" : "available (" + a.reason() + ")")
                            : "unavailable: " + a.reason());
        }
        if (active == null) {
            out.println("Active backend: none. " + why);
            return 1;
        }
        out.println("Active backend: " + active + ", " + why);
        return 0;
    }

    private static void row(PrintWriter out, String kind, String name, Class<?> type, Path home) {
        Path jar = Origins.location(type);
        out.printf("  %-10s %-48s %-16s %s%n", kind, name, Origins.version(Origins.manifest(jar)),
                Origins.display(jar, home));
    }

    /** Lists the drop-in jars built for another api version; returns how many. */
    private static int refusedPlugins(PrintWriter out, Path home, Manifest apiManifest) {
        if (home == null || apiManifest == null) {
            return 0;
        }
        Map<String, Version> exports = ApiCompatibility.exports(
                apiManifest.getMainAttributes().getValue("Export-Package"));
        String apiVersion = Origins.version(apiManifest);
        List<String> problems = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("plugins"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Manifest m = Origins.manifest(jar);
                if (m == null) {
                    continue;
                }
                String problem = ApiCompatibility.problem(jar.getFileName().toString(),
                        m.getMainAttributes().getValue("Import-Package"), exports, apiVersion);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        for (String p : problems) {
            out.println("  ! " + p);
        }
        return problems.size();
    }
}
