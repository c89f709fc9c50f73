package dev.sheaf.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The packaged distribution and the test bundles the integration tests build from the test classes. */
final class TestJars {
    private static final String PROBE_PACKAGE = "dev/sheaf/distribution/probe/";

    private TestJars() {
    }

    /** The unpacked distribution folder built by this module. */
    static Path dist() {
        return Path.of(required("sheaf.dist.dir"));
    }

    /** The CPU backend bundle shipped in extras/. */
    static Path cpuBackendJar() throws IOException {
        try (Stream<Path> s = Files.list(dist().resolve("extras"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sheaf-backend-cpu-")
                    && p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    /**
     * The test bundle that trains inside the framework ({@code ProbeActivator}, {@code Probe}), importing Sheaf's
     * packages in the range the real plugins use.
     */
    static Path probeBundle(Path dir) throws IOException {
        Manifest m = bundleManifest("dev.sheaf.test.swap-probe", "1.0.0");
        Attributes a = m.getMainAttributes();
        a.putValue("Bundle-Activator", "dev.sheaf.distribution.probe.ProbeActivator");
        a.putValue("Import-Package", String.join(",", Stream.of("dev.sheaf", "dev.sheaf.autodiff",
                "dev.sheaf.callbacks", "dev.sheaf.layers", "dev.sheaf.models", "dev.sheaf.ops", "dev.sheaf.spi",
                "dev.sheaf.tensor").map(p -> p + ";version=\"[0.1,1)\"").toList()) + ",org.osgi.framework");
        return jar(dir.resolve("swap-probe.jar"), m, "Probe");
    }

    /**
     * A plugin built against a future api: a bundle (and class-path jar) importing {@code dev.sheaf.spi} in
     * {@code [1.0,2)} whose backend provider reports a newer SPI version.
     */
    static Path futurePlugin(Path dir) throws IOException {
        Manifest m = bundleManifest("dev.sheaf.test.future-plugin", "1.0.0");
        m.getMainAttributes().putValue("Import-Package", "dev.sheaf.spi;version=\"[1.0,2)\"");
        Path jar = jar(dir.resolve("future-plugin.jar"), m, "FutureBackendProvider");
        return jar;
    }

    private static Manifest bundleManifest(String symbolicName, String version) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        return m;
    }

    /** A jar with {@code manifest} and the probe package's classes whose names start with {@code classPrefix}. */
    private static Path jar(Path file, Manifest manifest, String classPrefix) throws IOException {
        Path classes = Path.of(required("sheaf.test.classes")).resolve(PROBE_PACKAGE);
        List<Path> files;
        try (Stream<Path> s = Files.list(classes)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".class") && (n.equals(classPrefix + ".class") || n.startsWith(classPrefix + "$")
                        || classPrefix.equals("Probe") && n.startsWith("ProbeActivator"));
            }).sorted().toList();
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                jar.putNextEntry(new JarEntry(PROBE_PACKAGE + f.getFileName()));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
            if (classPrefix.equals("FutureBackendProvider")) {
                jar.putNextEntry(new JarEntry("META-INF/services/dev.sheaf.spi.BackendProvider"));
                jar.write("dev.sheaf.distribution.probe.FutureBackendProvider\n".getBytes());
                jar.closeEntry();
            }
        }
        return file;
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("System property " + property + " is not set; run with mvn verify");
        }
        return v;
    }
}
