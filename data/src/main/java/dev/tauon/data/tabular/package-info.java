/**
 * Tables from CSV files into datasets: {@link dev.tauon.data.tabular.CsvReader} reads a file into a
 * {@link dev.tauon.data.tabular.Table} of text cells (header or not, quoted fields, gzip), and a
 * {@link dev.tauon.data.tabular.TableEncoding} fitted on it turns rows into feature vectors:
 * numeric columns as they are, categorical ones one-hot, missing values refused or imputed, the
 * label column into class indices or a float target. The encoding and the normalisation fitted on
 * the training rows are saved together ({@link dev.tauon.data.tabular.TabularPreprocessing}) so
 * that predictions see the same transform.
 */
package dev.tauon.data.tabular;
