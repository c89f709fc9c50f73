package dev.sheaf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

/** The command line in-process: exit codes, usage errors, and the version check shared by both modes. */
class CliTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SheafCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void usageErrorsExitWithTwoAndHelpWithZero() {
        assertEquals(2, run().code());
        assertEquals(2, run("nosuch").code());
        assertEquals(2, run("train").code());
        Result batch = run("train", "mnist-mlp", "--batch-size", "8");
        assertEquals(2, batch.code());
        assertTrue(batch.err().contains("--batch-size does not apply to mnist-mlp"), batch.err());
        assertEquals(2, run("train", "ops-mlp", "--epochs", "0").code());
        assertEquals(2, run("train", "mnist-mlp", "--data", "/no/such/folder").code());
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("info") && help.out().contains("train") && help.out().contains("osgi"));
        assertEquals(0, run("train", "--help").code());
    }

    @Test
    void infoListsTheReferenceBackendAndTheDefaultPlugins() {
        Result r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("backend    reference"), r.out());
        assertTrue(r.out().contains("sheaf-optimizers-plugin"), r.out());
        assertTrue(r.out().contains("Active backend: "), r.out());
    }

    @Test
    void aFailureIsOneLineWithExitCodeOne() {
        Result r = run("train", "mnist-mlp", "--backend", "nosuch", "--epochs", "1");
        try {
            assertEquals(1, r.code(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("sheaf train: Unknown Sheaf backend 'nosuch'"), r.err());
        } finally {
            System.clearProperty("sheaf.backend");
        }
    }

    @Test
    void importRangesAreCheckedAgainstTheApiExports() {
        Map<String, Version> api = ApiCompatibility.exports(
                "dev.sheaf;version=\"0.1.0\",dev.sheaf.spi;version=\"0.1.0\";uses:=\"dev.sheaf.tensor\"");
        assertNull(ApiCompatibility.problem("ok", "dev.sheaf.spi;version=\"[0.1,1)\",java.util", api, "0.1.0"));
        assertNull(ApiCompatibility.problem("optional", "dev.sheaf.spi;version=\"[1.0,2)\";resolution:=optional",
                api, "0.1.0"));
        String p = ApiCompatibility.problem("future 1.0.0", "org.x,dev.sheaf.spi;version=\"[1.0,2)\"", api, "0.1.0");
        assertEquals("refused plugin future 1.0.0: it was built for another Sheaf api version, it needs dev.sheaf.spi "
                + "[1.0,2) (this api has 0.1.0), but this Sheaf's api is 0.1.0", p);
        assertTrue(ApiCompatibility.problem("x", "dev.sheaf.gone;version=\"[0.1,1)\"", api, "0.1.0")
                .contains("not exported by this api"));
    }
}
