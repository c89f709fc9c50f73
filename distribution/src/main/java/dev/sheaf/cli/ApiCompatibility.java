package dev.sheaf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * Checks a plugin's {@code Import-Package} ranges on Sheaf's packages against the versions this Sheaf's api exports,
 * the same rule the OSGi resolver applies, so that an incompatible plugin is refused in both modes with a message
 * naming the range it needs and the version it found.
 */
public final class ApiCompatibility {
    private static final String SHEAF_PACKAGES = "dev.sheaf";

    private ApiCompatibility() {
    }

    /** The versions of the packages named in an {@code Export-Package} header, by package. */
    public static Map<String, Version> exports(String exportPackage) {
        Map<String, Version> r = new LinkedHashMap<>();
        for (ManifestHeaders.Clause c : ManifestHeaders.parse(exportPackage)) {
            String v = c.parameters().getOrDefault("version", "0.0.0");
            for (String n : c.names()) {
                r.put(n, Version.parseVersion(v));
            }
        }
        return r;
    }

    /**
     * Why a plugin with this {@code Import-Package} header cannot use the api exporting {@code apiExports}, or
     * {@code null} when it can. Only mandatory imports of {@code dev.sheaf} packages count.
     *
     * @param plugin     the plugin's name for the message (symbolic name and version, or jar name)
     * @param apiVersion the api's version for the message
     */
    public static String problem(String plugin, String importPackage, Map<String, Version> apiExports,
                                 String apiVersion) {
        List<String> needs = new ArrayList<>();
        for (ManifestHeaders.Clause c : ManifestHeaders.parse(importPackage)) {
            if ("optional".equals(c.parameters().get("resolution:"))) {
                continue;
            }
            String range = c.parameters().get("version");
            for (String pkg : c.names()) {
                if (!pkg.equals(SHEAF_PACKAGES) && !pkg.startsWith(SHEAF_PACKAGES + ".")) {
                    continue;
                }
                Version have = apiExports.get(pkg);
                if (have == null) {
                    needs.add(pkg + (range == null ? "" : " " + range) + " (not exported by this api)");
                } else if (range != null && !new VersionRange(range).includes(have)) {
                    needs.add(pkg + " " + range + " (this api has " + have + ")");
                }
            }
        }
        if (needs.isEmpty()) {
            return null;
        }
        return "refused plugin " + plugin + ": it was built for another Sheaf api version, it needs " + needs.get(0)
                + (needs.size() > 1 ? " and " + (needs.size() - 1) + " more" : "")
                + ", but this Sheaf's api is " + apiVersion;
    }
}
