/**
 * The SIMD provider on the incubating Vector API, compiled with {@code --add-modules
 * jdk.incubator.vector} and loaded reflectively by {@code dev.tauon.core.internal.kernel.SimdSupport} only
 * when that module is readable, so no other class links against incubator types. Vectors are cast
 * to their exact class where C2 would otherwise need a type profile (see {@code ExactVectorClass}).
 */
package dev.tauon.core.internal.simd;
