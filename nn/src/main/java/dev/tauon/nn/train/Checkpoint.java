package dev.tauon.nn.train;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.io.WeightFileException;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A training checkpoint as one safetensors file, so that a run can stop and resume with the same
 * bits as if it had never stopped. Tensors: the model's state dict (parameters and buffers, such as
 * BatchNorm's running statistics) as {@code model.<name>}, the optimiser's buffers as
 * {@code optimizer.<buffer>}, and a {@link Lookahead}'s average, if the trainer has one and it has
 * started, as {@code lookahead.<name>}. Metadata (strings): {@code epoch} (epochs
 * completed), {@code optimizer} (its class), {@code optimizer.iterations},
 * {@code optimizer.learning_rate}, {@code optimizer.buffers} (the buffer names, one per line, so
 * that a missing buffer is noticed), {@code generator.<name>} (each model generator's four state
 * words), {@code history} (the history CSV) and, with a Lookahead, {@code lookahead}
 * ({@code started} or {@code waiting}, so that missing averages are noticed).
 *
 * <p>The data source's order is not in the checkpoint: it must depend only on its seed and the
 * epoch number that {@code fit} passes it.
 */
public final class Checkpoint {
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String GENERATOR = "generator.";
    private static final String LOOKAHEAD = "lookahead.";
    /** Metadata: whether the Lookahead's average exists ({@code started}) or not yet ({@code waiting}). */
    private static final String LOOKAHEAD_STATUS = "lookahead";

    private static final String STARTED = "started";
    private static final String WAITING = "waiting";
    /** Metadata: the optimiser's buffer names, one per line, so a missing buffer is noticed. */
    private static final String BUFFER_LIST = "optimizer.buffers";

    private Checkpoint() {}

