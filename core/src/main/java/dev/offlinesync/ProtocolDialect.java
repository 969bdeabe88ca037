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
     * CommunityToolkit Datasync ({@code ZUMO-API-VERSION: 3.0.0}): pages of {@code {items, count, nextLink}},
     * updates are a full {@code PUT}, deleted items answer 410, no {@code createdAt}.
     */
    DATASYNC,
    /**
     * Azure Mobile Services (2014): application key header, no version header, {@code __}-prefixed system
     * columns that are sent only when asked for with {@code __systemproperties}.
     */
    MOBILE_SERVICES
}
