package dev.tauon.core.internal.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether this JVM compiles hot code with C2, which the Vector API needs: its operations are C2
 * intrinsics, and without C2 (C1 only, the interpreter, or a JVMCI compiler such as Graal's) every
 * vector is an object on the heap and the kernels run many times slower than plain loops. Apache
 * Lucene's VectorizationProvider refuses the Vector API in the same cases; like it, this reads the
 * flags through the {@link HotSpotDiagnosticMXBean} and, where that is missing, the
 * {@code java.vm.info} property.
 */
final class CompilerCheck {

    private CompilerCheck() {}

    /** Why this JVM should not use the Vector API, or empty when C2 compiles it. */
    static Optional<String> vectorApiRefusal() {
        return refusal(vmOptions(), System.getProperty("java.vm.info", ""));
    }

    /**
     * The decision on given flag values: {@code option} returns a HotSpot flag's value (empty when
     * unknown), {@code vmInfo} is {@code java.vm.info}.
     */
    static Optional<String> refusal(Function<String, Optional<String>> option, String vmInfo) {
        if (vmInfo.contains("interpreted mode")
                || option.apply("UseCompiler").filter("false"::equals).isPresent()) {
            return Optional.of("the JVM runs interpreted (-Xint or -XX:-UseCompiler), without C2");
        }
        if (option.apply("UseJVMCICompiler").filter("true"::equals).isPresent()) {
            return Optional.of("a JVMCI compiler is in use (-XX:+UseJVMCICompiler), not C2");
        }
        boolean tiered = option.apply("TieredCompilation").map("true"::equals).orElse(true);
        Optional<String> stopAt = option.apply("TieredStopAtLevel").filter(level -> !level.equals("4"));
        if (tiered && stopAt.isPresent()) {
            return Optional.of("C2 is disabled (-XX:TieredStopAtLevel=" + stopAt.get() + ")");
        }
        if (vmInfo.contains("emulated-client")) {
            return Optional.of("C2 is disabled (java.vm.info says " + vmInfo + ")");
        }
        return Optional.empty();
    }

    private static Function<String, Optional<String>> vmOptions() {
        HotSpotDiagnosticMXBean bean;
        try {
            bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (LinkageError | RuntimeException e) {
            // Module jdk.management is not in the layer (an application module that does not require
            // it) or this is not HotSpot: java.vm.info still tells C1-only and interpreted JVMs apart.
            return name -> Optional.empty();
        }
        if (bean == null) {
            return name -> Optional.empty();
        }
        return name -> {
            try {
                return Optional.of(bean.getVMOption(name).getValue());
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // a flag this JVM does not have, such as UseJVMCICompiler without JVMCI
            }
        };
    }
}
