package io.github.sigv4gateway.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link NettyBlockingDetector} when the test run starts, before any test has started a Netty or Reactor
 * thread, so that BlockHound watches every one of them. Only where the build asks for it ({@code blockhound.install},
 * set for surefire): BlockHound needs JVM flags the other test JVMs do not have.
 */
public class BlockHoundSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("blockhound.install")) {
            NettyBlockingDetector.installOnce();
        }
    }
}
