/**
 * Tauon's tensors, autograd and ops ({@code dev.tauon.core}) and the file helpers the other modules
 * share ({@code dev.tauon.core.io}). The kernels ({@code dev.tauon.core.internal.kernel}) and the
 * Vector API provider ({@code dev.tauon.core.internal.simd}) are internal, so they may change in
 * any release: the kernels are exported only to {@code dev.tauon.nn}, whose int8 layers run them,
 * and the provider to no one. Module {@code jdk.incubator.vector} is not required: the library
 * finds it in its own layer when the JVM has it and adds the read edge itself.
 */
module dev.tauon.core {
    requires org.slf4j;
    // Optional: read for the C2 check before the Vector API is chosen; absent, java.vm.info decides.
    requires static jdk.management;

    exports dev.tauon.core;
    exports dev.tauon.core.io;
    // nn's int8 layers run the int8 kernels; no other module may use the internals.
    exports dev.tauon.core.internal.kernel to
            dev.tauon.nn;
}
