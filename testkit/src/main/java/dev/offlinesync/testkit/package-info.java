/**
 * Test support for offlinesync stores: {@link dev.offlinesync.testkit.StoreContractTest}, the JUnit 5
 * contract suite that every implementation of {@link dev.offlinesync.spi.SyncContextDataSource} extends. The
 * suite pins the SPI's behaviour (values, predicates with SQL's three-valued logic, ordering and paging,
 * transactions, concurrency, system tables, close; and reopen for persistent stores in PersistentStoreContractTest) with plain examples and no mocks.
 */
package dev.offlinesync.testkit;
