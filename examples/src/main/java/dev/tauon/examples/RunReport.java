package dev.tauon.examples;

import dev.tauon.core.io.AtomicFiles;
import dev.tauon.nn.Module;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.train.History;
import dev.tauon.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a finished run's files into its output folder, each through a temporary file. */
final class RunReport {
    private RunReport() {}

    static void write(Path dir, History history, RunSummary summary, ConfusionMatrix confusion, Module model)
            throws IOException {
        AtomicFiles.writeString(dir.resolve("history.csv"), history.toCsv());
        AtomicFiles.writeString(dir.resolve("summary.json"), summary.toJson());
        AtomicFiles.writeString(dir.resolve("confusion.csv"), confusion.toCsv());
        Weights.save(model, dir.resolve("model.safetensors"));
        writeOnnx(dir, model);
        Charts.writeCurves(dir.resolve("curves.png"), history);
        Charts.writeConfusion(dir.resolve("confusion.png"), confusion);
    }

    /**
     * {@code model.onnx}: the model for any ONNX runtime, fed the NCHW images exactly as this
     * example feeds the model, giving class probabilities (a softmax is appended to logits).
     */
    static void writeOnnx(Path dir, Module model) throws IOException {
        OnnxExport.writeProbabilities(model, dir.resolve("model.onnx"), model.builtInputShape());
    }
}
