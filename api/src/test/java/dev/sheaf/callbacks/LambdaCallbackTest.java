package dev.sheaf.callbacks;

import static dev.sheaf.callbacks.ScriptedModel.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaCallbackTest {
    @Test
    void eachHookRunsItsLambdaAndUnsetHooksDoNothing() {
        List<String> calls = new ArrayList<>();
        LambdaCallback cb = LambdaCallback.builder()
                .onTrainBegin(l -> calls.add("trainBegin"))
                .onEpochBegin((e, l) -> calls.add("epochBegin " + e))
                .onEpochEnd((e, l) -> calls.add("epochEnd " + e + " " + l.get("loss")))
                .onTrainBatchEnd((b, l) -> calls.add("batchEnd " + b))
                .onTestBatchBegin((b, l) -> calls.add("testBatchBegin " + b))
                .onPredictEnd(l -> calls.add("predictEnd"))
                .onTrainEnd(l -> calls.add("trainEnd"))
                .build();
        cb.onTrainBegin(logs());
        cb.onEpochBegin(0, logs());
        cb.onTrainBatchBegin(0, logs());
        cb.onTrainBatchEnd(0, logs());
        cb.onTestBegin(logs());
        cb.onTestBatchBegin(0, logs());
        cb.onEpochEnd(0, logs("loss", 0.5));
        cb.onPredictEnd(logs());
        cb.onTrainEnd(logs());
        assertEquals(List.of("trainBegin", "epochBegin 0", "batchEnd 0", "testBatchBegin 0", "epochEnd 0 0.5",
                "predictEnd", "trainEnd"), calls);
        assertThrows(IllegalArgumentException.class, () -> LambdaCallback.builder().onEpochEnd(null));
    }
}
