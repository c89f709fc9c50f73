package dev.sheaf.cli;

import dev.sheaf.Sheaf;
import dev.sheaf.callbacks.History;
import dev.sheaf.examples.DigitData;
import dev.sheaf.examples.FashionMnistSgd;
import dev.sheaf.examples.GeneratorTraining;
import dev.sheaf.examples.MnistData;
import dev.sheaf.examples.MnistMlp;
import dev.sheaf.examples.MnistMlpWithOps;
import dev.sheaf.examples.SubclassedModel;
import dev.sheaf.examples.TwoInputFunctional;
import dev.sheaf.spi.Registry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sheaf train <example>}: runs one of the seed programs on the chosen backend. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains one of the example models and prints its progress and results.",
                "Examples: mnist-mlp (Keras's MNIST perceptron, RMSprop), ops-mlp (the same written with Ops and "
                        + "GradientTape), two-input (functional model with two inputs), subclassed (a Model subclass, "
                        + "Adam), generator (batches from a generator), fashion-sgd (Fashion-MNIST, SGD with "
                        + "momentum)."})
public final class TrainCommand implements Callable<Integer> {

    /** The examples by the name users type. */
    enum Example {
        MNIST_MLP("mnist-mlp", "mnist-10k", 10, false),
        OPS_MLP("ops-mlp", "mnist-10k", 5, true),
        TWO_INPUT("two-input", "mnist-10k", 3, false),
        SUBCLASSED("subclassed", "mnist-10k", 3, false),
        GENERATOR("generator", "mnist-10k", 3, false),
        FASHION_SGD("fashion-sgd", "fashion-mnist", 5, false);

        final String cliName;
        final String dataset;
        final int defaultEpochs;
        final boolean takesBatchSize;

        Example(String cliName, String dataset, int defaultEpochs, boolean takesBatchSize) {
            this.cliName = cliName;
            this.dataset = dataset;
            this.defaultEpochs = defaultEpochs;
            this.takesBatchSize = takesBatchSize;
        }

        static Example named(String name, CommandLine cl) {
            for (Example e : values()) {
                if (e.cliName.equals(name)) {
                    return e;
                }
            }
            throw new CommandLine.ParameterException(cl, "Unknown example '" + name + "'; choose one of "
                    + String.join(", ", Arrays.stream(values()).map(e -> e.cliName).toList()));
        }
    }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE",
            description = "mnist-mlp, ops-mlp, two-input, subclassed, generator or fashion-sgd")
    private String example;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "The backend to train on (reference, cpu, ...); default: the available one with the "
                    + "highest priority, or SHEAF_BACKEND.")
    private String backend;

    @Option(names = "--epochs", paramLabel = "N", description = "Number of epochs (default: the example's own).")
    private Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Batch size, for the examples that take one (ops-mlp; the others use Keras's 32 or their "
                    + "own fixed batching).")
    private Integer batchSize;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder of the IDX files (default: datasets/<name> of the installation, else datasets/ or "
                    + "shared/datasets/ above the working folder).")
    private Path data;

    @Option(names = "--seed", paramLabel = "N", description = "Global random seed (default 1337).")
    private long seed = 1337;

    /** Needed by picocli. */
    public TrainCommand() {
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        Example ex = Example.named(example, cl);
        if (epochs != null && epochs < 1) {
            throw new CommandLine.ParameterException(cl, "--epochs must be at least 1, got " + epochs);
        }
        if (batchSize != null && !ex.takesBatchSize) {
            throw new CommandLine.ParameterException(cl, "--batch-size does not apply to " + ex.cliName
                    + ", whose batching is fixed; it applies to ops-mlp");
        }
        if (batchSize != null && batchSize < 1) {
            throw new CommandLine.ParameterException(cl, "--batch-size must be at least 1, got " + batchSize);
        }
        if (backend != null) {
            System.setProperty(Registry.BACKEND_PROPERTY, backend);
            Sheaf.setBackend(backend);
        }
        Path dir = dataFolder(ex);
        int n = epochs != null ? epochs : ex.defaultEpochs;
        Sheaf.setSeed(seed);
        out.printf("Sheaf %s: training %s for %d epoch(s) on backend '%s', data %s%n", Sheaf.version(), ex.cliName, n,
                Sheaf.backend().name(), dir);
        out.flush();
        switch (ex) {
            case MNIST_MLP -> {
                try (MnistData d = MnistData.load(dir)) {
                    score(out, MnistMlp.run(d, n, 1));
                }
            }
            case FASHION_SGD -> {
                try (MnistData d = MnistData.load(dir)) {
                    score(out, FashionMnistSgd.run(d, n, 1));
                }
            }
            case TWO_INPUT -> {
                try (MnistData d = MnistData.load(dir)) {
                    losses(out, TwoInputFunctional.train(d, n, 1));
                }
            }
            case SUBCLASSED -> {
                try (MnistData d = MnistData.load(dir)) {
                    losses(out, SubclassedModel.train(d, n, 1));
                }
            }
            case GENERATOR -> losses(out, GeneratorTraining.train(DigitData.read(dir, "train"), n, 1));
            case OPS_MLP -> {
                MnistMlpWithOps.Result r = MnistMlpWithOps.train(DigitData.read(dir, "train"),
                        DigitData.read(dir, "t10k"), n, batchSize != null ? batchSize : 64, 0.1f, System.out);
                System.out.flush();
                out.printf("Test accuracy: %.4f%n", r.testAccuracy());
            }
            default -> throw new IllegalStateException("unhandled example " + ex);
        }
        return 0;
    }

    private Path dataFolder(Example ex) throws IOException {
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--data " + data + " is not a folder");
            }
            return data;
        }
        Path home = SheafCli.home();
        if (home != null && Files.isDirectory(home.resolve("datasets").resolve(ex.dataset))) {
            return home.resolve("datasets").resolve(ex.dataset);
        }
        try {
            return DigitData.locate(ex.dataset);
        } catch (IOException e) {
            throw new IOException("no data for " + ex.cliName + ": folder '" + ex.dataset + "' not found in the "
                    + "installation's datasets/ nor in datasets/ or shared/datasets/ above " + Path.of("")
                    .toAbsolutePath() + "; give its IDX files with --data DIR", e);
        }
    }

    private static void score(PrintWriter out, Map<String, Double> score) {
        out.printf("Test loss: %.4f%nTest accuracy: %.4f%n", score.get("loss"), score.get("accuracy"));
    }

    private static void losses(PrintWriter out, History h) {
        out.println("Loss per epoch: " + h.history().get("loss"));
    }
}
