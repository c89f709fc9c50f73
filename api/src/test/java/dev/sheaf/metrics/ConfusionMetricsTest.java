package dev.sheaf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Precision, recall and AUC against hand-computed counts. */
class ConfusionMetricsTest {
    private static Tensor f(float... d) {
        return Ops.constant(d);
    }

    @Test
    void precisionAndRecall() {
        // Labels 0 1 1 1, predictions 1 0 1 1 (> 0.5): tp 2, fp 1, fn 1.
        Precision p = new Precision();
        p.updateState(f(0, 1, 1, 1), f(1, 0, 1, 1), null);
        assertEquals(2.0 / 3, p.result(), 1e-12);
        p.resetState();
        p.updateState(f(0, 1, 1, 1), f(1, 0, 1, 1), f(0, 0, 1, 0));
        assertEquals(1.0, p.result(), 1e-12);
        Recall r = new Recall();
        r.updateState(f(0, 1, 1, 1), f(1, 0, 1, 1), null);
        assertEquals(2.0 / 3, r.result(), 1e-12);
        r.resetState();
        r.updateState(f(0, 1, 1, 1), f(1, 0, 1, 1), f(0, 0, 1, 0));
        assertEquals(1.0, r.result(), 1e-12);
        // Nothing predicted positive: 0 rather than NaN.
        Precision none = new Precision();
        none.updateState(f(1, 1), f(0.1f, 0.2f), null);
        assertEquals(0.0, none.result(), 0.0);
    }

    @Test
    void precisionTopKAndClassId() {
        // Top 2 of four equal scores keeps the first two, whose labels are 0: precision 0; top 4 keeps all: 0.5.
        Precision top2 = new Precision().setTopK(2);
        top2.updateState(f(0, 0, 1, 1), f(1, 1, 1, 1), null);
        assertEquals(0.0, top2.result(), 0.0);
        Precision top4 = new Precision().setTopK(4);
        top4.updateState(f(0, 0, 1, 1), f(1, 1, 1, 1), null);
        assertEquals(0.5, top4.result(), 1e-12);
        // Class 1 only: predictions 0.8 (label 1) and 0.3 (label 0) -> tp 1, fp 0.
        Precision class1 = new Precision().setClassId(1);
        class1.updateState(Ops.constant(new float[] {0, 1, 1, 0}, 2, 2), Ops.constant(new float[] {0.2f, 0.8f, 0.7f, 0.3f}, 2, 2),
                null);
        assertEquals(1.0, class1.result(), 0.0);
        Recall recall0 = new Recall().setClassId(0);
        recall0.updateState(Ops.constant(new float[] {1, 0, 1, 0}, 2, 2), Ops.constant(new float[] {0.2f, 0.8f, 0.7f, 0.3f}, 2, 2),
                null);
        assertEquals(0.5, recall0.result(), 0.0);
    }

    @Test
    void aucWithThreeThresholdsMatchesTheKerasDocstring() {
        // Thresholds [-1e-7, 0.5, 1 + 1e-7]: tp [2, 1, 0], fp [2, 0, 0] -> ROC points (1,1), (0,0.5), (0,0):
        // trapezoids (1 - 0) * (1 + 0.5) / 2 + 0 = 0.75.
        AUC auc = new AUC().setNumThresholds(3);
        auc.updateState(f(0, 0, 1, 1), f(0, 0.5f, 0.3f, 0.9f), null);
        assertEquals(0.75, auc.result(), 1e-12);
        auc.resetState();
        auc.updateState(f(0, 0, 1, 1), f(0, 0.5f, 0.3f, 0.9f), f(1, 0, 0, 1));
        assertEquals(1.0, auc.result(), 1e-12);
    }

