package dev.sheaf.callbacks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Streams epoch results to a CSV file, as Keras's {@code CSVLogger}: one row per epoch, written and flushed at the
 * epoch's end, so a run that fails keeps every finished epoch.
 *
 * <pre>{@code
 * Callback csv = new CSVLogger(Path.of("training.log"));
 * // epoch,accuracy,loss,val_accuracy,val_loss
 * // 0,0.9120833277702332,0.31051236391067505,0.9520000219345093,0.16360558569431305
 * }</pre>
 *
 * <p>The columns are {@code epoch} and the keys of the first epoch's logs, sorted; when those hold no {@code val_}
 * key, a {@code val_} column is added for each key (as Keras does), and a value missing from an epoch's logs is
 * written {@code NA}. Numbers are written as Python writes them ({@code 0.001}, {@code 1e-05}, {@code nan}), and
 * rows end with {@code \r\n}, the line end of Python's csv module, so files match those Keras writes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class CSVLogger extends Callback {
    private final Path file;
    private String separator = ",";
    private boolean append;

    private Writer writer;
    private List<String> keys;
    private boolean writeHeader;

    /**
     * @param file the CSV file; created, or replaced unless {@link #setAppend appending}
     * @throws IllegalArgumentException if {@code file} is null
     */
    public CSVLogger(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("CSVLogger: the file is null");
        }
        this.file = file;
    }

    /** {@link #CSVLogger(Path)} for a file name. */
    public CSVLogger(String filename) {
        this(filename == null ? null : Path.of(filename));
    }

    /** The field separator; default {@code ","}. */
    public CSVLogger setSeparator(String separator) {
        if (separator == null || separator.isEmpty() || separator.contains("\"") || separator.contains("\n")
                || separator.contains("\r")) {
            throw new IllegalArgumentException("CSVLogger: the separator must be a non-empty string without quotes "
                    + "or line breaks, got " + (separator == null ? "null" : "'" + separator + "'"));
        }
        this.separator = separator;
        return this;
    }

    /** Append to an existing file (continuing training) instead of replacing it; default false. */
    public CSVLogger setAppend(boolean append) {
        this.append = append;
        return this;
    }

    /** The CSV file. */
    public Path file() {
        return file;
    }

    /**
     * Opens the file.
     *
     * @throws UncheckedIOException naming the file when it cannot be opened
     */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        closeWriter();
        try {
            writeHeader = true;
            if (append && Files.exists(file)) {
                try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String first = r.readLine();
                    writeHeader = first == null || first.isEmpty();
                }
            }
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file.toAbsolutePath() + " for writing: " + e, e);
        }
        keys = null;
    }

    /**
     * Writes the epoch's row (and, the first time, the header) and flushes it.
     *
     * @throws IllegalStateException if training has not begun
     * @throws UncheckedIOException  naming the file when writing fails
     */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (writer == null) {
            throw new IllegalStateException("CSVLogger: onEpochEnd before onTrainBegin; the file " + file
                    + " is not open");
        }
        Map<String, Double> l = logs == null ? Map.of() : logs;
        StringBuilder sb = new StringBuilder();
        if (keys == null) {
            keys = new ArrayList<>(l.keySet());
            keys.sort(null);
            if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
                List<String> val = new ArrayList<>();
                for (String k : keys) {
                    val.add("val_" + k);
                }
                keys.addAll(val);
            }
            if (writeHeader) {
                sb.append("epoch");
                for (String k : keys) {
                    sb.append(separator).append(quote(k));
                }
                sb.append("\r\n");
            }
        }
        sb.append(epoch);
        for (String k : keys) {
            Double v = l.get(k);
            sb.append(separator).append(v == null ? "NA" : pythonRepr(v));
        }
        sb.append("\r\n");
        try {
            writer.write(sb.toString());
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write to " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        closeWriter();
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger: cannot close " + file.toAbsolutePath() + ": " + e, e);
            } finally {
                writer = null;
            }
        }
    }

    /** Python csv's minimal quoting: a field holding the separator, a quote or a line break is quoted. */
    private String quote(String field) {
        if (field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    /**
     * Python's {@code repr(float)}: the shortest decimal that reads back as the same double, in positional notation
     * for exponents -4 to 15 ({@code 0.0001}, {@code 2.0}) and scientific otherwise ({@code 1e-05}, {@code 1e+16}).
     */
    static String pythonRepr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - shortest.scale();
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
        if (exp >= -4 && exp < 16) {
            if (exp >= 0) {
                if (digits.length() <= exp + 1) {
                    sb.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
                } else {
                    sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
                }
            } else {
                sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            sb.append(a < 10 ? "0" : "").append(a);
        }
        return sb.toString();
    }
}
