package dev.sheaf.cli;

import dev.sheaf.cli.osgi.OsgiRuntime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sheaf osgi}: runs Sheaf inside an embedded Apache Felix with Declarative Services and FileInstall watching the
 * plugins folder, printing a line per plugin bundle arriving or leaving and the active backend after each change,
 * until Ctrl-C.
 */
@Command(name = "osgi", mixinStandardHelpOptions = true,
        description = {"Starts the OSGi runtime (Apache Felix, Declarative Services, FileInstall) with Sheaf's bundles "
                + "and watches the plugins folder: drop a plugin jar in to install it, delete it to uninstall it, "
                + "without a restart. Prints a line per plugin arriving or leaving and the active backend after each "
                + "change. Runs until Ctrl-C."})
public final class OsgiCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--plugins", paramLabel = "DIR", description = "The watched folder (default: plugins/ of the "
            + "installation).")
    private Path plugins;

    @Option(names = "--bundles", paramLabel = "DIR", description = "The bundles started first (default: bundles/ of "
            + "the installation).")
    private Path bundles;

    @Option(names = "--conf", paramLabel = "FILE", description = "Framework properties (default: conf/osgi.properties "
            + "of the installation).")
    private Path conf;

    /** Needed by picocli. */
    public OsgiCommand() {
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        Path home = SheafCli.home();
        if (home == null && (bundles == null || plugins == null)) {
            throw new CommandLine.ParameterException(cl, "Not started from an installation (no -Dsheaf.home): give "
                    + "--bundles and --plugins");
        }
        Path b = bundles != null ? bundles : home.resolve("bundles");
        Path p = plugins != null ? plugins : home.resolve("plugins");
        Path c = conf != null ? conf : home == null ? null : home.resolve("conf/osgi.properties");
        if (conf != null && !Files.isRegularFile(conf)) {
            throw new CommandLine.ParameterException(cl, "--conf " + conf + " is not a file");
        }
        Map<String, String> props = OsgiRuntime.readProperties(c);
        out.println("Starting the Sheaf OSGi runtime; watching " + p.toAbsolutePath() + " (Ctrl-C to stop)");
        out.flush();
        try (OsgiRuntime rt = OsgiRuntime.start(b, p, props, line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        })) {
            // Ctrl-C: stop the framework cleanly (bundles stopped, temporary storage removed).
            Runtime.getRuntime().addShutdownHook(new Thread(rt::close, "sheaf-osgi-shutdown"));
            rt.framework().waitForStop(0);
        }
        return 0;
    }
}
