/**
 * Test support for offlinesync and for apps that use it.
 *
 * <ul>
 *   <li>{@link dev.offlinesync.testkit.StoreContractTest}: the JUnit 5 contract suite that every implementation
 *   of {@link dev.offlinesync.spi.SyncContextDataSource} extends. It pins the SPI's behaviour (values, predicates
 *   with SQL's three-valued logic, ordering and paging, transactions, concurrency, system tables, close) with
 *   plain examples and no mocks; a store that keeps its data across {@code close()} extends
 *   {@link dev.offlinesync.testkit.PersistentStoreContractTest}, which adds the reopen tests.</li>
 *   <li>{@link dev.offlinesync.testkit.FakeTableService}: an in-process Azure Mobile Apps table service on the
 *   JDK's HTTP server, for users' integration tests and demos; its Javadoc lists where it differs from the
 *   real server.</li>
 *   <li>{@code dev.offlinesync.testkit.engine}: the engine contract suite (queue, push, pull, purge) run on any
 *   store against the fake service.</li>
 * </ul>
 */
package dev.offlinesync.testkit;
