package dev.sheaf.cli.osgi;

import dev.sheaf.cli.ApiCompatibility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * An embedded OSGi framework (Apache Felix) running Sheaf: it installs and starts every bundle of a bundles folder
 * (the api, the default plugins, Declarative Services, FileInstall), then FileInstall watches a plugins folder, so a
 * plugin jar dropped in is installed and started, and one deleted is uninstalled, while it runs.
 *
 * <p>It reports to a console: one line per plugin bundle arriving ({@code + plugin …}) or leaving ({@code - plugin
 * …}), a {@code refused plugin …} line naming both versions for a plugin built against another api version (which
 * the framework then leaves unresolved), and {@code active backend: NAME} whenever the api's registry changes the
 * backend it selects.
 *
 * <p>The runtime's own class loader never shares Sheaf classes with the framework: it reaches the api bundle's
 * {@code Sheaf} and {@code Registry} by reflection, through JDK types only ({@link Runnable}, {@link String}).
 */
public final class OsgiRuntime implements AutoCloseable {
    /** The framework property naming the watched plugins folder (FileInstall's). */
    public static final String WATCHED_DIR = "felix.fileinstall.dir";
    /** The api bundle's symbolic name. */
    public static final String API_BUNDLE = "dev.sheaf.api";

    private final Framework framework;
    private final Path storage;
    private final boolean deleteStorage;
    private final Path plugins;
    private final Consumer<String> console;
    private final Set<Long> base = new HashSet<>();
    private final Map<Long, String> announced = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sheaf-osgi-reporter");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastBackend;
    private volatile boolean reportPending;

    private OsgiRuntime(Framework framework, Path storage, boolean deleteStorage, Path plugins,
                        Consumer<String> console) {
        this.framework = framework;
        this.storage = storage;
        this.deleteStorage = deleteStorage;
        this.plugins = plugins;
        this.console = console;
    }

