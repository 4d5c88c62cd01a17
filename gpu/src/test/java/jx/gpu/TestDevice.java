package jx.gpu;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import jx.run.Devices;

/**
 * The test-suite switch: with {@code -Djx.test.device=cuda} (or JX_TEST_DEVICE=cuda) every test
 * in this JVM computes on the CUDA backend, selected as {@code --device cuda} selects it, before
 * the first test runs. A requested device that does not work fails the run with its reason.
 */
public final class TestDevice implements LauncherSessionListener {
    static String requested() {
        String env = System.getenv().getOrDefault("JX_TEST_DEVICE", "cpu");
        return System.getProperty("jx.test.device", env);
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (requested().equals("cuda")) {
            Devices.select("cuda");
        }
    }
}
