package dev.offlinesync.testkit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests with exactly the headers a test gives (no version header added), for the dialects whose servers
 * refuse or ignore {@code ZUMO-API-VERSION: 2.0.0}. Each instance carries headers sent with every request.
 */
final class RawHttp {

    private final URI base;
    private final Map<String, String> always;

    RawHttp(URI base, Map<String, String> always) {
        this.base = base;
        this.always = Map.copyOf(always);
    }

    /** A call: {@code http.call("PUT", "/tables/todoitem/a1", body).header("If-Match", tag).send()}. */
    Call call(String method, String pathAndQuery, String jsonBody) {
        return new Call(method, pathAndQuery, jsonBody);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return call("GET", pathAndQuery, null).send();
    }

    HttpResponse<String> post(String pathAndQuery, String jsonBody) {
        return call("POST", pathAndQuery, jsonBody).send();
    }

    HttpResponse<String> delete(String pathAndQuery) {
        return call("DELETE", pathAndQuery, null).send();
    }

    final class Call {
        private final String method;
        private final String pathAndQuery;
        private final String body;
        private final Map<String, String> headers = new LinkedHashMap<>(always);

        private Call(String method, String pathAndQuery, String body) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
            this.body = body;
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call without(String name) {
            headers.remove(name);
            return this;
        }

        HttpResponse<String> send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(builder::header);
            return ZumoHttp.send(builder.build());
        }
    }
}
