package dev.offlinesync.compat;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;

/** The shared protocol exchanges against the real Azure Mobile Apps Node server (sqlite data provider). */
@ExtendWith(NodeServerExtension.class)
class NodeServerProtocolTest extends TableProtocolExchanges {

    private final NodeTableServer server;

    NodeServerProtocolTest(NodeTableServer server) {
        this.server = server;
    }

    @Override
    URI service() {
        return server.uri();
    }

    @Override
    void emptyTables() {
        server.clearTables();
    }

    @Override
    void setUpdatedAt(List<String> ids, Instant updatedAt) {
        ServerRows.setUpdatedAt(server, ids, updatedAt);
    }

    /** The sqlite provider's string functions silently match nothing. */
    @Override
    boolean stringFunctionsMatch() {
        return false;
    }
}
