package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Hand-run timing of the core engine: epochs of a 784-128-10 perceptron with batch 128 over the 60,000 Fashion-MNIST
 * training images (Ops + GradientTape + SGD), on the active backend. Not run by the tests.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.sheaf.examples.MlpEpochTiming
 * [-Dexec.args=/path/to/fashion-mnist]}.
 */
public final class MlpEpochTiming {
    private MlpEpochTiming() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DigitData.locate("fashion-mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        DigitData train = DigitData.read(dir, "train");
        DigitData test = DigitData.read(dir, "t10k");
        Sheaf.setSeed(7);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        MnistMlpWithOps.train(train, test, 1, 128, 0.1f, quiet); // warm-up: JIT and thread pools
        for (int i = 1; i <= epochs; i++) {
            MnistMlpWithOps.Result r = MnistMlpWithOps.train(train, test, 1, 128, 0.1f, quiet);
            System.out.printf("backend %s: epoch of %d samples (batch 128) in %.2f s = %.0f samples/s, "
                            + "test accuracy %.4f%n", Sheaf.backend().name(), train.count(), r.secondsPerEpoch(),
                    train.count() / r.secondsPerEpoch(), r.testAccuracy());
        }
    }
}
