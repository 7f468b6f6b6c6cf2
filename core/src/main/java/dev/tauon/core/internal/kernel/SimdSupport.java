package dev.tauon.core.internal.kernel;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the SIMD provider once, at class initialisation, the way Apache Lucene does: the Vector API
 * when module {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), plain auto-vectorised loops otherwise. The system
 * property {@code tauon.simd} ({@code vector} or {@code plain}) forces a choice.
 *
 * <p>The Vector API class is loaded by name so that nothing here links against incubator types: on a
 * JVM without the module this class, and the whole library, still load.
 */
public final class SimdSupport {

  private static final Logger LOG = LoggerFactory.getLogger(SimdSupport.class);
  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String VECTOR_IMPL = "dev.tauon.core.internal.simd.VectorApiOps";

  private static final FloatOps ACTIVE = choose();

  private SimdSupport() {}

  /** The provider every kernel uses. */
  public static FloatOps active() {
    return ACTIVE;
  }

  /** The plain-Java provider; always available. */
  public static FloatOps plain() {
    return new PlainFloatOps();
  }

  /** The Vector API provider, or empty when module {@code jdk.incubator.vector} is not readable. */
  public static Optional<FloatOps> vectorApi() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return Optional.empty();
    }
    try {
      Class<?> impl = Class.forName(VECTOR_IMPL);
      return Optional.of((FloatOps) impl.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.warn("Vector API module is present but {} could not be loaded: {}", VECTOR_IMPL, e.toString());
      return Optional.empty();
    }
  }

  private static FloatOps choose() {
    String forced = System.getProperty("tauon.simd", "").trim().toLowerCase(Locale.ROOT);
    FloatOps chosen;
    String why;
    switch (forced) {
      case "plain" -> {
        chosen = plain();
        why = "forced by -Dtauon.simd=plain";
      }
      case "vector" -> {
        chosen = vectorApi().orElse(null);
        if (chosen == null) {
          LOG.warn("-Dtauon.simd=vector but module {} is not readable (start the JVM with "
              + "--add-modules {}); using plain loops", VECTOR_MODULE, VECTOR_MODULE);
          chosen = plain();
          why = "Vector API requested but unavailable";
        } else {
          why = "forced by -Dtauon.simd=vector";
        }
      }
      default -> {
        if (!forced.isEmpty()) {
          LOG.warn("Ignoring unknown -Dtauon.simd={} (expected vector or plain)", forced);
        }
        Optional<FloatOps> vector = vectorApi();
        chosen = vector.orElseGet(SimdSupport::plain);
        why = vector.isPresent() ? "module " + VECTOR_MODULE + " is readable"
            : "module " + VECTOR_MODULE + " is not readable; add --add-modules " + VECTOR_MODULE + " to use it";
      }
    }
    LOG.info("Tauon kernels use SIMD provider '{}' ({}), {} threads", chosen.name(), why, Parallel.threads());
    return chosen;
  }
}
