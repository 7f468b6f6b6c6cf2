package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The SIMD providers tests run against, each instantiated directly. */
final class Providers {

    private Providers() {}

    static Stream<String> names() {
        return Stream.of("plain", "vector");
    }

    /** Every provider name paired with every index below {@code count}: parameters for a table of test shapes. */
    static Stream<Arguments> withIndices(int count) {
        return names().flatMap(name -> IntStream.range(0, count).mapToObj(i -> Arguments.of(name, i)));
    }

    /** The named provider; skips the test when the Vector API module is not readable. */
    static FloatOps get(String name) {
        if (name.equals("plain")) {
            return SimdSupport.plain();
        }
        Optional<FloatOps> vector = SimdSupport.vectorApi();
        assumeTrue(
                vector.isPresent(),
                "Vector API provider skipped: module jdk.incubator.vector is not readable (run with --add-modules jdk.incubator.vector)");
        return vector.get();
    }
}
