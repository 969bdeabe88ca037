package dev.offlinesync.compat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The common setup of the scenario tests against the real Node server: one server per test class (from
 * {@link NodeServerExtension}), restarted before a test if an earlier one left it stopped, with empty tables and
 * a fresh {@link Devices} for every test, closed after it. {@link #rest} talks to the server directly, as
 * another app would.
 *
 * <p>A subclass's own {@code @BeforeEach} runs after this one's, and its {@code @AfterEach} before this one's.
 */
@ExtendWith(NodeServerExtension.class)
abstract class ScenarioTest {

    protected final NodeTableServer server;
    protected final RawTables rest;
    protected Devices devices;

    ScenarioTest(NodeTableServer server) {
        this.server = server;
        this.rest = new RawTables(server.uri());
    }

    @BeforeEach
    void freshServerAndDevices() {
        if (!server.isRunning()) {
            server.restart();
        }
        server.clearTables();
        devices = new Devices(server.uri());
    }

    @AfterEach
    void closeDevices() {
        devices.close();
    }
}
