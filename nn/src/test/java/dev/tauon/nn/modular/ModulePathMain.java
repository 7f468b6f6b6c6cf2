package dev.tauon.nn.modular;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Kernels;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.losses.CrossEntropy;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.History;
import dev.tauon.nn.train.Trainer;
import java.util.List;

/**
 * Run by {@link ModulePathTest} from the class path with Tauon's jars on the module path: prints
 * which modules the library classes are in, the SIMD provider, and the loss of a few training steps.
 */
public final class ModulePathMain {

    private ModulePathMain() {}

    public static void main(String[] args) {
        System.out.println("coreModule=" + Tensor.class.getModule().getName());
        System.out.println("nnModule=" + Trainer.class.getModule().getName());
        System.out.println("provider=" + Kernels.simdProvider());
        Generator g = new Generator(7);
        Tensor x = Tensor.uniform(g, -1f, 1f, 32, 4);
        int[] labels = new int[32];
        float[] xs = x.data();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = xs[i * 4] + xs[i * 4 + 1] > 0 ? 1 : 0;
        }
        Sequential model = new Sequential(new Dense(16, Activation.RELU), new Dense(2, Activation.SOFTMAX));
        model.build(new Generator(1), 4);
        Trainer trainer = new Trainer(model, new CrossEntropy(), new SGD(model, 0.5f));
        History history = trainer.fit(List.of(Batch.ofLabels(x, labels)), 20, new FitOptions().progress(false));
        double[] loss = history.loss();
        System.out.println("firstLoss=" + loss[0] + " lastLoss=" + loss[loss.length - 1]);
    }
}
