/**
 * offlinesync's core: the public API ({@code dev.offlinesync}) and the store SPI ({@code dev.offlinesync.spi}).
 * The engine, HTTP and JSON code under {@code dev.offlinesync.internal} is not exported.
 *
 * <p>Typed tables map your records and POJOs with Jackson: on the module path, open (or export) the package
 * of those classes to {@code com.fasterxml.jackson.databind}.
 */
module dev.offlinesync {
    // ObjectNode and ObjectMapper are part of the API (JSON tables, conflicts, the builder's mapper).
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    // HttpClient is part of the builder (the application may pass its own).
    requires transitive java.net.http;

    exports dev.offlinesync;
    exports dev.offlinesync.spi;
}
