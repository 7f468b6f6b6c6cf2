package dev.tauon.nn.distill;

import dev.tauon.core.Batch;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Functional;
import dev.tauon.nn.Module;
import dev.tauon.nn.losses.Loss;
import java.util.Arrays;
import java.util.Objects;

/**
 * The distillation loss of a student's logits {@code s} against a frozen teacher's logits {@code t}
 * and the batch's labels, as Hinton et al. and Keras' distillation example:
 * <pre>  alpha * T^2 * KL(softmax(t / T) || softmax(s / T)) + (1 - alpha) * CE(s, y)</pre>
 * averaged over the batch. The temperature {@code T} softens both distributions so the student
 * learns the teacher's ranking of the wrong classes; {@code T^2} keeps the soft term's gradient on
 * the scale of the hard one's as {@code T} changes.
 *
 * <p>It runs the teacher itself on each batch's inputs, in evaluation mode (its Dropout off, its
 * BatchNorm on running statistics) without recording a graph, so the teacher gets no gradient and
 * a plain {@code Trainer} with an optimiser over the student's parameters is the whole fit path:
 * <pre>{@code
 * Trainer t = new Trainer(student, new DistillationLoss(teacher, 4f, 0.9f), new Adam(student, 1e-3f));
 * }</pre>
 * The trainer's evaluation computes this loss too (running the teacher); its accuracy is the
 * student's alone. Composite of existing ops: KL is the soft cross-entropy minus the teacher's
 * entropy, a constant.
 */
public final class DistillationLoss implements Loss {
    private final Module teacher;
    private final float temperature;
    private final float alpha;

    /** With teacher {@code teacher} (built, trained), temperature {@code T > 0} and weight {@code alpha} in [0, 1]. */
    public DistillationLoss(Module teacher, float temperature, float alpha) {
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "DistillationLoss: temperature must be finite and > 0, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("DistillationLoss: alpha must be in [0, 1], got " + alpha);
        }
        this.temperature = temperature;
        this.alpha = alpha;
    }

    /** The frozen model whose softened outputs the student learns from. */
    public Module teacher() {
        return teacher;
    }

    /** The temperature T that both models' logits are divided by before the softmax. */
    public float temperature() {
        return temperature;
    }

    /** The weight of the distillation term; the hard-label loss gets {@code 1 - alpha}. */
    public float alpha() {
        return alpha;
    }

    @Override
    public Tensor compute(Tensor studentLogits, Batch batch) {
        Tensor hard = batch.labels() != null
                ? Functional.crossEntropy(studentLogits, batch.labels())
                : Functional.crossEntropy(studentLogits, batch.targets());
        if (alpha == 0f) {
            return hard;
        }
        Tensor teacherLogits = teacherLogits(batch.inputs());
        if (!Arrays.equals(teacherLogits.shape(), studentLogits.shape())) {
            throw new IllegalArgumentException(
                    "DistillationLoss: the teacher's logits " + Shapes.str(teacherLogits.shape())
                            + " and the student's " + Shapes.str(studentLogits.shape()) + " differ in shape");
        }
        Tensor soft;
        try (NoGrad ignored = NoGrad.enter()) {
            soft = teacherLogits.div(temperature).softmax(1);
        }
        Tensor kl =
                Functional.crossEntropy(studentLogits.div(temperature), soft).sub(meanEntropy(soft));
        return kl.mul(alpha * temperature * temperature).add(hard.mul(1 - alpha));
    }

    private Tensor teacherLogits(Tensor inputs) {
        boolean was = teacher.isTraining();
        teacher.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return teacher.endsInSoftmax() ? teacher.callLogits(inputs) : teacher.call(inputs);
        } finally {
            teacher.setTraining(was);
        }
    }

    /** The mean over rows of {@code -sum p log p}: the soft cross-entropy minus this is the KL divergence. */
    private static float meanEntropy(Tensor p) {
        int rows = p.dim(0);
        float[] v = p.data();
        double h = 0;
        for (float q : v) {
            if (q > 0) {
                h -= q * Math.log(q);
            }
        }
        return (float) (h / rows);
    }

    @Override
    public boolean expectsLogits() {
        return true;
    }

    @Override
    public String toString() {
        return "DistillationLoss(T " + temperature + ", alpha " + alpha + ", teacher " + teacher.name() + ")";
    }
}