    /**
     * Starts the framework with the bundles of {@code bundles}, watching {@code plugins}.
     *
     * @param properties framework properties (e.g. from {@code conf/osgi.properties}); defaults are filled in for
     *                   the storage folder, the watched folder and the natives cache
     * @param console    receives the report lines
     * @throws IllegalStateException naming the bundle when a bundle of {@code bundles} cannot be installed or started
     */
    public static OsgiRuntime start(Path bundles, Path plugins, Map<String, String> properties,
                                    Consumer<String> console) throws IOException {
        Objects.requireNonNull(console, "console");
        if (!Files.isDirectory(bundles)) {
            throw new IllegalStateException("The bundles folder " + bundles + " does not exist");
        }
        Files.createDirectories(plugins);
        Map<String, String> config = new HashMap<>(properties);
        boolean deleteStorage = !config.containsKey(Constants.FRAMEWORK_STORAGE);
        Path storage = deleteStorage ? Files.createTempDirectory("sheaf-felix-")
                : Path.of(config.get(Constants.FRAMEWORK_STORAGE));
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(WATCHED_DIR, plugins.toAbsolutePath().toString());
        config.putIfAbsent("felix.fileinstall.poll", "250");
        config.putIfAbsent("felix.fileinstall.noInitialDelay", "true");
        config.putIfAbsent("felix.fileinstall.filter", ".*\\.jar");
        config.putIfAbsent("felix.fileinstall.bundles.new.start", "true");
        config.putIfAbsent("felix.fileinstall.log.level", "1");
        config.putIfAbsent("sheaf.native.cache",
                Path.of(System.getProperty("user.home"), ".sheaf", "native-cache").toString());

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, OsgiRuntime.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException(
                        "No OSGi framework on the class path (org.apache.felix.framework is missing from lib/)"));
        Framework fw = factory.newFramework(config);
        OsgiRuntime rt = new OsgiRuntime(fw, storage, deleteStorage, plugins.toAbsolutePath(), console);
        try {
            fw.init();
            rt.installBase(bundles);
            fw.getBundleContext().addBundleListener(rt::bundleChanged);
            fw.start();
            rt.watchRegistry();
        } catch (BundleException | RuntimeException e) {
            rt.close();
            throw new IllegalStateException("The OSGi runtime did not start: " + e.getMessage(), e);
        }
        return rt;
    }

    /** Reads a properties file ({@code conf/osgi.properties}) into framework properties; empty if it is missing. */
    public static Map<String, String> readProperties(Path file) throws IOException {
        Map<String, String> r = new HashMap<>();
        if (file != null && Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            for (String k : p.stringPropertyNames()) {
                r.put(k, p.getProperty(k));
            }
        }
        return r;
    }

    private void installBase(Path bundles) throws BundleException {
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> s = Files.list(bundles)) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path jar : jars) {
            try {
                Bundle b = ctx.installBundle(jar.toUri().toString());
                installed.add(b);
                base.add(b.getBundleId());
            } catch (BundleException e) {
                throw new BundleException("could not install " + jar.getFileName() + ": " + e.getMessage(), e);
            }
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    throw new BundleException("could not start " + b.getSymbolicName() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (base.contains(b.getBundleId()) || b.getBundleId() == 0) {
            return;
        }
        String name = b.getSymbolicName() + " " + b.getVersion() + " (" + fileName(b.getLocation()) + ")";
        switch (event.getType()) {
            case BundleEvent.INSTALLED -> {
                String problem = compatibilityProblem(b);
                if (problem != null) {
                    console.accept(problem);
                }
            }
            case BundleEvent.STARTED -> {
                if (announced.put(b.getBundleId(), name) == null) {
                    console.accept("+ plugin " + name);
                }
                scheduleReport();
            }
            case BundleEvent.STOPPED, BundleEvent.UNINSTALLED -> {
                String was = announced.remove(b.getBundleId());
                if (was != null) {
                    console.accept("- plugin " + was);
                }
                scheduleReport();
            }
            default -> {
            }
        }
    }

    /** Why a plugin bundle cannot use this api (naming both versions), or {@code null}. */
    private String compatibilityProblem(Bundle plugin) {
        Bundle api = apiBundle();
        if (api == null) {
            return null;
        }
        return ApiCompatibility.problem(plugin.getSymbolicName() + " " + plugin.getVersion() + " ("
                        + fileName(plugin.getLocation()) + ")", plugin.getHeaders().get(Constants.IMPORT_PACKAGE),
                ApiCompatibility.exports(api.getHeaders().get(Constants.EXPORT_PACKAGE)), api.getVersion().toString());
    }

    private static String fileName(String location) {
        int slash = location.lastIndexOf('/');
        return slash >= 0 ? location.substring(slash + 1) : location;
    }

    private void watchRegistry() {
        try {
            Bundle api = requireApi();
            // Selecting once first makes the api's Sheaf class register its own listener before ours.
            lastBackend = activeBackend();
            console.accept("active backend: " + lastBackend);
            Class<?> registry = api.loadClass("dev.sheaf.spi.Registry");
            Object global = registry.getMethod("global").invoke(null);
            Runnable listener = this::scheduleReport;
            registry.getMethod("onChange", Runnable.class).invoke(global, listener);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The api bundle has no usable registry: " + e, e);
        }
    }

    /** Reports the active backend once things have settled, when it changed. */
    private void scheduleReport() {
        if (reportPending || reporter.isShutdown()) {
            return;
        }
        reportPending = true;
        try {
            reporter.schedule(this::report, 150, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: the framework unbinds every provider on its way down; nothing left to report.
        }
    }

    private void report() {
        reportPending = false;
        String now;
        try {
            now = activeBackend();
        } catch (RuntimeException e) {
            now = "none (" + e.getMessage() + ")";
        }
        if (!now.equals(lastBackend)) {
            lastBackend = now;
            console.accept("active backend: " + now);
        }
    }

    /** The framework. */
    public Framework framework() {
        return framework;
    }

    /** The watched plugins folder. */
    public Path plugins() {
        return plugins;
    }

    /** The api bundle, or {@code null} when it is not installed. */
    public Bundle apiBundle() {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (API_BUNDLE.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private Bundle requireApi() {
        Bundle api = apiBundle();
        if (api == null || api.getState() != Bundle.ACTIVE) {
            throw new IllegalStateException("The Sheaf api bundle (" + API_BUNDLE + ") is not active in the "
                    + "framework; is sheaf-api in the bundles folder?");
        }
        return api;
    }

    /**
     * The name of the backend the api bundle selects now (its {@code Sheaf.backend()}).
     *
     * @throws IllegalStateException with the api's message when no backend can be selected
     */
    public String activeBackend() {
        try {
            Class<?> sheaf = requireApi().loadClass("dev.sheaf.Sheaf");
            Object backend = sheaf.getMethod("backend").invoke(null);
            Method name = requireApi().loadClass("dev.sheaf.spi.Backend").getMethod("name");
            return (String) name.invoke(backend);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException(c.getMessage() != null ? c.getMessage() : c.toString(), c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The api bundle has no usable Sheaf class: " + e, e);
        }
    }

    /** Stops the framework (waiting up to 10 s) and removes its temporary storage. */
    @Override
    public void close() {
        reporter.shutdownNow();
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException e) {
            console.accept("The OSGi framework did not stop cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (deleteStorage) {
            try (Stream<Path> s = Files.walk(storage)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary folder is harmless.
            }
        }
    }
}
