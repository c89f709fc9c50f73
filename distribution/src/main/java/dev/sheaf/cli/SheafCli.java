package dev.sheaf.cli;

import dev.sheaf.Sheaf;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sheaf} command line: {@code info}, {@code train} and {@code osgi}. Exit codes: 0 success, 2 a usage
 * error (unknown command or option, bad value), 1 a failure, reported as one line on standard error.
 */
@Command(name = "sheaf", mixinStandardHelpOptions = true, versionProvider = SheafCli.Version.class,
        description = "Sheaf, a Keras-style deep-learning framework for Java with pluggable backends.",
        subcommands = {InfoCommand.class, TrainCommand.class, OsgiCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure (one-line reason on stderr), 2 usage error."})
public final class SheafCli implements Callable<Integer> {
    /** The system property the launcher sets to the installation folder. */
    public static final String HOME_PROPERTY = "sheaf.home";

    @Spec
    private CommandSpec spec;

    /** Needed by picocli. */
    public SheafCli() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SheafCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("sheaf " + cmd.getCommandName() + ": " + oneLine(e));
            err.flush();
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a command: the usage, and the usage-error code. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("sheaf: name a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** The installation folder set by the launcher, or {@code null} when run from elsewhere. */
    static Path home() {
        String h = System.getProperty(HOME_PROPERTY);
        if (h == null || h.isBlank()) {
            return null;
        }
        Path p = Path.of(h).toAbsolutePath().normalize();
        return Files.isDirectory(p) ? p : null;
    }

    /** A throwable as one line: its message (or type), with the innermost distinct cause. */
    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg = msg + " (" + root.getMessage() + ")";
        }
        return msg.replace('\n', ' ');
    }

    /** The version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sheaf " + Sheaf.version()};
        }
    }
}
