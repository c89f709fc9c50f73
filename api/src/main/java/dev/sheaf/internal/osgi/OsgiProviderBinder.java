package dev.sheaf.internal.osgi;

import dev.sheaf.spi.BackendProvider;
import dev.sheaf.spi.CallbackProvider;
import dev.sheaf.spi.LayerProvider;
import dev.sheaf.spi.LossProvider;
import dev.sheaf.spi.MetricProvider;
import dev.sheaf.spi.OptimizerProvider;
import dev.sheaf.spi.Registry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Inside an OSGi framework, binds every provider service that bundles register (backends, layers, optimizers, losses,
 * metrics, callbacks) into {@link Registry#global()}, and unbinds it when its bundle goes, so that dropping a plugin
 * bundle in or out changes what Sheaf finds, and switches backends, without a restart. On a plain class path nothing
 * instantiates this class.
 *
 * <p>Every reference is dynamic, multiple and greedy: a provider that arrives later is bound at once, and one that
 * leaves is unbound without deactivating the binder.
 */
@Component(immediate = true)
public final class OsgiProviderBinder {

    /** Called by Declarative Services when a backend provider service appears. */
    @Reference(service = BackendProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeBackend")
    void addBackend(BackendProvider provider) {
        Registry.global().add(provider);
    }

    /** Called by Declarative Services when a backend provider service goes. */
    void removeBackend(BackendProvider provider) {
        Registry.global().remove(provider);
    }

    /** Called by Declarative Services when a layer provider service appears. */
    @Reference(service = LayerProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeLayers")
    void addLayers(LayerProvider provider) {
        Registry.global().add(provider);
    }

    /** Called by Declarative Services when a layer provider service goes. */
    void removeLayers(LayerProvider provider) {
        Registry.global().remove(provider);
    }

    /** Called by Declarative Services when an optimizer provider service appears. */
    @Reference(service = OptimizerProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeOptimizers")
    void addOptimizers(OptimizerProvider provider) {
        Registry.global().add(provider);
    }

    /** Called by Declarative Services when an optimizer provider service goes. */
    void removeOptimizers(OptimizerProvider provider) {
        Registry.global().remove(provider);
    }

    /** Called by Declarative Services when a loss provider service appears. */
    @Reference(service = LossProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeLosses")
    void addLosses(LossProvider provider) {
        Registry.global().add(provider);
    }

    /** Called by Declarative Services when a loss provider service goes. */
    void removeLosses(LossProvider provider) {
        Registry.global().remove(provider);
    }

    /** Called by Declarative Services when a metric provider service appears. */
    @Reference(service = MetricProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeMetrics")
    void addMetrics(MetricProvider provider) {
        Registry.global().add(provider);
    }

    /** Called by Declarative Services when a metric provider service goes. */
    void removeMetrics(MetricProvider provider) {
        Registry.global().remove(provider);
    }

    /** Called by Declarative Services when a callback provider service appears. */
    @Reference(service = CallbackProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeCallbacks")
    void addCallbacks(CallbackProvider provider) {
        Registry.global().add(provider);
    }

    /** Called by Declarative Services when a callback provider service goes. */
    void removeCallbacks(CallbackProvider provider) {
        Registry.global().remove(provider);
    }
}
