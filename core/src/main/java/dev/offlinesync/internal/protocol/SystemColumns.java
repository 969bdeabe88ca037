package dev.offlinesync.internal.protocol;

import dev.offlinesync.spi.ColumnType;
import java.util.Map;
import java.util.Set;

/**
 * The system columns as the local store and the engine name them, whichever protocol the server speaks: each
 * {@link Protocol} maps its wire names to these, so the local schema never depends on the dialect.
 */
public final class SystemColumns {

    public static final String ID = "id";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String VERSION = "version";
    /** Only on the wire answers the engine reads (a server's soft delete); never a local column. */
    public static final String DELETED = "deleted";

    /** Columns the server maintains; every sync table has them locally (a dialect without one leaves it null). */
    public static final Map<String, ColumnType> LOCAL = Map.of(
            CREATED_AT, ColumnType.DATE, UPDATED_AT, ColumnType.DATE, VERSION, ColumnType.STRING);

    /** What a request body never carries: the server sets these. */
    public static final Set<String> SERVER_SET = Set.of(CREATED_AT, UPDATED_AT, VERSION, DELETED);

    private SystemColumns() {
    }
}
