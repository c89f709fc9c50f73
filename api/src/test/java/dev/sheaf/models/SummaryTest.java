package dev.sheaf.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.layers.Concatenate;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.Input;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.layers.Layer;
import dev.sheaf.layers.SymbolicTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected texts are what Keras 3 prints for the same models on an 80-column terminal. */
class SummaryTest {

    private static <L extends Layer> L named(L layer, String name) {
        layer.setName(name);
        return layer;
    }

    @Test
    void sequentialMatchesKeras() {
        Sequential model = new Sequential(List.of(new InputLayer(784), named(new Dense(64, "relu"), "hidden"),
                named(new Dense(10, "softmax"), "a_very_long_layer_name_for_wrapping")), "mlp");
        String expected = """
                Model: "mlp"
                ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
                ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
                ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
                │ hidden (Dense)                  │ (None, 64)             │        50,240 │
                ├─────────────────────────────────┼────────────────────────┼───────────────┤
                │ a_very_long_layer_name_for_wra… │ (None, 10)             │           650 │
                │ (Dense)                         │                        │               │
                └─────────────────────────────────┴────────────────────────┴───────────────┘
                 Total params: 50,890 (198.79 KB)
                 Trainable params: 50,890 (198.79 KB)
                 Non-trainable params: 0 (0.00 B)
                """;
        assertEquals(expected, new SummaryPrinter(model).render(80));
        assertEquals(expected, model.summaryString(76));
    }

    @Test
    void unbuiltSequentialShowsQuestionMarks() {
        Sequential model = new Sequential(List.of(named(new Dense(3), "d")), "lazy");
        String expected = """
                Model: "lazy"
                ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
                ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
                ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
                │ d (Dense)                       │ ?                      │   0 (unbuilt) │
                └─────────────────────────────────┴────────────────────────┴───────────────┘
                 Total params: 0 (0.00 B)
                 Trainable params: 0 (0.00 B)
                 Non-trainable params: 0 (0.00 B)
                """;
        assertEquals(expected, model.summaryString(76));
    }

    @Test
    void functionalWithTwoInputsShowsConnections() {
        SymbolicTensor a = Input.of("a", 3);
        SymbolicTensor b = Input.of("b", 5);
        SymbolicTensor cat = named(new Concatenate(), "cat").apply(named(new Dense(4), "da").apply(a),
                named(new Dense(4), "db").apply(b));
        Model model = Model.of(List.of(a, b), List.of(named(new Dense(1), "head").apply(cat)), "two_in");
        String expected = """
                Model: "two_in"
                ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
                ┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
                ┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
                │ a (InputLayer)      │ (None, 3)         │          0 │ -                 │
                ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
                │ b (InputLayer)      │ (None, 5)         │          0 │ -                 │
                ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
                │ da (Dense)          │ (None, 4)         │         16 │ a[0][0]           │
                ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
                │ db (Dense)          │ (None, 4)         │         24 │ b[0][0]           │
                ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
                │ cat (Concatenate)   │ (None, 8)         │          0 │ da[0][0],         │
                │                     │                   │            │ db[0][0]          │
                ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
                │ head (Dense)        │ (None, 1)         │          9 │ cat[0][0]         │
                └─────────────────────┴───────────────────┴────────────┴───────────────────┘
                 Total params: 49 (196.00 B)
                 Trainable params: 49 (196.00 B)
                 Non-trainable params: 0 (0.00 B)
                """;
        assertEquals(expected, new SummaryPrinter(model).render(80));
    }

    @Test
    void linearFunctionalChainHasNoConnectionsColumn() {
        SymbolicTensor in = Input.of("pixels", 28, 28);
        SymbolicTensor out = named(new Dense(10), "logits").apply(in);
        Model model = Model.of(in, out, "chain");
        String expected = """
                Model: "chain"
                ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
                ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
                ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
                │ pixels (InputLayer)             │ (None, 28, 28)         │             0 │
                ├─────────────────────────────────┼────────────────────────┼───────────────┤
                │ logits (Dense)                  │ (None, 28, 10)         │           290 │
                └─────────────────────────────────┴────────────────────────┴───────────────┘
                 Total params: 290 (1.13 KB)
                 Trainable params: 290 (1.13 KB)
                 Non-trainable params: 0 (0.00 B)
                """;
        assertEquals(expected, new SummaryPrinter(model).render(80));
    }

    @Test
    void kerasMnistMlpTotals() {
        Sequential model = new Sequential(List.of(new InputLayer(784), new Dense(128, "relu"), new Dense(10)));
        String text = model.summaryString(76);
        assertEquals(" Total params: 101,770 (397.54 KB)", text.lines().filter(l -> l.startsWith(" Total")).findFirst()
                .orElseThrow());
    }

    @Test
    void columnWidthsFollowRich() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {33, 24, 15},
                SummaryPrinter.columnWidths(new double[] {0.45, 0.80, 1.0}, 76));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {21, 19, 12, 19},
                SummaryPrinter.columnWidths(new double[] {0.3, 0.56, 0.74, 1.0}, 76));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {38, 29, 17},
                SummaryPrinter.columnWidths(new double[] {0.45, 0.80, 1.0}, 88));
    }
}
