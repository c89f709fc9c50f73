package dev.sheaf.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ScheduleConfigTest {

    /** One of each, with every optional setting away from its default. */
    static List<LearningRateSchedule> schedules() {
        return List.of(
                new ExponentialDecay(0.1, 7, 0.9).setStaircase(true).setName("exp"),
                new PiecewiseConstantDecay(new long[] {3, 8}, new double[] {0.3, 0.2, 0.1}).setName("pw"),
                new PolynomialDecay(0.1, 9).setEndLearningRate(0.02).setPower(0.5).setCycle(true).setName("poly"),
                new InverseTimeDecay(0.1, 2.5, 0.3).setStaircase(true).setName("inv"),
                new CosineDecay(0.01, 20).setAlpha(0.05).setWarmup(0.1, 4).setName("cos"),
                new CosineDecayRestarts(0.1, 6).setTMul(1.5).setMMul(0.8).setAlpha(0.02).setName("sgdr"));
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void roundTripsThroughItsSerializedConfig(LearningRateSchedule schedule) {
        Map<String, Object> serialized = Schedules.serialize(schedule);
        assertEquals(schedule.getClass().getSimpleName(), serialized.get("class_name"));
        LearningRateSchedule copy = Schedules.deserialize(serialized);
        assertInstanceOf(schedule.getClass(), copy);
        assertEquals(schedule.getConfig(), copy.getConfig());
        for (long step = 0; step < 60; step += 3) {
            assertEquals(schedule.at(step), copy.at(step), 0.0, "step " + step);
        }
    }

    @Test
    void readsJsonStyleNumbersAndFillsDefaults() {
        // A JSON reader gives integers for whole numbers and leaves optional entries out.
        ExponentialDecay e = ExponentialDecay.fromConfig(
                Map.of("initial_learning_rate", 1, "decay_steps", 10, "decay_rate", 0.5));
        assertEquals(0.5, e.at(10), 1e-15);
        assertEquals("ExponentialDecay", e.getConfig().get("name"));
        PiecewiseConstantDecay p = PiecewiseConstantDecay.fromConfig(
                Map.of("boundaries", List.of(5, 10), "values", List.of(1, 0.5, 0.25)));
        assertEquals(0.5, p.at(6));
        CosineDecay c = CosineDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_steps", 10));
        assertEquals(null, c.getConfig().get("warmup_target"));
        assertEquals(0.05, c.at(5), 1e-15);
    }

    @Test
    void badConfigsAreClearErrors() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_rate", 0.5)));
        assertTrue(missing.getMessage().contains("decay_steps"), missing.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> PolynomialDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_steps", 2.5)));
        assertTrue(fraction.getMessage().contains("whole number"), fraction.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Schedules.deserialize(Map.of("class_name", "OneCycle", "config", Map.of())));
        assertTrue(unknown.getMessage().contains("OneCycle") && unknown.getMessage().contains("CosineDecay"),
                unknown.getMessage());
    }
}
