package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The backend computes every op itself, on oneDNN or in Java loops over its native buffers: nothing is sent to the
 * reference backend over host copies any more. Checked on the compiled classes, so that a new round trip cannot creep
 * back in unnoticed: no class of the backend may name the reference backend's package or look a backend up in the
 * registry (which is how a round trip finds the reference backend, whose package OSGi does not export).
 */
class NoReferenceRoundTripTest {

    @Test
    void theDelegateIsGone() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.sheaf.backend.cpu.ReferenceDelegate"));
    }

    @Test
    void noBackendClassReachesTheReferenceBackendOrTheRegistry() throws IOException {
        List<Path> classes = backendClasses();
        assertTrue(classes.size() > 20, "expected the backend's compiled classes, found " + classes);
        List<String> offenders = new ArrayList<>();
        for (Path c : classes) {
            String text;
            try (InputStream in = Files.newInputStream(c)) {
                // Class-file constants are modified UTF-8; ASCII names read the same as ISO-8859-1.
                text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            if (text.contains("dev/sheaf/backend/reference/") || text.contains("dev/sheaf/spi/Registry")) {
                offenders.add(c.getFileName().toString());
            }
        }
        assertEquals(List.of(), offenders, "classes that reach the reference backend or the registry");
    }

    @Test
    void theScanWouldSeeARoundTrip() throws IOException {
        // The test class itself names the registry through a constant of the same kind the scan looks for.
        Path self = classDirectory().resolve("dev/sheaf/backend/cpu/CpuProviderTest.class");
        String text = new String(Files.readAllBytes(self), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("dev/sheaf/spi/Registry"), "the scan must recognise a registry reference");
    }

    private static List<Path> backendClasses() throws IOException {
        Path dir;
        try {
            dir = Path.of(CpuBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        assertFalse(Files.isRegularFile(dir), "tests run against the compiled classes folder, not a jar: " + dir);
        try (Stream<Path> s = Files.walk(dir.resolve("dev/sheaf/backend/cpu"))) {
            return s.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    private static Path classDirectory() throws IOException {
        try {
            return Path.of(NoReferenceRoundTripTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
