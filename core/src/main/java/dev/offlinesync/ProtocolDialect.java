package dev.offlinesync;

/**
 * The table protocol a server speaks. Chosen once per {@link SyncClient}.
 */
public enum ProtocolDialect {
    /**
     * Azure Mobile Apps ({@code ZUMO-API-VERSION: 2.0.0}): the Node and .NET Mobile Apps servers. Updates are
     * {@code PATCH}, deleted items answer 404, at most 1000 rows per request.
     */
    MOBILE_APPS,
    /**
     * Datasync ({@code ZUMO-API-VERSION: 3.0.0}): the CommunityToolkit Datasync server (ASP.NET Core over SQL
     * Server, PostgreSQL, Cosmos DB, ...) and {@code Microsoft.AspNetCore.Datasync} 6.x. Updates are a full
     * {@code PUT}, deleted items answer 410, items have no {@code createdAt} (the local column stays null).
     */
    DATASYNC,
    /**
     * Azure Mobile Services (2014, the Node runtime): no version header, the application key of
     * {@link SyncClient.Builder#applicationKey} in {@code X-ZUMO-APPLICATION}, system columns named
     * {@code __createdAt}, {@code __updatedAt}, {@code __version}, {@code __deleted} on the wire (the same local
     * columns), {@code PATCH} answered with the sent fields only, deleted items 404, at most 1000 rows per request.
     */
    MOBILE_SERVICES
}