    /** Writes the trainer's model, optimiser, generators and history after {@code epoch} completed epochs. */
    public static void save(Path file, Trainer trainer, int epoch) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((n, t) -> tensors.put(MODEL + n, t));
        OptimizerState state = trainer.optimizer().state();
        state.buffers().forEach((n, t) -> tensors.put(OPTIMIZER + n, t));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "tauon-checkpoint");
        meta.put("epoch", Integer.toString(epoch));
        meta.put("optimizer", trainer.optimizer().getClass().getName());
        meta.put("optimizer.iterations", Long.toString(state.iterations()));
        meta.put("optimizer.learning_rate", Float.toString(state.learningRate()));
        meta.put(BUFFER_LIST, String.join("\n", state.buffers().keySet()));
        trainer.model().generators().forEach((n, g) -> meta.put(GENERATOR + n, words(g.state())));
        meta.put("history", trainer.history().toCsv());
        Lookahead lookahead = trainer.lookahead();
        if (lookahead != null) {
            lookahead.average().forEach((n, t) -> tensors.put(LOOKAHEAD + n, t));
            meta.put(LOOKAHEAD_STATUS, lookahead.isStarted() ? STARTED : WAITING);
        }
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Restores a checkpoint written by {@link #save} into the trainer (same model architecture and
     * optimiser type) and returns the number of completed epochs. All or nothing: the whole file
     * is checked (tensor names and shapes against the model's state dict, buffers included, the optimiser's buffers against its parameters and
     * against the buffer list saved with them, the epoch, step count, learning rate, generator
     * states, history and the {@link Lookahead} average against the trainer's Lookahead) before anything changes, and on any problem the model, the optimiser and
     * the generators are exactly as before and a {@link WeightFileException} names the file and
     * the entry.
     */
    public static int restore(Path file, Trainer trainer) throws IOException {
        Map<String, Tensor> modelState = trainer.model().stateDict();
        if (modelState.isEmpty()) {
            throw new IllegalStateException(trainer.model().name() + " has no parameters to restore into;"
                    + " build it first (model.build(inputShape))");
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!"tauon-checkpoint".equals(meta.get("format"))) {
            throw new WeightFileException(
                    file,
                    "not a Tauon checkpoint (metadata format is " + Excerpt.of(meta.get("format"))
                            + "); for plain weights use Weights.load");
        }
        String optimizer = trainer.optimizer().getClass().getName();
        if (!optimizer.equals(meta.get("optimizer"))) {
            throw new WeightFileException(
                    file,
                    "checkpoint optimizer " + Excerpt.of(meta.get("optimizer")) + " does not match the trainer's "
                            + optimizer);
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        Map<String, Tensor> averages = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String n = e.getKey();
            if (n.startsWith(MODEL)) {
                model.put(n.substring(MODEL.length()), e.getValue());
            } else if (n.startsWith(OPTIMIZER)) {
                buffers.put(n.substring(OPTIMIZER.length()), e.getValue());
            } else if (n.startsWith(LOOKAHEAD)) {
                averages.put(n.substring(LOOKAHEAD.length()), e.getValue());
            } else {
                throw new WeightFileException(
                        file,
                        "tensor " + Excerpt.of(n) + " is none of '" + MODEL + "*', '" + OPTIMIZER + "*', '" + LOOKAHEAD
                                + "*'");
            }
        }
        Weights.check(modelState, model, file, "checkpoint weights");
        checkBufferList(file, meta.get(BUFFER_LIST), buffers.keySet());
        int epoch = (int) number(file, meta, "epoch", Integer.MAX_VALUE);
        OptimizerState state = new OptimizerState(
                number(file, meta, "optimizer.iterations", Long.MAX_VALUE),
                learningRate(file, meta.get("optimizer.learning_rate")),
                buffers);
        try {
            trainer.optimizer().checkState(state);
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, "optimizer state: " + e.getMessage());
        }
        Map<String, Tensor> lookaheadAverage =
                checkLookahead(file, meta.get(LOOKAHEAD_STATUS), averages, trainer.lookahead(), modelState);
        Map<String, Generator> generators = trainer.model().generators();
        Map<String, long[]> states = new LinkedHashMap<>();
        for (String name : generators.keySet()) {
            String words = meta.get(GENERATOR + name);
            if (words == null) {
                throw new WeightFileException(file, "no state for generator '" + name + "'");
            }
            states.put(name, parseWords(file, name, words));
        }
        History history;
        try {
            history = History.fromCsv(meta.getOrDefault("history", History.CSV_HEADER));
        } catch (RuntimeException e) {
            throw new WeightFileException(
                    file, "bad history in the checkpoint metadata: " + Excerpt.of(e.getMessage()));
        }
        // Everything is checked; nothing below can fail.
        Weights.copy(modelState, model);
        trainer.optimizer().loadState(state);
        states.forEach((name, s) -> generators.get(name).setState(s));
        trainer.setHistory(history);
        if (trainer.lookahead() != null) {
            trainer.lookahead().restore(lookaheadAverage);
        }
        return epoch;
    }

    /**
     * The saved Lookahead average to restore (null: none yet), after checking that it fits: a
     * checkpoint written with a Lookahead needs a trainer with one (its average would be lost), and a
     * started one needs an average entry for every entry of the model's state. A checkpoint written
     * without a Lookahead may be resumed with one: it starts as if the run had just begun using it.
     */
    private static Map<String, Tensor> checkLookahead(
            Path file, String status, Map<String, Tensor> averages, Lookahead lookahead, Map<String, Tensor> modelState)
            throws WeightFileException {
        if (lookahead == null) {
            if (status != null || !averages.isEmpty()) {
                throw new WeightFileException(
                        file,
                        "the checkpoint was written with a Lookahead (metadata lookahead " + Excerpt.of(status)
                                + "), but the trainer has none; attach one (Lookahead.attach) before restoring");
            }
            return null;
        }
        if (STARTED.equals(status)) {
            Weights.check(modelState, averages, file, "checkpoint Lookahead averages");
            return averages;
        }
        if (status != null && !WAITING.equals(status)) {
            throw new WeightFileException(
                    file, "metadata lookahead must be \"started\" or \"waiting\", got " + Excerpt.of(status));
        }
        if (!averages.isEmpty()) {
            throw new WeightFileException(
                    file,
                    "tensor "
                            + Excerpt.of(
                                    LOOKAHEAD + averages.keySet().iterator().next())
                            + " is a Lookahead average, but the metadata says the Lookahead has not started");
        }
        return null;
    }

    /**
     * The saved buffer list must name exactly the optimiser tensors present: a removed or renamed
     * buffer would otherwise restart from zeros and the resumed run would no longer be exact.
     * Checkpoints written before the list existed have none and are taken as they are.
     */
    private static void checkBufferList(Path file, String list, Set<String> present) throws WeightFileException {
        if (list == null) {
            return;
        }
        Set<String> expected = new TreeSet<>(list.isEmpty() ? List.of() : Arrays.asList(list.split("\n")));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            throw new WeightFileException(
                    file,
                    "incomplete optimizer state: missing buffer "
                            + Excerpt.of(OPTIMIZER + missing.iterator().next())
                            + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : ""));
        }
        Set<String> extra = new TreeSet<>(present);
        extra.removeAll(expected);
        if (!extra.isEmpty()) {
            throw new WeightFileException(
                    file,
                    "optimizer tensor "
                            + Excerpt.of(OPTIMIZER + extra.iterator().next())
                            + " is not in the checkpoint's buffer list");
        }
    }

    /** A whole number in [0, max] from the metadata, or an error naming the key and (a prefix of) the value. */
    private static long number(Path file, Map<String, String> meta, String key, long max) throws WeightFileException {
        String value = meta.get(key);
        try {
            long n = Long.parseLong(value == null || value.length() > 20 ? "x" : value);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WeightFileException(
                file, "metadata " + key + " must be a whole number from 0 to " + max + ", got " + Excerpt.of(value));
    }

    /** A finite learning rate of at least 0, or an error naming (a prefix of) the value. */
    private static float learningRate(Path file, String value) throws WeightFileException {
        float rate = Float.NaN;
        if (value != null && value.length() <= 64) { // a float's shortest form is far shorter; refuse before parsing
            try {
                rate = Float.parseFloat(value);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (!(rate >= 0) || Float.isInfinite(rate)) {
            throw new WeightFileException(
                    file, "metadata optimizer.learning_rate must be a finite number >= 0, got " + Excerpt.of(value));
        }
        return rate;
    }

    private static String words(long[] state) {
        StringBuilder sb = new StringBuilder();
        for (long w : state) {
            sb.append(sb.length() == 0 ? "" : ",").append(w);
        }
        return sb.toString();
    }

    private static long[] parseWords(Path file, String name, String words) throws WeightFileException {
        String[] parts = words.split(",", 6);
        if (parts.length != 4) {
            throw new WeightFileException(
                    file, "generator '" + name + "' state is not 4 comma-separated longs: " + Excerpt.of(words));
        }
        long[] s = new long[4];
        try {
            for (int i = 0; i < 4; i++) {
                s[i] = Long.parseLong(parts[i].length() > 20 ? "x" : parts[i]);
            }
            Generator.checkState(s);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new WeightFileException(
                    file,
                    "generator '" + name + "' state " + Excerpt.of(words)
                            + " is not a generator state (4 longs, not all zero)");
        }
        return s;
    }
}
