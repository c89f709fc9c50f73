package dev.sheaf.backend.cpu;

import com.google.auto.service.AutoService;
import dev.sheaf.spi.Availability;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BackendProvider;
import org.apiguardian.api.API;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the oneDNN {@link CpuBackend} under the name {@code "cpu"} with priority 100, above the reference backend.
 *
 * <h2>What the launcher must set</h2>
 * oneDNN runs on OpenMP, whose settings are read from the environment when the natives load, so they must be set
 * before the JVM starts (Java cannot set environment variables of its own process):
 * <ul>
 *   <li>{@code OMP_WAIT_POLICY=passive}: without it idle OpenMP threads spin, and on a busy or small machine some
 *   primitives (plain-layout convolution backward-weights) were measured 50 times slower;</li>
 *   <li>{@code OMP_NUM_THREADS=<physical cores>}: oneDNN's threads should not compete with hyper-threads or with
 *   other processes; the backend runs one primitive at a time, so it never oversubscribes the cores itself.</li>
 * </ul>
 * JavaCPP extracts the natives to {@code ~/.javacpp/cache} on first use (about 90 MB); the system property
 * {@code org.bytedeco.javacpp.cachedir} moves it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@AutoService(BackendProvider.class)
@Component(service = BackendProvider.class)
public final class CpuBackendProvider implements BackendProvider {
    private volatile Availability availability;

    /** Needed by ServiceLoader and OSGi; does no work (natives load in {@link #availability()}). */
    public CpuBackendProvider() {
    }

    @Override
    public String name() {
        return CpuBackend.NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    /**
     * Loads oneDNN's natives once and reports whether that worked. Never throws: on another OS or without the
     * {@code linux-x86_64} jars the reason names what is missing.
     */
    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = probe();
            availability = a;
        }
        return a;
    }

    private static Availability probe() {
        String platform = "unknown platform";
        try {
            platform = Loader.getPlatform();
            if (!"linux-x86_64".equals(platform)) {
                return Availability.no("oneDNN natives are bundled for linux-x86_64 only, this is " + platform);
            }
            Loader.load(dnnl.class);
            dnnl_version_t v = dnnl.dnnl_version();
            return new Availability(true, "oneDNN " + v.major() + "." + v.minor() + "." + v.patch());
        } catch (Throwable t) {
            return Availability.no("the oneDNN natives could not be loaded on " + platform + " (" + t
                    + "); the jars org.bytedeco:dnnl, javacpp and opencl with classifier linux-x86_64 must be on the "
                    + "class path");
        }
    }

    @Override
    public Backend create() {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("cpu backend is not available: " + a.reason());
        }
        return new CpuBackend();
    }
}
