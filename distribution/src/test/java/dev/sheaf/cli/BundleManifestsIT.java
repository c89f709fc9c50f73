package dev.sheaf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build check on the packaged Sheaf bundles: every Sheaf jar is a bundle with versioned exports and version-ranged
 * imports of Sheaf packages, no two bundles export one package (no split packages), no exported package has classes
 * in another jar, and no bundle imports {@code java.*} (which Felix 7 refuses).
 */
class BundleManifestsIT {

    @Test
    void noSplitPackagesAndVersionedSheafBundles() throws IOException {
        Map<String, String> exporter = new TreeMap<>();
        Map<String, Set<String>> classOwners = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path jar : jars()) {
            try (JarFile f = new JarFile(jar.toFile())) {
                Attributes a = f.getManifest() == null ? new Attributes() : f.getManifest().getMainAttributes();
                String bsn = a.getValue("Bundle-SymbolicName");
                String owner = bsn != null ? bsn.split(";")[0].trim() : jar.getFileName().toString();
                if (jar.getFileName().toString().startsWith("sheaf-")) {
                    assertNotNull(bsn, jar + " is not a bundle");
                    assertEquals("2", a.getValue("Bundle-ManifestVersion"), jar.toString());
                } else {
                    continue; // third-party bundles (Felix, SCR, picocli...) are taken as they are
                }
                for (ManifestHeaders.Clause c : ManifestHeaders.parse(a.getValue("Export-Package"))) {
                    for (String pkg : c.names()) {
                        String before = exporter.putIfAbsent(pkg, owner);
                        if (before != null && !before.equals(owner)) {
                            problems.add("split package " + pkg + ": exported by " + before + " and " + owner);
                        }
                        if (owner.startsWith("dev.sheaf") && !c.parameters().containsKey("version")) {
                            problems.add(owner + " exports " + pkg + " without a version");
                        }
                    }
                }
                for (ManifestHeaders.Clause c : ManifestHeaders.parse(a.getValue("Import-Package"))) {
                    for (String pkg : c.names()) {
                        if (pkg.startsWith("java.")) {
                            problems.add(owner + " imports " + pkg + ", which Felix 7 refuses");
                        }
                        if (owner.startsWith("dev.sheaf") && pkg.startsWith("dev.sheaf")
                                && !String.valueOf(c.parameters().get("version")).startsWith("[")) {
                            problems.add(owner + " imports " + pkg + " without a version range");
                        }
                    }
                }
                for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.endsWith(".class") && n.contains("/") && !n.startsWith("META-INF/")) {
                        String pkg = n.substring(0, n.lastIndexOf('/')).replace('/', '.');
                        classOwners.computeIfAbsent(pkg, k -> new HashSet<>()).add(owner);
                    }
                }
            }
        }
        exporter.forEach((pkg, owner) -> {
            Set<String> owners = classOwners.getOrDefault(pkg, Set.of());
            for (String o : owners) {
                if (!o.equals(owner)) {
                    problems.add("split package " + pkg + ": exported by " + owner + " but " + o + " has classes in it");
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(exporter.containsKey("dev.sheaf.spi"), "the api exports dev.sheaf.spi");
    }

    private static List<Path> jars() throws IOException {
        List<Path> r = new ArrayList<>();
        Path dist = TestJars.dist();
        for (String dir : List.of("lib", "bundles", "extras")) {
            try (Stream<Path> s = Files.list(dist.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(r::add);
            }
        }
        // lib/ and bundles/ share the api and plugins: scan each file name once.
        Set<String> seen = new HashSet<>();
        r.removeIf(p -> !seen.add(p.getFileName().toString()));
        return r;
    }
}
