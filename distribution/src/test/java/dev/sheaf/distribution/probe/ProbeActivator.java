package dev.sheaf.distribution.probe;

import java.util.Hashtable;
import java.util.function.Function;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Activator of the test bundle that trains inside the framework: registers a {@link Probe} as a
 * {@code java.util.function.Function} service (a JDK type, so the test outside the framework can call it without
 * sharing any Sheaf class) with the property {@code sheaf.probe=swap}.
 */
public final class ProbeActivator implements BundleActivator {
    private ServiceRegistration<?> registration;

    /** Needed by the framework. */
    public ProbeActivator() {
    }

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("sheaf.probe", "swap");
        registration = context.registerService(Function.class.getName(), new Probe(), props);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