    /*
     * Hand computation with the default 200 thresholds t_i = i / 199 (t_0 = -1e-7, t_199 = 1 + 1e-7).
     * Labels 0 0 1 1, predictions 0.1 0.4 0.35 0.8. A prediction p counts at threshold i when p > t_i, i.e. for
     * i <= ceil(199 p) - 1: 0.1 -> i <= 19, 0.4 -> i <= 79, 0.35 -> i <= 69, 0.8 -> i <= 159. So
     *   i in [0, 19]:    tp 2, fp 2      i in [20, 69]:  tp 2, fp 1      i in [70, 79]: tp 1, fp 1
     *   i in [80, 159]:  tp 1, fp 0      i in [160, 199]: tp 0, fp 0
     * ROC (fpr, tpr): (1,1) -> (0.5,1) -> (0.5,0.5) -> (0,0.5) -> (0,0). Each step moves one coordinate only, so
     * the trapezoids sum to the exact 0.5 * 1 + 0.5 * 0.5 = 0.75, and minoring/majoring agree.
     * PR with interpolation: only steps where tp falls contribute slope * (dtp + intercept * ln(P_A / P_B)) / 2:
     *   69 -> 70: dtp 1, P 3 -> 2, slope 1, intercept 1 - 2 = -1: (1 - ln 1.5) / 2
     *   159 -> 160: dtp 1, P 1 -> 0, slope 1, intercept 0, ratio taken as 1: 1 / 2
     * total 0.5 + (1 - ln 1.5) / 2 = 0.797267.
     */
    @Test
    void aucWithDefaultThresholdsMatchesTheHandComputation() {
        Tensor labels = f(0, 0, 1, 1);
        Tensor scores = f(0.1f, 0.4f, 0.35f, 0.8f);
        AUC roc = new AUC();
        roc.updateState(labels, scores, null);
        assertEquals(200, roc.numThresholds());
        assertEquals(0.75, roc.result(), 1e-12);
        AUC minoring = new AUC().setSummationMethod(AUC.SummationMethod.MINORING);
        minoring.updateState(labels, scores, null);
        assertEquals(0.75, minoring.result(), 1e-12);
        AUC pr = new AUC().setCurve(AUC.Curve.PR);
        pr.updateState(labels, scores, null);
        assertEquals(0.5 + (1 - Math.log(1.5)) / 2, pr.result(), 1e-12);
        // The same scores as logits give the same curve.
        AUC logits = new AUC().setFromLogits(true);
        logits.updateState(labels, f(logit(0.1), logit(0.4), logit(0.35), logit(0.8)), null);
        assertEquals(0.75, logits.result(), 1e-12);
    }

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }

    @Test
    void aucSummationMethodsOnATie() {
        // Both predictions 0.5 fall in one bucket: the ROC jumps from (1,1) to (0,0) in one step. Interpolation takes
        // the mid height 0.5, minoring the lower 0, majoring the upper 1.
        Tensor labels = f(0, 1);
        Tensor scores = f(0.5f, 0.5f);
        AUC interp = new AUC();
        interp.updateState(labels, scores, null);
        assertEquals(0.5, interp.result(), 1e-12);
        AUC min = new AUC().setSummationMethod(AUC.SummationMethod.MINORING);
        min.updateState(labels, scores, null);
        assertEquals(0.0, min.result(), 1e-12);
        AUC max = new AUC().setSummationMethod(AUC.SummationMethod.MAJORING);
        max.updateState(labels, scores, null);
        assertEquals(1.0, max.result(), 1e-12);
    }

    @Test
    void aucEndPointsCatchPredictionsOfExactlyZeroAndOne() {
        // 0 exceeds only t_0 = -1e-7; 1 exceeds every threshold but 1 + 1e-7: a perfect separation.
        AUC auc = new AUC();
        auc.updateState(f(0, 1), f(0, 1), null);
        assertEquals(1.0, auc.result(), 1e-12);
        assertEquals(-1e-7, auc.thresholds()[0], 0.0);
        assertEquals(1 + 1e-7, auc.thresholds()[199], 0.0);
    }

    @Test
    void aucWithUnevenThresholdsComparesDirectly() {
        // Thresholds [-1e-7, 0.2, 0.3, 1 + 1e-7]: tp [2, 2, 1, 0], fp [2, 1, 1, 0] for the scores above:
        // fpr [1, 0.5, 0.5, 0], tpr [1, 1, 0.5, 0] -> 0.5 * 1 + 0 + 0.5 * 0.25 = 0.625.
        AUC auc = new AUC().setThresholds(0.3, 0.2);
        auc.updateState(f(0, 0, 1, 1), f(0.1f, 0.4f, 0.25f, 0.8f), null);
        assertEquals(0.625, auc.result(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new AUC().setNumThresholds(1));
    }
}
