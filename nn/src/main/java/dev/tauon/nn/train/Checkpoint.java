package dev.tauon.nn.train;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.optim.OptimizerState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint as one safetensors file, so that a run can stop and resume with the same
 * bits as if it had never stopped. Tensors: the parameters as {@code model.<name>} and the
 * optimiser's buffers as {@code optimizer.<buffer>}. Metadata (strings): {@code epoch} (epochs
 * completed), {@code optimizer} (its class), {@code optimizer.iterations},
 * {@code optimizer.learning_rate}, {@code generator.<name>} (each model generator's four state
 * words) and {@code history} (the history CSV).
 *
 * <p>The data source's order is not in the checkpoint: it must depend only on its seed and the
 * epoch number that {@code fit} passes it.
 */
public final class Checkpoint {
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String GENERATOR = "generator.";

    private Checkpoint() {
    }

    /** Writes the trainer's model, optimiser, generators and history after {@code epoch} completed epochs. */
    public static void save(Path file, Trainer trainer, int epoch) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        trainer.model().parameters().forEach((n, t) -> tensors.put(MODEL + n, t));
        OptimizerState state = trainer.optimizer().state();
        state.buffers().forEach((n, t) -> tensors.put(OPTIMIZER + n, t));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "tauon-checkpoint");
        meta.put("epoch", Integer.toString(epoch));
        meta.put("optimizer", trainer.optimizer().getClass().getName());
        meta.put("optimizer.iterations", Long.toString(state.iterations()));
        meta.put("optimizer.learning_rate", Float.toString(state.learningRate()));
        trainer.model().generators().forEach((n, g) -> meta.put(GENERATOR + n, words(g.state())));
        meta.put("history", trainer.history().toCsv());
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Restores a checkpoint written by {@link #save} into the trainer (same model architecture and
     * optimiser type) and returns the number of completed epochs. Checks everything before
     * changing anything.
     */
    public static int restore(Path file, Trainer trainer) throws IOException {
        if (trainer.model().parameters().isEmpty()) {
            throw new IllegalStateException(trainer.model().name() + " has no parameters to restore into;"
                    + " build it first (model.build(inputShape))");
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!"tauon-checkpoint".equals(meta.get("format"))) {
            throw new WeightFileException(file, "not a Tauon checkpoint (metadata format is " + meta.get("format")
                    + "); for plain weights use Module.loadWeights");
        }
        String optimizer = trainer.optimizer().getClass().getName();
        if (!optimizer.equals(meta.get("optimizer"))) {
            throw new WeightFileException(file, "checkpoint optimizer " + meta.get("optimizer")
                    + " does not match the trainer's " + optimizer);
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        c.tensors().forEach((n, t) -> {
            if (n.startsWith(MODEL)) {
                model.put(n.substring(MODEL.length()), t);
            } else if (n.startsWith(OPTIMIZER)) {
                buffers.put(n.substring(OPTIMIZER.length()), t);
            }
        });
        Map<String, Generator> generators = trainer.model().generators();
        Map<String, long[]> states = new LinkedHashMap<>();
        for (String name : generators.keySet()) {
            String words = meta.get(GENERATOR + name);
            if (words == null) {
                throw new WeightFileException(file, "no state for generator '" + name + "'");
            }
            states.put(name, parseWords(file, name, words));
        }
        int epoch;
        OptimizerState state;
        History history;
        try {
            epoch = Integer.parseInt(meta.get("epoch"));
            state = new OptimizerState(Long.parseLong(meta.get("optimizer.iterations")),
                    Float.parseFloat(meta.get("optimizer.learning_rate")), buffers);
            history = History.fromCsv(meta.getOrDefault("history", History.CSV_HEADER));
        } catch (RuntimeException e) {
            throw new WeightFileException(file, "bad checkpoint metadata: " + e.getMessage());
        }
        Weights.assign(trainer.model().parameters(), model, file, "checkpoint weights");
        trainer.optimizer().loadState(state);
        states.forEach((name, s) -> generators.get(name).setState(s));
        trainer.setHistory(history);
        return epoch;
    }

    private static String words(long[] state) {
        StringBuilder sb = new StringBuilder();
        for (long w : state) {
            sb.append(sb.length() == 0 ? "" : ",").append(w);
        }
        return sb.toString();
    }

    private static long[] parseWords(Path file, String name, String words) throws WeightFileException {
        String[] parts = words.split(",");
        long[] s = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                s[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new WeightFileException(file, "generator '" + name + "' state is not a list of longs: " + words);
        }
        if (s.length != 4) {
            throw new WeightFileException(file, "generator '" + name + "' state has " + s.length + " words, not 4");
        }
        return s;
    }
}
