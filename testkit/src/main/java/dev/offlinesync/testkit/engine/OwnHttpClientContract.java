package dev.offlinesync.testkit.engine;

import static dev.offlinesync.testkit.engine.EngineFixture.await;
import static dev.offlinesync.testkit.engine.EngineFixture.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Query;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncException;
import dev.offlinesync.SyncTable;
import dev.offlinesync.spi.SyncContextDataSource;
import dev.offlinesync.testkit.RecordedRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The application's own {@link HttpClient} carries the requests (its proxy, TLS and authenticator settings apply),
 * while the library keeps its own timeouts, retries and HTTP/1.1 for cleartext.
 */
public interface OwnHttpClientContract extends EngineFixture {

    /** {@return a new, empty store of the kind under test} */
    SyncContextDataSource newStore();

    /** Sends everything to one proxy and counts how often it was asked. */
    final class CountingProxySelector extends ProxySelector {
        final AtomicInteger asked = new AtomicInteger();
        private final InetSocketAddress proxy;

        CountingProxySelector(InetSocketAddress proxy) {
            this.proxy = proxy;
        }

        @Override
        public List<Proxy> select(URI uri) {
            asked.incrementAndGet();
            return List.of(new Proxy(Proxy.Type.HTTP, proxy));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            throw new AssertionError("the proxy " + address + " could not be reached", failure);
        }
    }

    /**
     * The service's host does not resolve: only a client that goes through the proxy reaches it. The proxy is the
     * fake service itself, which answers proxy requests (absolute URIs) like any other.
     */
    @Test
    default void theApplicationsHttpClientCarriesEveryRequestThroughItsProxy() {
        service().insertDirect("TodoItem", item("a", "from the server", false));
        CountingProxySelector proxy = new CountingProxySelector(
                new InetSocketAddress(service().uri().getHost(), service().uri().getPort()));
        HttpClient own = HttpClient.newBuilder().proxy(proxy).build(); // HTTP/2 by default
        try (SyncClient client = SyncClient.builder(URI.create("http://offlinesync-service.invalid/"))
                .store(newStore()).dialect(dialect()).applicationKey(service().applicationKey())
                .httpClient(own)
                .requestTimeout(Duration.ofSeconds(10))
                .build()) {
            SyncTable<ObjectNode> todos = client.table("TodoItem");
            todos.insert(item("b", "from this device", false));
            await(todos.pull(Query.all(), "all"));
            assertEquals(2, todos.read(Query.all()).items().size());
        }
        assertTrue(proxy.asked.get() >= 2, "the application's proxy selector was asked for every request");
        List<RecordedRequest> requests = requests();
        assertEquals(List.of("POST /tables/TodoItem", "GET /tables/TodoItem"), requestLines().subList(0, 2));
        for (RecordedRequest request : requests) {
            assertEquals("offlinesync-service.invalid", request.header("Host"));
        }
    }

    /** Checks that an own http 2 client speaks http 11 to a cleartext service. */
    @Test
    default void anOwnHttp2ClientSpeaksHttp11ToACleartextService() {
        try (SyncClient client = SyncClient.builder(service().uri()).store(newStore())
                .dialect(dialect()).applicationKey(service().applicationKey())
                .httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build())
                .build()) {
            SyncTable<ObjectNode> todos = client.table("TodoItem");
            todos.insert(item("b", "from this device", false));
            await(todos.pull(Query.all(), "all"));
        }
        assertEquals(List.of("POST /tables/TodoItem", "GET /tables/TodoItem"), requestLines().subList(0, 2));
        for (RecordedRequest request : requests()) {
            assertNull(request.header("Upgrade"), "no h2c upgrade: " + request.headers());
        }
    }

    /** Checks that an own http client and a connect timeout are refused together saying where the timeout goes. */
    @Test
    default void anOwnHttpClientAndAConnectTimeoutAreRefusedTogetherSayingWhereTheTimeoutGoes() {
        try (SyncContextDataSource store = newStore()) {
            SyncClient.Builder builder = SyncClient.builder(service().uri()).store(store)
                    .httpClient(HttpClient.newHttpClient())
                    .connectTimeout(Duration.ofSeconds(3));
            SyncException refused = assertThrows(SyncException.class, builder::build);
            assertTrue(refused.getMessage().contains("HttpClient.Builder.connectTimeout"), refused.getMessage());
        }
    }
}
