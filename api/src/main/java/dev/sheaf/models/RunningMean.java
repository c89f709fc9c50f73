package dev.sheaf.models;

/** A host-side weighted mean, as Keras's loss tracker: each batch's loss weighted by its number of samples. */
final class RunningMean {
    private double total;
    private double count;

    void add(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    double result() {
        return count == 0 ? 0 : total / count;
    }

    void reset() {
        total = 0;
        count = 0;
    }
}
