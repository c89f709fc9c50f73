package dev.sheaf.callbacks;

import static dev.sheaf.callbacks.ScriptedModel.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CSVLoggerTest {
    @TempDir
    Path dir;

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void writesSortedColumnsAndFlushesEachRow() throws IOException {
        Path file = dir.resolve("log.csv");
        CSVLogger csv = new CSVLogger(file);
        csv.onTrainBegin(logs());
        Map<String, Double> e0 = new LinkedHashMap<>();
        e0.put("val_loss", 0.25);
        e0.put("loss", 0.5);
        e0.put("val_accuracy", 1e-5);
        e0.put("accuracy", 0.75);
        csv.onEpochEnd(0, e0);
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss\r\n0,0.75,0.5,1e-05,0.25\r\n", read(file),
                "the row is on disk before training ends");
        csv.onEpochEnd(1, logs("loss", 0.125, "accuracy", 2.0, "val_loss", Double.NaN));
        csv.onTrainEnd(logs());
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss\r\n0,0.75,0.5,1e-05,0.25\r\n"
                + "1,2.0,0.125,NA,nan\r\n", read(file));
    }

    @Test
    void withoutValidationKerasAddsValColumnsWrittenNA() throws IOException {
        Path file = dir.resolve("log.csv");
        CSVLogger csv = new CSVLogger(file.toString()).setSeparator(";");
        csv.onTrainBegin(logs());
        csv.onEpochEnd(0, logs("loss", 0.1, "learning_rate", (double) 0.01f));
        csv.onTrainEnd(logs());
        assertEquals("epoch;learning_rate;loss;val_learning_rate;val_loss\r\n"
                + "0;0.009999999776482582;0.1;NA;NA\r\n", read(file));
    }

    @Test
    void appendContinuesAFileWithoutASecondHeader() throws IOException {
        Path file = dir.resolve("log.csv");
        CSVLogger first = new CSVLogger(file);
        first.onTrainBegin(logs());
        first.onEpochEnd(0, logs("loss", 1.0, "val_loss", 2.0));
        first.onTrainEnd(logs());
        CSVLogger more = new CSVLogger(file).setAppend(true);
        more.onTrainBegin(logs());
        more.onEpochEnd(1, logs("loss", 0.5, "val_loss", 1.5));
        more.onTrainEnd(logs());
        assertEquals("epoch,loss,val_loss\r\n0,1.0,2.0\r\n1,0.5,1.5\r\n", read(file));
        CSVLogger replace = new CSVLogger(file);
        replace.onTrainBegin(logs());
        replace.onEpochEnd(0, logs("loss", 3.0, "val_loss", 4.0));
        replace.onTrainEnd(logs());
        assertEquals("epoch,loss,val_loss\r\n0,3.0,4.0\r\n", read(file));
    }

    @Test
    void anUnwritableFileIsAClearError() {
        CSVLogger csv = new CSVLogger(dir.resolve("missing-folder").resolve("log.csv"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> csv.onTrainBegin(logs()));
        assertTrue(e.getMessage().contains("missing-folder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CSVLogger(dir.resolve("x")).setSeparator(""));
    }

    @Test
    void numbersAreWrittenAsPythonWritesThem() {
        assertEquals("0.1", CSVLogger.pythonRepr(0.1));
        assertEquals("2.0", CSVLogger.pythonRepr(2.0));
        assertEquals("-1.5", CSVLogger.pythonRepr(-1.5));
        assertEquals("0.0001", CSVLogger.pythonRepr(1e-4));
        assertEquals("1e-05", CSVLogger.pythonRepr(1e-5));
        assertEquals("1.5e-07", CSVLogger.pythonRepr(1.5e-7));
        assertEquals("1234567890123456.0", CSVLogger.pythonRepr(1234567890123456.0));
        assertEquals("1e+16", CSVLogger.pythonRepr(1e16));
        assertEquals("1.2345678901234568e+17", CSVLogger.pythonRepr(123456789012345678.0));
        assertEquals("0.31051236391067505", CSVLogger.pythonRepr(0.31051236391067505));
        assertEquals("0.0", CSVLogger.pythonRepr(0.0));
        assertEquals("-inf", CSVLogger.pythonRepr(Double.NEGATIVE_INFINITY));
        assertEquals("5e-324", CSVLogger.pythonRepr(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", CSVLogger.pythonRepr(Double.MAX_VALUE));
    }
}
