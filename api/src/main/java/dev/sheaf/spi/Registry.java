package dev.sheaf.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Finds the plugins: backend providers and named component providers, from {@link ServiceLoader} on the class path
 * and, inside an OSGi framework, from the service registry (bound by a small Declarative Services component that
 * calls {@link #add} and {@link #remove} as bundles come and go).
 *
 * <h2>Backend selection</h2>
 * The system property {@code sheaf.backend}, else the environment variable {@code SHEAF_BACKEND}, else the available
 * provider with the highest priority. Naming a backend that is missing or unavailable is an error listing every
 * provider found and why each unavailable one is unavailable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Registry {
    /** The system property that names the backend. */
    public static final String BACKEND_PROPERTY = "sheaf.backend";
    /** The environment variable that names the backend when the property is not set. */
    public static final String BACKEND_ENV = "SHEAF_BACKEND";

    private static final System.Logger LOG = System.getLogger(Registry.class.getName());
    private static final Registry GLOBAL = new Registry(System::getProperty, System::getenv, true);

    private final List<Object> dynamic = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, List<?>> loaded = new LinkedHashMap<>();
    private final Map<BackendProvider, Backend> created = new LinkedHashMap<>();
    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final boolean useServiceLoader;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> warned = new HashSet<>();

    private Registry(Function<String, String> properties, Function<String, String> environment,
                     boolean useServiceLoader) {
        this.properties = properties;
        this.environment = environment;
        this.useServiceLoader = useServiceLoader;
    }

    /** The process-wide registry. */
    public static Registry global() {
        return GLOBAL;
    }

    /**
     * A registry that sees only the providers later passed to {@link #add} (no class-path scan), reading the selection
     * property and environment variable through the given functions. For tests and embedding.
     */
    public static Registry isolated(Function<String, String> properties, Function<String, String> environment) {
        return new Registry(Objects.requireNonNull(properties), Objects.requireNonNull(environment), false);
    }

    /** Adds a provider (any provider type), as the OSGi binder does when a bundle registers one. */
    public void add(Object provider) {
        dynamic.add(Objects.requireNonNull(provider, "provider"));
        changed();
    }

    /** Removes a provider added by {@link #add}. */
    public void remove(Object provider) {
        dynamic.remove(provider);
        synchronized (this) {
            created.remove(provider);
        }
        changed();
    }

    /** Runs {@code listener} whenever the set of providers changes (so the active backend can be re-selected). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Every provider of {@code type}: the class-path ones, then those added. */
    public synchronized <P> List<P> providers(Class<P> type) {
        List<P> result = new ArrayList<>();
        if (useServiceLoader) {
            @SuppressWarnings("unchecked")
            List<P> found = (List<P>) loaded.computeIfAbsent(type, this::load);
            result.addAll(found);
        }
        int fromClassPath = result.size();
        for (Object o : dynamic) {
            // Inside OSGi the api bundle's own ServiceLoader can see a provider that DS registers too: keep one.
            if (type.isInstance(o) && result.subList(0, fromClassPath).stream().noneMatch(r -> r.getClass() == o.getClass())) {
                result.add(type.cast(o));
            }
        }
        return result;
    }

    private List<?> load(Class<?> type) {
        List<Object> found = new ArrayList<>();
        ServiceLoader<?> loader = ServiceLoader.load(type, type.getClassLoader());
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "Skipping a " + type.getSimpleName()
                        + " that could not be loaded: " + e);
            }
        }
        return found;
    }

    /** The backend providers, highest priority first. */
    public List<BackendProvider> backendProviders() {
        List<BackendProvider> ps = providers(BackendProvider.class);
        ps.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return ps;
    }

    /** The name asked for by property or environment, or null. */
    public String requestedBackend() {
        String p = properties.apply(BACKEND_PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        String e = environment.apply(BACKEND_ENV);
        return e == null || e.isBlank() ? null : e.trim();
    }

    /**
     * The backend chosen by the selection rules.
     *
     * @throws IllegalStateException if the requested backend is missing or unavailable, or none is available
     */
    public Backend selectBackend() {
        String requested = requestedBackend();
        if (requested != null) {
            return backend(requested);
        }
        List<String> skipped = new ArrayList<>();
        for (BackendProvider p : backendProviders()) {
            Availability a = safeAvailability(p);
            if (a.available()) {
                warnOnce(p.name(), skipped);
                return instantiate(p);
            }
            skipped.add(p.name() + " (" + a.reason() + ")");
        }
        throw new IllegalStateException("No Sheaf backend is available. " + describeBackends());
    }

    /**
     * One warning per fallback: a user who dropped in a native backend must learn why it is not the one running.
     */
    private void warnOnce(String chosen, List<String> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        String message = "Sheaf backend " + String.join(", ", skipped) + " is not available; using '" + chosen + "'";
        synchronized (warned) {
            if (!warned.add(message)) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, message);
    }

    /**
     * The backend of this name.
     *
     * @throws IllegalStateException naming what was found when it is missing or unavailable
     */
    public Backend backend(String name) {
        for (BackendProvider p : backendProviders()) {
            if (p.name().equals(name)) {
                Availability a = safeAvailability(p);
                if (!a.available()) {
                    throw new IllegalStateException("Sheaf backend '" + name + "' is not available: " + a.reason()
                            + ". " + describeBackends());
                }
                return instantiate(p);
            }
        }
        throw new IllegalStateException("Unknown Sheaf backend '" + name + "' (asked for by "
                + (properties.apply(BACKEND_PROPERTY) != null ? "-D" + BACKEND_PROPERTY : BACKEND_ENV + " or code")
                + "). " + describeBackends());
    }

    /** One sentence per provider: its name, priority, and availability with the reason. */
    public String describeBackends() {
        List<BackendProvider> ps = backendProviders();
        if (ps.isEmpty()) {
            return "No backend providers were found on the class path or in the OSGi framework; "
                    + "add a backend jar such as sheaf-api (reference) or sheaf-backend-cpu.";
        }
        StringBuilder sb = new StringBuilder("Backends found: ");
        for (int i = 0; i < ps.size(); i++) {
            BackendProvider p = ps.get(i);
            Availability a = safeAvailability(p);
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(p.name()).append(" (priority ").append(p.priority()).append(", ")
                    .append(a.available() ? "available" : "unavailable: " + a.reason()).append(')');
        }
        return sb.append('.').toString();
    }

    /** A provider's availability, with any exception it throws turned into a reason. */
    public static Availability safeAvailability(BackendProvider p) {
        try {
            Availability a = p.availability();
            if (a == null) {
                return Availability.no("its availability() returned null");
            }
            if (p.spiVersion() > Backend.SPI_VERSION) {
                return Availability.no("built for backend SPI version " + p.spiVersion()
                        + ", newer than this Sheaf's " + Backend.SPI_VERSION);
            }
            return a;
        } catch (Throwable t) {
            return Availability.no("its availability probe failed: " + t);
        }
    }

    private synchronized Backend instantiate(BackendProvider p) {
        return created.computeIfAbsent(p, BackendProvider::create);
    }

    /**
     * The component called {@code name} among the providers of {@code type}.
     *
     * @param kind a plural noun for messages, such as {@code "optimizers"}
     * @throws IllegalArgumentException if no provider, or more than one, has that name; the message lists the known
     *                                  names and who provides them
     */
    public <T, P extends ComponentProvider<T>> Function<Map<String, Object>, T> component(Class<P> type, String kind,
                                                                                         String name) {
        Map<String, List<String>> owners = new TreeMap<>();
        Function<Map<String, Object>, T> found = null;
        for (P p : providers(type)) {
            for (Map.Entry<String, Function<Map<String, Object>, T>> e : p.components().entrySet()) {
                owners.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(p.pluginName());
                if (e.getKey().equals(name)) {
                    found = e.getValue();
                }
            }
        }
        List<String> claimants = owners.get(name);
        if (claimants == null) {
            throw new IllegalArgumentException("Unknown " + kind + " name '" + name + "'. Known " + kind + ": "
                    + (owners.isEmpty() ? "none" : String.join(", ", owners.keySet())) + ".");
        }
        if (claimants.size() > 1) {
            throw new IllegalArgumentException("The " + kind + " name '" + name + "' is claimed by more than one plugin: "
                    + String.join(", ", claimants) + ". Remove one of them from the class path or framework.");
        }
        return found;
    }

    /** Every component name of {@code type}, sorted. */
    public <T, P extends ComponentProvider<T>> List<String> componentNames(Class<P> type) {
        TreeMap<String, Boolean> names = new TreeMap<>();
        for (P p : providers(type)) {
            for (String n : p.components().keySet()) {
                names.put(n, Boolean.TRUE);
            }
        }
        return new ArrayList<>(names.keySet());
    }
}
