package dev.tauon.nn.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistillationLossTest {

    /** A "teacher" that returns fixed logits whatever the input. */
    private static final class FixedLogits extends Module {
        private final Tensor logits;

        FixedLogits(Tensor logits) {
            this.logits = logits;
        }

        @Override
        public Tensor forward(Tensor x) {
            return logits;
        }
    }

    private static final float[] S = {1f, -0.5f, 2f, 0.3f, 0.2f, -1f};
    private static final float[] T = {2f, 0f, -1f, -0.4f, 1.5f, 0.5f};
    private static final int[] Y = {2, 0};

    private static double[] softmax(float[] z, int row, double temp) {
        double[] p = new double[3];
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            p[c] = Math.exp(z[row * 3 + c] / temp);
            sum += p[c];
        }
        for (int c = 0; c < 3; c++) {
            p[c] /= sum;
        }
        return p;
    }

    @Test
    void theValueIsAlphaTSquaredKlPlusTheHardCrossEntropyComputedInDouble() {
        float temp = 3f;
        float alpha = 0.7f;
        Tensor s = Tensor.of(S, 2, 3).requiresGrad(true);
        DistillationLoss loss = new DistillationLoss(new FixedLogits(Tensor.of(T, 2, 3)), temp, alpha);
        Tensor value = loss.compute(s, Batch.ofLabels(Tensor.zeros(2, 1), Y));
        double expected = 0;
        double[][] gradient = new double[2][3];
        for (int n = 0; n < 2; n++) {
            double[] pt = softmax(T, n, temp);
            double[] ps = softmax(S, n, temp);
            double[] p1 = softmax(S, n, 1);
            double kl = 0;
            for (int c = 0; c < 3; c++) {
                kl += pt[c] * Math.log(pt[c] / ps[c]);
                gradient[n][c] = (alpha * temp * (ps[c] - pt[c]) + (1 - alpha) * (p1[c] - (c == Y[n] ? 1 : 0))) / 2;
            }
            expected += (alpha * temp * temp * kl - (1 - alpha) * Math.log(p1[Y[n]])) / 2;
        }
        assertEquals(expected, value.item(), 1e-5);
        value.backward();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(gradient[n][c], s.grad().get(n, c), 1e-5, "gradient at " + n + "," + c);
            }
        }
    }

    @Test
    void alphaZeroIsTheHardLossAlone() {
        Tensor s = Tensor.of(S, 2, 3);
        Batch b = Batch.ofLabels(Tensor.zeros(2, 1), Y);
        float hard = Loss.crossEntropy().compute(s, b).item();
        assertEquals(
                hard,
                new DistillationLoss(new FixedLogits(Tensor.of(T, 2, 3)), 2f, 0f)
                        .compute(s, b)
                        .item());
    }

    @Test
    void fitTrainsTheStudentAndLeavesTheTeacherAsItWas() {
        Sequential teacher =
                new Sequential(new Dense(6, Activation.RELU), new Dropout(0.5f), new Dense(3, Activation.SOFTMAX));
        teacher.build(new Generator(1), 4);
        teacher.train();
        List<float[]> before = new ArrayList<>();
        teacher.parameters().values().forEach(p -> before.add(p.data().clone()));
        Sequential student = new Sequential(new Dense(3));
        student.build(new Generator(2), 4);
        float[] studentBefore = student.parameters().get("0.weight").data().clone();
        Generator g = new Generator(3);
        List<Batch> data = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            data.add(Batch.ofLabels(Tensor.randn(g, 8, 4), new int[] {0, 1, 2, 0, 1, 2, 0, 1}));
        }
        DistillationLoss loss = new DistillationLoss(teacher, 2f, 0.5f);
        Tensor s = Tensor.zeros(8, 3);
        float once = loss.compute(s, data.get(0)).item();
        assertEquals(once, loss.compute(s, data.get(0)).item(), "the teacher runs in eval mode: no dropout");
        new Trainer(student, loss, new SGD(student, 0.1f)).fit(data, 2, new FitOptions().progress(false));
        int i = 0;
        for (Tensor p : teacher.parameters().values()) {
            assertArrayEquals(before.get(i++), p.data(), "the teacher is frozen");
            assertTrue(p.grad() == null, "the teacher gets no gradient");
        }
        assertTrue(teacher.isTraining(), "the teacher's mode is restored");
        assertTrue(
                !Arrays.equals(
                        studentBefore, student.parameters().get("0.weight").data()),
                "the student learnt");
    }

    @Test
    void badSettingsAndMismatchedTeachersAreRefused() {
        Module teacher = new FixedLogits(Tensor.zeros(2, 4));
        IllegalArgumentException t =
                assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(teacher, 0f, 0.5f));
        assertTrue(t.getMessage().contains("temperature must be finite and > 0, got 0.0"), t.getMessage());
        IllegalArgumentException a =
                assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(teacher, 1f, 1.5f));
        assertTrue(a.getMessage().contains("alpha must be in [0, 1], got 1.5"), a.getMessage());
        IllegalArgumentException shape = assertThrows(
                IllegalArgumentException.class,
                () -> new DistillationLoss(teacher, 1f, 0.5f)
                        .compute(Tensor.of(S, 2, 3), Batch.ofLabels(Tensor.zeros(2, 1), Y)));
        assertTrue(
                shape.getMessage().contains("teacher's logits [2, 4] and the student's [2, 3] differ"),
                shape.getMessage());
    }
}
