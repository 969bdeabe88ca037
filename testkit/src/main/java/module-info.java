/**
 * Test support: the store and engine contract suites and {@link dev.offlinesync.testkit.FakeTableService}.
 * Open, so that JUnit can run the suites' test methods in the classes that extend them.
 */
open module dev.offlinesync.testkit {
    requires transitive dev.offlinesync;
    // The contract suites are JUnit 5 test classes to extend.
    requires transitive org.junit.jupiter.api;
    requires jdk.httpserver;
    requires java.logging;

    exports dev.offlinesync.testkit;
    exports dev.offlinesync.testkit.engine;
}
