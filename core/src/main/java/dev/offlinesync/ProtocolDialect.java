package dev.offlinesync;

/**
 * The table protocol a server speaks. Chosen once per {@link SyncClient}.
 */
public enum ProtocolDialect {
    /**
     * Azure Mobile Apps ({@code ZUMO-API-VERSION: 2.0.0}): the Node and .NET Mobile Apps servers. Updates are
     * {@code PATCH}, deleted items answer 404, at most 1000 rows per request.
     */
    MOBILE_APPS
}
