package dev.sheaf.internal.osgi.natives;

import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of a backend bundle that embeds JavaCPP (bnd copies this package into such a bundle; the api bundle
 * itself never runs it). It gives the bundle's own copy of JavaCPP a natives cache folder named after the bundle's
 * symbolic name and version, {@code <root>/<symbolic-name>-<version>}, so that two bundles with different native
 * versions, or two versions of one backend, never extract libraries over each other.
 *
 * <p>Inside OSGi JavaCPP sees the natives through {@code bundle:} URLs and would extract every bundle's libraries to
 * the same unversioned {@code linux-x86_64} folder. JavaCPP reads its cache folder once, from the system property
 * {@value #JAVACPP_CACHEDIR}, and keeps it in a static field of {@code org.bytedeco.javacpp.Loader}; each embedding
 * bundle has its own {@code Loader} class. So at start this activator sets the property to the versioned folder, makes
 * the bundle's {@code Loader} read it, and restores the property.
 *
 * <p>The root is the framework (or system) property {@value #CACHE_ROOT_PROPERTY}, else a folder given by
 * {@value #JAVACPP_CACHEDIR}, else {@code ~/.javacpp/cache}.
 */
public final class NativeCacheActivator implements BundleActivator {
    /** The framework or system property naming the root of the versioned natives caches. */
    public static final String CACHE_ROOT_PROPERTY = "sheaf.native.cache";
    /** JavaCPP's own cache folder property. */
    public static final String JAVACPP_CACHEDIR = "org.bytedeco.javacpp.cachedir";

    /** Needed by the framework. */
    public NativeCacheActivator() {
    }

    /** The versioned natives folder of a bundle under {@code root}. */
    public static Path cacheDir(Path root, String symbolicName, String version) {
        return root.resolve(symbolicName + "-" + version);
    }

    @Override
    public void start(BundleContext context) throws Exception {
        Bundle bundle = context.getBundle();
        Path dir = cacheDir(root(context), bundle.getSymbolicName(), bundle.getVersion().toString());
        // Another embedding bundle may start on another thread: one property switch at a time.
        synchronized (System.getProperties()) {
            String previous = System.getProperty(JAVACPP_CACHEDIR);
            System.setProperty(JAVACPP_CACHEDIR, dir.toString());
            try {
                bundle.loadClass("org.bytedeco.javacpp.Loader").getMethod("getCacheDir").invoke(null);
            } finally {
                if (previous == null) {
                    System.clearProperty(JAVACPP_CACHEDIR);
                } else {
                    System.setProperty(JAVACPP_CACHEDIR, previous);
                }
            }
        }
    }

    @Override
    public void stop(BundleContext context) {
        // Loaded libraries stay loaded until the class loader goes; the cache folder stays for the next start.
    }

    private static Path root(BundleContext context) {
        String root = context.getProperty(CACHE_ROOT_PROPERTY);
        if (root == null || root.isBlank()) {
            root = System.getProperty(JAVACPP_CACHEDIR);
        }
        if (root == null || root.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".javacpp", "cache");
        }
        return Path.of(root);
    }
}
