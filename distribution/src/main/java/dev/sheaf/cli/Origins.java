package dev.sheaf.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Where a class was loaded from on the class path, and that jar's manifest version. */
final class Origins {
    private Origins() {
    }

    /** The jar or folder {@code type} came from, or {@code null} when unknown. */
    static Path location(Class<?> type) {
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return null;
            }
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The manifest of a jar, or {@code null} (a folder, no manifest, unreadable). */
    static Manifest manifest(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return null;
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code Bundle-Version}, else {@code Implementation-Version}, else {@code "unknown"}. */
    static String version(Manifest m) {
        if (m == null) {
            return "unknown";
        }
        String v = m.getMainAttributes().getValue("Bundle-Version");
        if (v == null) {
            v = m.getMainAttributes().getValue("Implementation-Version");
        }
        return v == null ? "unknown" : v;
    }

    /** The location shown to users: relative to the Sheaf home when inside it. */
    static String display(Path location, Path home) {
        if (location == null) {
            return "unknown location";
        }
        if (home != null && location.startsWith(home)) {
            return home.relativize(location).toString();
        }
        return location.toString();
    }
}
