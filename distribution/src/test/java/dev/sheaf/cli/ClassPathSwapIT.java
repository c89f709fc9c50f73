package dev.sheaf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-path mode, end to end: the packaged {@code bin/sheaf} run as a process from a copy of the unpacked folder.
 */
class ClassPathSwapIT {
    @TempDir
    Path tmp;
    private Path home;

    /** Output and exit code of one run. */
    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void unpack() throws IOException {
        home = tmp.resolve("sheaf");
        Path dist = TestJars.dist();
        try (Stream<Path> s = Files.walk(dist)) {
            for (Path p : s.toList()) {
                Path target = home.resolve(dist.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void infoListsTheReferenceBackendAloneThenTheCpuBackendOnceItsJarIsDroppedIn() throws Exception {
        Run empty = sheaf(Map.of(), "info");
        assertEquals(0, empty.code(), empty.toString());
        assertTrue(empty.out().contains("backend    reference"), empty.out());
        assertFalse(empty.out().contains("backend    cpu"), empty.out());
        assertTrue(empty.out().contains("Active backend: reference"), empty.out());
        assertTrue(empty.out().contains("optimizers"), empty.out());

        Path cpu = TestJars.cpuBackendJar();
        Files.copy(cpu, home.resolve("plugins").resolve(cpu.getFileName()));
        Run dropped = sheaf(Map.of(), "info");
        assertEquals(0, dropped.code(), dropped.toString());
        assertTrue(dropped.out().contains("plugins/" + cpu.getFileName()), dropped.out());
        assertTrue(dropped.out().matches("(?s).*\\* cpu +priority 100 +available.*"), dropped.out());
        assertTrue(dropped.out().contains("Active backend: cpu, the available backend with the highest priority"),
                dropped.out());

        Run chosen = sheaf(Map.of("SHEAF_BACKEND", "reference"), "info");
        assertTrue(chosen.out().contains("Active backend: reference, asked for by the environment variable "
                + "SHEAF_BACKEND=reference"), chosen.out());
    }

    @Test
    void aPluginForAnotherApiVersionIsShownAsRefusedWithBothVersions() throws Exception {
        Path future = TestJars.futurePlugin(tmp.resolve("built"));
        Files.copy(future, home.resolve("plugins").resolve(future.getFileName()));
        Run r = sheaf(Map.of(), "info");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("refused plugin future-plugin.jar") && r.out().contains("[1.0,2)")
                && r.out().contains("this Sheaf's api is 0.1.0"), r.out());
        assertTrue(r.out().contains("unavailable: built for backend SPI version 2, newer than this Sheaf's 1"),
                r.out());
        assertTrue(r.out().contains("Active backend: reference"), r.out());
    }

    @Test
    void trainRunsTheMnistPerceptronFromTheUnpackedFolder() throws Exception {
        Run r = sheaf(Map.of(), "train", "mnist-mlp", "--epochs", "1");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("training mnist-mlp for 1 epoch(s) on backend 'reference'"), r.out());
        assertTrue(r.out().contains(home.resolve("datasets/mnist-10k").toString()), r.out());
        double accuracy = Double.parseDouble(r.out().replaceAll("(?s).*Test accuracy: ([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.8, r.out());
    }

    @Test
    void exitCodesAndHelp() throws Exception {
        for (String cmd : new String[] {"info", "train", "osgi"}) {
            Run help = sheaf(Map.of(), cmd, "--help");
            assertEquals(0, help.code(), help.toString());
            assertTrue(help.out().contains("Usage: sheaf " + cmd), help.out());
        }
        assertEquals(0, sheaf(Map.of(), "--version").code());
        assertEquals(2, sheaf(Map.of(), "nosuch").code());
        assertEquals(2, sheaf(Map.of()).code());
        Run badExample = sheaf(Map.of(), "train", "nosuch");
        assertEquals(2, badExample.code(), badExample.toString());
        assertTrue(badExample.err().contains("Unknown example 'nosuch'"), badExample.err());
        Run failure = sheaf(Map.of(), "train", "mnist-mlp", "--backend", "nosuch");
        assertEquals(1, failure.code(), failure.toString());
        assertEquals(1, failure.err().strip().lines().count(), failure.err());
        assertTrue(failure.err().startsWith("sheaf train: Unknown Sheaf backend 'nosuch'"), failure.err());
    }

    @Test
    void theZipHoldsTheSameTreeUnderOneTopFolder() throws IOException {
        String top = "sheaf-" + System.getProperty("sheaf.version") + "/";
        try (ZipFile zip = new ZipFile(System.getProperty("sheaf.dist.zip"))) {
            List<String> names = zip.stream().map(e -> e.getName()).toList();
            for (String n : List.of("bin/sheaf", "conf/osgi.properties", "plugins/README.txt",
                    "lib/sheaf-api-" + System.getProperty("sheaf.version") + ".jar",
                    "bundles/org.apache.felix.scr-2.2.18.jar",
                    "extras/sheaf-backend-cpu-" + System.getProperty("sheaf.version") + ".jar")) {
                assertTrue(names.contains(top + n), top + n + " missing from the zip");
            }
            assertTrue(names.stream().allMatch(n -> n.startsWith(top)), "entries outside " + top);
        }
        assertTrue(Files.isExecutable(TestJars.dist().resolve("bin/sheaf")), "bin/sheaf is not executable");
    }

    private Run sheaf(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/sheaf").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("SHEAF_BACKEND");
        pb.environment().put("SHEAF_JAVA_OPTS", "-Xmx1g");
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("sheaf " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
