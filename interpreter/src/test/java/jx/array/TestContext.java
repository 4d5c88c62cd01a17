package jx.array;

import jx.run.Devices;

/**
 * The array context a test thread computes in: the CPU, or the device that {@code -Djx.test.device=cuda}
 * (or JX_TEST_DEVICE=cuda) asks for, opened as {@code --device cuda} opens it, so that the gpu module can
 * run these suites on CUDA. A requested device that does not work fails the test with its reason.
 */
public final class TestContext {
    private TestContext() {}

    static String requested() {
        String env = System.getenv().getOrDefault("JX_TEST_DEVICE", "cpu");
        return System.getProperty("jx.test.device", env);
    }

    public static ArrayContext bind() {
        return new ArrayContext(Devices.open(requested()), false).bindToThisThread();
    }
}
