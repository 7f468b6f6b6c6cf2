package dev.tauon.examples;

import dev.tauon.nn.Module;
import dev.tauon.nn.train.EpochResult;
import dev.tauon.nn.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a finished run's files into its output folder, each through a temporary file. */
final class RunReport {
    private RunReport() {
    }

    static void write(Path dir, History history, RunSummary summary, ConfusionMatrix confusion, Module model)
            throws IOException {
        List<EpochMetrics> epochs = new ArrayList<>();
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochResult r : history.epochs()) {
            EpochMetrics m = new EpochMetrics(r.epoch(), r.loss(), r.accuracy(), r.valLoss(), r.valAccuracy(),
                    r.seconds(), r.imagesPerSecond());
            epochs.add(m);
            csv.append(m.toCsv()).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("history.csv"), csv.toString());
        AtomicFiles.writeString(dir.resolve("summary.json"), summary.toJson());
        AtomicFiles.writeString(dir.resolve("confusion.csv"), confusion.toCsv());
        model.saveWeights(dir.resolve("model.safetensors"));
        Charts.writeCurves(dir.resolve("curves.png"), epochs);
        Charts.writeConfusion(dir.resolve("confusion.png"), confusion);
    }
}
