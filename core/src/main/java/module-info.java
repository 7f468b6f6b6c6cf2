/**
 * Tauon's tensors, autograd and ops ({@code dev.tauon.core}) and the file helpers the other modules
 * share ({@code dev.tauon.core.io}). The kernels ({@code dev.tauon.core.internal.kernel}) and the
 * Vector API provider ({@code dev.tauon.core.internal.simd}) are internal: not exported, so they
 * may change in any release. Module {@code jdk.incubator.vector} is not required: the library
 * finds it in its own layer when the JVM has it and adds the read edge itself.
 */
module dev.tauon.core {
  requires org.slf4j;
  // Optional: read for the C2 check before the Vector API is chosen; absent, java.vm.info decides.
  requires static jdk.management;

  exports dev.tauon.core;
  exports dev.tauon.core.io;
}
