package dev.tauon.data.tabular;

import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.Normalization;
import dev.tauon.data.io.JsonFields;
import dev.tauon.data.io.JsonFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a tabular model needs besides its weights to predict: the {@link TableEncoding} (columns,
 * categories, classes, imputed values) and the {@link Normalization} fitted on the training rows.
 * Saved as a small JSON file next to the model ({@link #save}), read back with {@link #load}.
 *
 * @param encoding      how a row becomes features
 * @param normalization the per-feature normalisation of those features
 */
public record TabularPreprocessing(TableEncoding encoding, Normalization normalization) {
    /** The {@code "format"} of the saved file. */
    public static final String FORMAT = "tauon-tabular-preprocessing";
    /** The version written. */
    public static final int VERSION = 1;

    /** Checks the settings: the normalisation has one statistic per encoded feature. */
    public TabularPreprocessing {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(normalization, "normalization");
        if (!normalization.isNone() && normalization.mean().length != encoding.featureCount()) {
            throw new IllegalArgumentException("tabular preprocessing: the normalisation has "
                    + normalization.mean().length + " features, the encoding " + encoding.featureCount());
        }
    }

    /** The model's input for one row given by column name: encoded, then normalised. */
    public float[] features(Map<String, String> row) {
        float[] f = encoding.features(row);
        for (int i = 0; i < f.length; i++) {
            f[i] = normalization.normalize(i, f[i]);
        }
        return f;
    }

    /** Writes both to {@code file} as JSON, through a temporary file. */
    public void save(Path file) throws IOException {
        JsonFile.write(
                file,
                FORMAT,
                VERSION,
                "\"encoding\":" + encoding.toJson() + ",\"normalization\":" + normalization.toJson());
    }

    /**
     * Reads what {@link #save} wrote.
     *
     * @throws DatasetFormatException naming the file and the field, if it is not such a file or is damaged
     */
    public static TabularPreprocessing load(Path file) throws IOException {
        JsonFields json = JsonFile.read(file, FORMAT, VERSION);
        TableEncoding encoding = TableEncoding.fromJson(json.object("encoding"));
        Normalization normalization = Normalization.fromJson(json.object("normalization"));
        try {
            return new TabularPreprocessing(encoding, normalization);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(file.toString(), -1, e.getMessage());
        }
    }
}
