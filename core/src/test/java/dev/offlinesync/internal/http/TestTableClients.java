package dev.offlinesync.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncEventListener;
import dev.offlinesync.internal.protocol.Protocol;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** A Mobile Apps table client on a loopback port, as the transport tests build it. */
final class TestTableClients {

    static final SyncEventListener NO_EVENTS = new SyncEventListener() { };

    private TestTableClients() {
    }

    static TableClient onPort(int port, Duration requestTimeout, Duration responseDeadline, RetryPolicy retries) {
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpSettings settings = new HttpSettings(base, Map.of(), null, null, null, Duration.ofSeconds(2),
                requestTimeout, responseDeadline, retries, 1024 * 1024, null);
        return new TableClient(settings, Map.of(), Protocol.of(ProtocolDialect.MOBILE_APPS, null),
                new ObjectMapper(), NO_EVENTS);
    }
}
