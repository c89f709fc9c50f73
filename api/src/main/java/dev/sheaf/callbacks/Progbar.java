package dev.sheaf.callbacks;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The progress bar of Keras 3's {@code keras.utils.Progbar}, for {@link ProgbarLogger}: the same line, averaging,
 * step-time estimate and number formats. On a terminal the line is redrawn in place with {@code \r} and ANSI styling
 * (green for the done part of the bar, as Keras); elsewhere (a log file, a pipe) only the final line of each pass is
 * printed, without escape codes, so logs stay readable.
 */
final class Progbar {
    private static final int WIDTH = 20;
    private static final double INTERVAL_S = 0.05;

    private long target;
    private final int verbose;
    private final boolean dynamic;
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private long seenSoFar;
    private final long start;
    private double lastUpdate;
    private Long timeAfterFirstStep;
    private int prevTotalWidth;

    /** @param target the number of steps, or -1 when unknown */
    Progbar(long target, int verbose, boolean dynamic, PrintStream out, LongSupplier nanoClock) {
        this.target = target;
        this.verbose = verbose;
        this.dynamic = dynamic;
        this.out = out;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    void setTarget(long target) {
        this.target = target;
    }

    /**
     * Shows progress at step {@code current} (1-based). Values are averaged over steps, as Keras's "stateless"
     * metrics, except on the final update, which shows them as given.
     */
    void update(long current, Map<String, Double> logs, boolean finalize) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (finalize) {
                values.put(e.getKey(), new double[] {v, 1});
            } else {
                long base = Math.max(current - seenSoFar, 1);
                double[] acc = values.get(e.getKey());
                if (acc == null) {
                    values.put(e.getKey(), new double[] {v * base, base});
                } else {
                    acc[0] += v * base;
                    acc[1] += base;
                }
            }
        }
        seenSoFar = current;
        long nowNanos = nanoClock.getAsLong();
        double now = seconds(nowNanos);
        double timePerUnit = estimateStepDuration(current, nowNanos);
        double elapsed = seconds(nowNanos - start);

        if (verbose == 1) {
            if (!finalize && (!dynamic || now - lastUpdate < INTERVAL_S)) {
                // Off a terminal each pass prints one line; on one, redraws are throttled as in Keras.
                return;
            }
            StringBuilder plain = new StringBuilder();
            StringBuilder styled = new StringBuilder();
            if (target > 0) {
                int digits = (int) Math.log10(target) + 1;
                String count = String.format(Locale.ROOT, "%" + digits + "d/%d", current, target);
                int done = (int) (WIDTH * ((double) current / target));
                done = Math.max(0, Math.min(WIDTH, done));
                plain.append(count).append(' ').append("━".repeat(done)).append("━".repeat(WIDTH - done));
                styled.append("\u001b[1m").append(count).append("\u001b[0m ");
                if (done > 0) {
                    styled.append("\u001b[32m").append("━".repeat(done)).append("\u001b[0m");
                }
                styled.append("\u001b[37m").append("━".repeat(WIDTH - done)).append("\u001b[0m");
            } else {
                String count = String.format(Locale.ROOT, "%7d/Unknown", current);
                plain.append(count);
                styled.append(count);
            }
            String time;
            if (target > 0 && !finalize) {
                double eta = timePerUnit * (target - current);
                if (eta > 3600) {
                    time = String.format(Locale.ROOT, "%d:%02d:%02d", (long) (eta / 3600), (long) (eta % 3600) / 60,
                            (long) (eta % 60));
                } else if (eta > 60) {
                    time = String.format(Locale.ROOT, "%d:%02d", (long) (eta / 60), (long) (eta % 60));
                } else {
                    time = (long) eta + "s";
                }
            } else {
                time = fixed(elapsed, 0) + "s";
            }
            String info = formatTime(timePerUnit) + metrics(false);
            plain.append(' ').append(time).append(info);
            styled.append(" \u001b[1m").append(time).append("\u001b[0m").append(info);
            int totalWidth = plain.codePointCount(0, plain.length());
            StringBuilder message = new StringBuilder();
            if (dynamic) {
                message.append('\r').append(styled);
                if (prevTotalWidth > totalWidth) {
                    message.append(" ".repeat(prevTotalWidth - totalWidth));
                }
            } else {
                message.append(plain);
            }
            if (finalize) {
                message.append('\n');
            }
            out.print(message);
            out.flush();
            prevTotalWidth = totalWidth;
        } else if (verbose == 2) {
            if (finalize && target > 0) {
                int digits = (int) Math.log10(target) + 1;
                String count = String.format(Locale.ROOT, "%" + digits + "d/%d", current, target);
                out.print(count + " - " + fixed(elapsed, 0) + "s -" + formatTime(timePerUnit) + metrics(true) + "\n");
                out.flush();
            }
        }
        lastUpdate = now;
    }

    private String metrics(boolean verbose2) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double avg = e.getValue()[0] / Math.max(1, e.getValue()[1]);
            // Keras compares abs(avg) on the bar line but avg itself on the verbose-2 line.
            boolean plainDecimal = verbose2 ? avg > 1e-3 : Math.abs(avg) > 1e-3;
            sb.append(" - ").append(e.getKey()).append(": ").append(plainDecimal ? fixed(avg, 4) : scientific(avg));
        }
        return sb.toString();
    }

    private static String formatTime(double timePerUnit) {
        if (timePerUnit >= 1 || timePerUnit == 0) {
            return " " + fixed(timePerUnit, 0) + "s/step";
        } else if (timePerUnit >= 1e-3) {
            return " " + fixed(timePerUnit * 1000.0, 0) + "ms/step";
        }
        return " " + fixed(timePerUnit * 1_000_000.0, 0) + "us/step";
    }

    private double estimateStepDuration(long current, long nowNanos) {
        if (current == 0) {
            return 0;
        }
        double perUnit;
        // As Keras: the first step (compilation, warm-up) is left out of the estimate once there are more.
        if (timeAfterFirstStep != null && current > 1) {
            perUnit = seconds(nowNanos - timeAfterFirstStep) / (current - 1);
        } else {
            perUnit = seconds(nowNanos - start) / current;
        }
        if (current == 1) {
            timeAfterFirstStep = nowNanos;
        }
        return perUnit;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Python's {@code f"{v:.Nf}"}: the exact binary value rounded half-even, and nan/inf spelled as Python does. */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return python(v);
        }
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's {@code f"{v:.4e}"}. */
    static String scientific(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return python(v);
        }
        return String.format(Locale.ROOT, "%.4e", v);
    }

    private static String python(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
