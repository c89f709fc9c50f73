package dev.sheaf.callbacks;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * A callback made of lambdas, as Keras's {@code LambdaCallback}: each hook left unset does nothing.
 *
 * <pre>{@code
 * Callback printer = LambdaCallback.builder()
 *         .onEpochEnd((epoch, logs) -> System.out.println(epoch + ": " + logs.get("loss")))
 *         .onTrainEnd(logs -> System.out.println("done"))
 *         .build();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LambdaCallback extends Callback {
    /** A hook of an epoch or a batch: its index (from 0) and the logs. */
    @FunctionalInterface
    public interface IndexedHook {
        /** Runs the hook. */
        void accept(int index, Map<String, Double> logs);
    }

    /** A hook of a whole phase (train, test, predict): the logs. */
    @FunctionalInterface
    public interface PhaseHook {
        /** Runs the hook. */
        void accept(Map<String, Double> logs);
    }

    private static final IndexedHook NO_INDEXED = (i, logs) -> { };
    private static final PhaseHook NO_PHASE = logs -> { };

    private final PhaseHook trainBegin;
    private final PhaseHook trainEnd;
    private final IndexedHook epochBegin;
    private final IndexedHook epochEnd;
    private final IndexedHook trainBatchBegin;
    private final IndexedHook trainBatchEnd;
    private final PhaseHook testBegin;
    private final PhaseHook testEnd;
    private final IndexedHook testBatchBegin;
    private final IndexedHook testBatchEnd;
    private final PhaseHook predictBegin;
    private final PhaseHook predictEnd;
    private final IndexedHook predictBatchBegin;
    private final IndexedHook predictBatchEnd;

    private LambdaCallback(Builder b) {
        trainBegin = b.trainBegin;
        trainEnd = b.trainEnd;
        epochBegin = b.epochBegin;
        epochEnd = b.epochEnd;
        trainBatchBegin = b.trainBatchBegin;
        trainBatchEnd = b.trainBatchEnd;
        testBegin = b.testBegin;
        testEnd = b.testEnd;
        testBatchBegin = b.testBatchBegin;
        testBatchEnd = b.testBatchEnd;
        predictBegin = b.predictBegin;
        predictEnd = b.predictEnd;
        predictBatchBegin = b.predictBatchBegin;
        predictBatchEnd = b.predictBatchEnd;
    }

    /** A builder with every hook unset. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        trainBegin.accept(logs);
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        trainEnd.accept(logs);
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        epochBegin.accept(epoch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochEnd.accept(epoch, logs);
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        trainBatchBegin.accept(batch, logs);
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        trainBatchEnd.accept(batch, logs);
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        testBegin.accept(logs);
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        testEnd.accept(logs);
    }

    @Override
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
        testBatchBegin.accept(batch, logs);
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        testBatchEnd.accept(batch, logs);
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        predictBegin.accept(logs);
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
        predictEnd.accept(logs);
    }

    @Override
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
        predictBatchBegin.accept(batch, logs);
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        predictBatchEnd.accept(batch, logs);
    }

    /** Collects the hooks; each setter replaces the hook of that name. */
    public static final class Builder {
        private PhaseHook trainBegin = NO_PHASE;
        private PhaseHook trainEnd = NO_PHASE;
        private IndexedHook epochBegin = NO_INDEXED;
        private IndexedHook epochEnd = NO_INDEXED;
        private IndexedHook trainBatchBegin = NO_INDEXED;
        private IndexedHook trainBatchEnd = NO_INDEXED;
        private PhaseHook testBegin = NO_PHASE;
        private PhaseHook testEnd = NO_PHASE;
        private IndexedHook testBatchBegin = NO_INDEXED;
        private IndexedHook testBatchEnd = NO_INDEXED;
        private PhaseHook predictBegin = NO_PHASE;
        private PhaseHook predictEnd = NO_PHASE;
        private IndexedHook predictBatchBegin = NO_INDEXED;
        private IndexedHook predictBatchEnd = NO_INDEXED;

        private Builder() {
        }

        private static <T> T require(T hook, String name) {
            if (hook == null) {
                throw new IllegalArgumentException("LambdaCallback." + name + ": the hook is null");
            }
            return hook;
        }

        /** Before the first epoch. */
        public Builder onTrainBegin(PhaseHook hook) {
            trainBegin = require(hook, "onTrainBegin");
            return this;
        }

        /** After the last epoch. */
        public Builder onTrainEnd(PhaseHook hook) {
            trainEnd = require(hook, "onTrainEnd");
            return this;
        }

        /** At the start of each epoch. */
        public Builder onEpochBegin(IndexedHook hook) {
            epochBegin = require(hook, "onEpochBegin");
            return this;
        }

        /** At the end of each epoch. */
        public Builder onEpochEnd(IndexedHook hook) {
            epochEnd = require(hook, "onEpochEnd");
            return this;
        }

        /** Before each training batch (Keras's {@code on_batch_begin}/{@code on_train_batch_begin}). */
        public Builder onTrainBatchBegin(IndexedHook hook) {
            trainBatchBegin = require(hook, "onTrainBatchBegin");
            return this;
        }

        /** After each training batch (Keras's {@code on_batch_end}/{@code on_train_batch_end}). */
        public Builder onTrainBatchEnd(IndexedHook hook) {
            trainBatchEnd = require(hook, "onTrainBatchEnd");
            return this;
        }

        /** Before evaluation. */
        public Builder onTestBegin(PhaseHook hook) {
            testBegin = require(hook, "onTestBegin");
            return this;
        }

        /** After evaluation. */
        public Builder onTestEnd(PhaseHook hook) {
            testEnd = require(hook, "onTestEnd");
            return this;
        }

        /** Before each evaluation batch. */
        public Builder onTestBatchBegin(IndexedHook hook) {
            testBatchBegin = require(hook, "onTestBatchBegin");
            return this;
        }

        /** After each evaluation batch. */
        public Builder onTestBatchEnd(IndexedHook hook) {
            testBatchEnd = require(hook, "onTestBatchEnd");
            return this;
        }

        /** Before prediction. */
        public Builder onPredictBegin(PhaseHook hook) {
            predictBegin = require(hook, "onPredictBegin");
            return this;
        }

        /** After prediction. */
        public Builder onPredictEnd(PhaseHook hook) {
            predictEnd = require(hook, "onPredictEnd");
            return this;
        }

        /** Before each prediction batch. */
        public Builder onPredictBatchBegin(IndexedHook hook) {
            predictBatchBegin = require(hook, "onPredictBatchBegin");
            return this;
        }

        /** After each prediction batch. */
        public Builder onPredictBatchEnd(IndexedHook hook) {
            predictBatchEnd = require(hook, "onPredictBatchEnd");
            return this;
        }

        /** The callback. */
        public LambdaCallback build() {
            return new LambdaCallback(this);
        }
    }
}
