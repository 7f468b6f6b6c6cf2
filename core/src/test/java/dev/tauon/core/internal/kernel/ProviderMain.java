package dev.tauon.core.internal.kernel;

/** Run by {@link CompilerCheckTest} in a JVM with compiler flags: prints the provider it chose. */
public final class ProviderMain {

    private ProviderMain() {}

    public static void main(String[] args) {
        System.out.println("provider=" + SimdSupport.active().name());
    }
}
