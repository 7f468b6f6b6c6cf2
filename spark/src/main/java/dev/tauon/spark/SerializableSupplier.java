package dev.tauon.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} that Spark can ship to executors: a lambda written where this type is
 * expected is serialisable, as long as what it captures is. Models, losses and optimisers are
 * rebuilt on each executor from one of these instead of being serialised themselves.
 *
 * @param <T> what it supplies
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
