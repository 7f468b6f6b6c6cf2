package dev.tauon.core.internal.kernel;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the SIMD provider once, at class initialisation, the way Apache Lucene's
 * VectorizationProvider does: the Vector API when module {@code jdk.incubator.vector} is in the
 * library's own module layer (on the class path, the boot layer: the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and C2 compiles it ({@link CompilerCheck}), plain
 * auto-vectorised loops otherwise, with a log line saying why. The system property
 * {@code tauon.simd} ({@code vector} or {@code plain}) forces a choice.
 *
 * <p>The Vector API class is loaded by name so that nothing here links against incubator types: on a
 * JVM without the module this class, and the whole library, still load. Module {@code
 * dev.tauon.core} does not require the incubator module (it must resolve without it), so when the
 * library is a named module this adds the read edge before loading the class.
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
        return vectorApi(new Class<?>[0]);
    }

    /**
     * The Vector API provider with register tiles of {@code tileRows} rows (6 or 8) whatever this
     * machine's vectors, for tests that check both tile heights give the same bits; empty when the
     * module is not readable.
     */
    public static Optional<FloatOps> vectorApi(int tileRows) {
        return vectorApi(new Class<?>[] {int.class}, tileRows);
    }

    private static Optional<FloatOps> vectorApi(Class<?>[] parameterTypes, Object... arguments) {
        Optional<Module> vectorModule = vectorModule();
        if (vectorModule.isEmpty()) {
            return Optional.empty();
        }
        // A no-op in the unnamed module (the class path), which reads every module already.
        SimdSupport.class.getModule().addReads(vectorModule.get());
        try {
            Class<?> impl = Class.forName(VECTOR_IMPL);
            return Optional.of(
                    (FloatOps) impl.getDeclaredConstructor(parameterTypes).newInstance(arguments));
        } catch (ReflectiveOperationException | LinkageError e) {
            if (e instanceof InvocationTargetException thrown
                    && thrown.getCause() instanceof IllegalArgumentException bad) {
                throw bad; // a tile height the provider does not have, named in its message
            }
            LOG.warn("Vector API module is present but {} could not be loaded: {}", VECTOR_IMPL, e.toString());
            return Optional.empty();
        }
    }

    /** Module {@code jdk.incubator.vector} as the library's own layer sees it (the boot layer on the class path). */
    private static Optional<Module> vectorModule() {
        ModuleLayer layer = SimdSupport.class.getModule().getLayer();
        return (layer != null ? layer : ModuleLayer.boot()).findModule(VECTOR_MODULE);
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
                    LOG.warn(
                            "-Dtauon.simd=vector but module {} is not readable (start the JVM with "
                                    + "--add-modules {}); using plain loops",
                            VECTOR_MODULE,
                            VECTOR_MODULE);
                    chosen = plain();
                    why = "Vector API requested but unavailable";
                } else {
                    why = "forced by -Dtauon.simd=vector";
                    CompilerCheck.vectorApiRefusal()
                            .ifPresent(reason ->
                                    LOG.warn("-Dtauon.simd=vector: using the Vector API although {}", reason));
                }
            }
            default -> {
                if (!forced.isEmpty()) {
                    LOG.warn("Ignoring unknown -Dtauon.simd={} (expected vector or plain)", forced);
                }
                Optional<String> refusal =
                        vectorModule().isPresent() ? CompilerCheck.vectorApiRefusal() : Optional.empty();
                Optional<FloatOps> vector = refusal.isPresent() ? Optional.empty() : vectorApi();
                chosen = vector.orElseGet(SimdSupport::plain);
                if (refusal.isPresent()) {
                    why = "Vector API refused: " + refusal.get();
                    LOG.warn(
                            "Not using the Vector API although module {} is readable: {}; its operations would run "
                                    + "many times slower than plain loops",
                            VECTOR_MODULE,
                            refusal.get());
                } else {
                    why = vector.isPresent()
                            ? "module " + VECTOR_MODULE + " is readable"
                            : "module " + VECTOR_MODULE + " is not readable; add --add-modules " + VECTOR_MODULE
                                    + " to use it";
                }
            }
        }
        LOG.info("Tauon kernels use SIMD provider '{}' ({}), {} threads", chosen.describe(), why, Parallel.threads());
        return chosen;
    }
}
