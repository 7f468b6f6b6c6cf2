/**
 * Predictions from a trained model for servers: {@link dev.tauon.nn.predict.Predictor} holds its
 * own copy of the model in evaluation mode, never changes the model it was made from, and is safe
 * to call from many threads at once; {@link dev.tauon.nn.predict.TopK} is its top-k answer.
 */
package dev.tauon.nn.predict;
