package dev.sheaf.callbacks;

import dev.sheaf.models.Model;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Hooks into {@code fit}, {@code evaluate} and {@code predict}, as {@code keras.callbacks.Callback}. Every method
 * does nothing by default. {@code logs} maps metric names ({@code "loss"}, {@code "accuracy"},
 * {@code "val_loss"}…) to their current values; callbacks may read it, and may add entries in epoch-end hooks.
 * Epochs and batches count from 0.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class Callback {
    private Model model;

    /** The model being trained; set by the training loop before {@link #onTrainBegin}. */
    public Model model() {
        return model;
    }

    /** Called by the training loop. */
    public void setModel(Model model) {
        this.model = model;
    }

    /** The training parameters ({@code epochs}, {@code steps}, {@code verbose}), set before training begins. */
    public void setParams(Map<String, Object> params) {
    }

    /** Before the first epoch. */
    public void onTrainBegin(Map<String, Double> logs) {
    }

    /** After the last epoch (also when training stopped early). */
    public void onTrainEnd(Map<String, Double> logs) {
    }

    /** At the start of an epoch. */
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    /** At the end of an epoch; logs hold the epoch's training and validation results. */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** Before a training batch. */
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** After a training batch; logs hold the running results of the epoch. */
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    }

    /** Before evaluation (also the validation pass of fit). */
    public void onTestBegin(Map<String, Double> logs) {
    }

    /** After evaluation. */
    public void onTestEnd(Map<String, Double> logs) {
    }

    /** Before an evaluation batch. */
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** After an evaluation batch. */
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    }

    /** Before prediction. */
    public void onPredictBegin(Map<String, Double> logs) {
    }

    /** After prediction. */
    public void onPredictEnd(Map<String, Double> logs) {
    }

    /** Before a prediction batch. */
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** After a prediction batch. */
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    }
}
