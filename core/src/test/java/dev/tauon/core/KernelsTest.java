package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.internal.kernel.SimdSupport;
import dev.tauon.core.internal.kernel.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void setThreadsSetsTheGlobalPoolOutsideKernelPools() {
        TestData.withThreads(1, () -> {
            Kernels.setThreads(3);
            assertEquals(3, Kernels.threads());
            try (KernelPool two = new KernelPool(2)) {
                assertEquals(2, (int) two.call(Kernels::threads));
            }
        });
    }

    @Test
    void setThreadsRejectsLessThanOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
        assertEquals("Kernels.setThreads: thread count must be >= 1, was 0", e.getMessage());
    }

    @Test
    void simdProviderNamesTheProviderInUse() {
        assertEquals(SimdSupport.active().name(), Kernels.simdProvider());
        assertTrue(List.of("vector", "plain").contains(Kernels.simdProvider()), Kernels.simdProvider());
    }
}
