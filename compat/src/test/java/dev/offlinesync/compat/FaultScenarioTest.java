package dev.offlinesync.compat;

import java.time.Duration;

import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncContextDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A scenario against the real Node server with a {@link FaultProxy} between the devices and the server. The
 * devices give up on an answer after {@link #REQUEST_TIMEOUT} and retry a failed request {@link #RETRIES}
 * time, so that a scripted fault must be injected {@link #ATTEMPTS} times to fail an operation for a whole push.
 */
abstract class FaultScenarioTest extends ScenarioTest {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    /** Longer than the devices' timeout: a delayed answer arrives after they gave up. */
    static final Duration PROXY_DELAY = Duration.ofMillis(1_600);
    static final int RETRIES = 1;
    /** How often a device sends one request before its push gives up on it. */
    static final int ATTEMPTS = RETRIES + 1;

    protected FaultProxy proxy;

    FaultScenarioTest(NodeTableServer server) {
        super(server);
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(server.uri(), PROXY_DELAY);
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    /** A device that talks to the server through the proxy, without a delegate. */
    SyncClient deviceBehindProxy() {
        return deviceBehindProxy(null);
    }

    /** A device that talks to the server through the proxy, with short timeouts and one retry. */
    SyncClient deviceBehindProxy(SyncContextDelegate delegate) {
        return devices.device(proxy.uri(), delegate, builder -> builder
                .requestTimeout(REQUEST_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(2))
                .retries(RETRIES, Duration.ofMillis(50)));
    }
}
