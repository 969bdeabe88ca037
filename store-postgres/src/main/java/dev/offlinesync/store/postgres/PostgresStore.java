package dev.offlinesync.store.postgres;

import dev.offlinesync.store.jdbc.ConnectionFactory;
import dev.offlinesync.store.jdbc.JdbcStore;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A store in one schema of a PostgreSQL database, which several processes (replicas of a service, say) may use at
 * once.
 *
 * <pre>{@code
 * SyncClient client = SyncClient.builder(uri)
 *         .store(PostgresStore.builder(dataSource).schema("orders_sync").build())
 *         .build();
 * }</pre>
 *
 * <p>The store keeps its tables in its schema ({@value #DEFAULT_SCHEMA} unless set), which it creates when
 * missing, so several apps can share a database. It holds one connection for writes and up to
 * {@link Builder#readerConnections} for reads for as long as it is open; from a pool, those connections stay
 * borrowed. Every write transaction takes a transaction-scoped advisory lock on the schema first, so writes from
 * all processes on the schema happen one at a time, each seeing everything committed before it; a process that
 * dies loses its session and with it the lock. Reads do not wait for writes.
 */
public final class PostgresStore extends JdbcStore {

    /** The schema the store uses unless {@link Builder#schema} names another. */
    public static final String DEFAULT_SCHEMA = "offlinesync";
    /** How many connections reads may use at once unless {@link Builder#readerConnections} says otherwise. */
    public static final int DEFAULT_READER_CONNECTIONS = 4;

    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PostgresStore(Builder builder) {
        super(new PostgresDialect(builder.schema), builder.connections, builder.readerConnections,
                "PostgreSQL schema " + builder.schema + " of " + builder.where);
    }

    /**
     * A store on connections from this data source (a connection pool, typically).
     *
     * @param dataSource where the store takes its connections
     * @return the builder; {@link Builder#build} connects
     */
    public static Builder builder(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Builder(dataSource::getConnection, "a DataSource (" + dataSource.getClass().getSimpleName() + ")");
    }

    /**
     * A store on connections this store opens itself, e.g. to {@code jdbc:postgresql://127.0.0.1:5432/app}, with
     * the driver's {@code reWriteBatchedInserts=true} unless the URL sets it.
     *
     * @param jdbcUrl the database's URL, {@code jdbc:postgresql://host:port/database}
     * @param user the user name, or {@code null} when the URL or the driver's defaults give it
     * @param password the password, or {@code null} when none is needed
     * @return the builder; {@link Builder#build} connects
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
     */
    public static Builder builder(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + withoutQuery(jdbcUrl));
        }
        Properties properties = new Properties();
        // A batch of upserts (a pulled page) goes as multi-row INSERTs: 1.5 times the rows/s in the bench module.
        // The store removes duplicate ids from a batch first, so a multi-row ON CONFLICT never meets a row twice.
        // A parameter of the URL overrides it.
        properties.setProperty("reWriteBatchedInserts", "true");
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        ConnectionFactory connections = () -> connect(jdbcUrl, properties);
        return new Builder(connections, withoutQuery(jdbcUrl));
    }

    private static Connection connect(String url, Properties properties) throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the URL " + withoutQuery(url));
        }
        return connection;
    }

    /** The URL without its parameters, which may hold a password, for messages. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Settings of a {@link PostgresStore}; {@link #build} connects. */
    public static final class Builder {

        private final ConnectionFactory connections;
        private final String where;
        private String schema = DEFAULT_SCHEMA;
        private int readerConnections = DEFAULT_READER_CONNECTIONS;

        private Builder(ConnectionFactory connections, String where) {
            this.connections = connections;
            this.where = where;
        }

        /**
         * The schema that holds the store's tables: letters, digits and underscores, not starting with a digit or
         * {@code pg_}, at most 63 bytes; case-sensitive. Default {@value #DEFAULT_SCHEMA}.
         *
         * @param schema the schema's name; the store creates it when missing
         * @return this builder
         */
        public Builder schema(String schema) {
            Objects.requireNonNull(schema, "schema");
            if (!SCHEMA_NAME.matcher(schema).matches() || schema.startsWith("pg_")
                    || schema.getBytes(StandardCharsets.UTF_8).length > PostgresDialect.MAX_NAME_BYTES) {
                throw new IllegalArgumentException("Invalid schema name '" + schema + "': use letters, digits and"
                        + " underscores, not starting with a digit or pg_, at most "
                        + PostgresDialect.MAX_NAME_BYTES + " characters");
            }
            this.schema = schema;
            return this;
        }

        /**
         * How many connections reads may use at once, besides the one for writes; 0 reads on the writer.
         * Default {@value #DEFAULT_READER_CONNECTIONS}.
         *
         * @param readerConnections the number of reader connections, 0 or more
         * @return this builder
         */
        public Builder readerConnections(int readerConnections) {
            if (readerConnections < 0) {
                throw new IllegalArgumentException("readerConnections must be >= 0, was " + readerConnections);
            }
            this.readerConnections = readerConnections;
            return this;
        }

        /**
         * Connects, creates the schema and the store's metadata tables when missing, and loads the table
         * definitions.
         *
         * @return the open store; close it to close its connections
         * @throws dev.offlinesync.spi.StoreException when the database cannot be reached or used, or was written by a
         *         newer version of the library
         */
        public PostgresStore build() {
            return new PostgresStore(this);
        }
    }
}
