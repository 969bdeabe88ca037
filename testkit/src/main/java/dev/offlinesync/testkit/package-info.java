/**
 * Test support for offlinesync and for apps that use it.
 *
 * <ul>
 *   <li>{@link dev.offlinesync.testkit.StoreContractTest}: the JUnit 5 contract suite that every implementation
 *   of {@link dev.offlinesync.spi.SyncContextDataSource} extends. It pins the SPI's behaviour (values, predicates
 *   with SQL's three-valued logic, ordering and paging, transactions, concurrency, system tables, close) with
 *   plain examples and no mocks; a store that keeps its data across {@code close()} extends
 *   {@link dev.offlinesync.testkit.PersistentStoreContractTest}, which adds the reopen tests.</li>
 *   <li>{@link dev.offlinesync.testkit.FakeTableService}: an in-process table service on the JDK's HTTP server,
 *   for users' integration tests and demos, in one of three dialects; the table after this list says where it
 *   differs from the real servers. What each dialect answers:
 *   <ul>
 *   <li>{@link dev.offlinesync.ProtocolDialect#MOBILE_APPS} (the default): the Azure Mobile Apps Node server
 *   ({@code azure-mobile-apps} 4.0.2 on Express and SQLite), {@code ZUMO-API-VERSION: 2.0.x} required,
 *   {@code PATCH} updates, bare-array lists (default page 50, {@code $top} above 1000 a 400), versions
 *   {@code "MQ=="}, {@code "Mg=="}, ..., a duplicate insert is a 409 echoing the submitted item, a deleted item
 *   is 404, unknown routes are Express' HTML 404.</li>
 *   <li>{@link dev.offlinesync.ProtocolDialect#DATASYNC}: the CommunityToolkit Datasync server (protocol 3.0.0)
 *   with soft delete on. Lists answer {@code {"items", "count", "nextLink"}} ({@code count} null unless
 *   {@code $count} is sent, {@code nextLink} a re-encoded query string without {@code ?}, null at the end),
 *   page size 100, order always ends with {@code id}, {@code $top} above 128000 a 400, OData v4 filters with
 *   {@code cast(...,Edm.DateTimeOffset)} or bare date literals ({@code datetimeoffset'...'} is a 400),
 *   {@code __includedeleted=true}; {@code PUT} replaces a whole item (body id must equal the URL id, JSON
 *   content type else 415), {@code If-Match}/{@code If-None-Match} as the server evaluates them (412 with the
 *   entity, 304 on a GET); insert 201 with {@code Location}, duplicate 409 with the <em>server's</em> entity;
 *   DELETE 204; a deleted item is 410 (GET/PUT unless {@code __includedeleted=true}, DELETE always); undelete is
 *   a PUT with {@code "deleted": false} and {@code __includedeleted=true}; no {@code createdAt}; versions are
 *   8-byte row versions ({@code "AAAAAAAAB9E="}); single items carry {@code ETag} and {@code Last-Modified};
 *   errors have no body or a JSON string. {@code ZUMO-API-VERSION} is ignored.</li>
 *   <li>{@link dev.offlinesync.ProtocolDialect#MOBILE_SERVICES}: the 2014 Mobile Services Node runtime.
 *   {@code X-ZUMO-APPLICATION} must carry {@link dev.offlinesync.testkit.FakeTableService#applicationKey()} (401
 *   otherwise), {@code ZUMO-API-VERSION} in any form is a 400; system columns are
 *   {@code __createdAt __updatedAt __version __deleted} and answered only when asked for with
 *   {@code __systemproperties} (or {@code $select}); a {@code __} property in a body is a 400; only
 *   {@code $filter $select $orderby $skip $top $inlinecount} (lower case), {@code __systemproperties} and
 *   {@code __includedeleted} are accepted, any other {@code $} or {@code __} parameter is a 400; default page
 *   50, {@code $top} above 1000 a 400, no next-page signal; PATCH answers the sent fields, the id and the asked
 *   system columns (a new {@code __version} whenever {@code If-Match} was sent); {@code If-Match} must be one
 *   quoted tag (400 otherwise, {@code *} means none); stale version 412 with the full row; duplicate insert 409
 *   {@code {"code","error"}}; DELETE 204; a deleted item is 404 unless {@code __includeDeleted=true}, its
 *   PATCH or DELETE 404 with the right version and 412 with a stale or (PATCH) no version; {@code POST
 *   /tables/T/id} without a body undeletes (200); {@code PUT} is a 405.</li>
 *   </ul>
 *   </li>
 *   <li>{@code dev.offlinesync.testkit.engine}: the engine contract suite (queue, push, pull, purge) run on any
 *   store against the fake service.</li>
 * </ul>
 *
 * <p><b>Where the fake knowingly differs</b> from the real servers (MA: Mobile Apps, DS: Datasync, MS: Mobile
 * Services):
 * <pre>
 * | dialect | topic                                | real server                   | fake                             |
 * |---------|--------------------------------------|-------------------------------|----------------------------------|
 * | all     | column types                         | typed schema                  | JSON scalars as sent; strings    |
 * |         |                                      |                               | compared with a date are parsed  |
 * | all     | tolower, length, year..., arithmetic | supported                     | a filter that won't parse        |
 * | all     | error texts; storage and clock       | the server's; database        | ours, same status; memory, Clock |
 * | MA      | startswith, endswith, substringof    | match nothing on SQLite       | work (case-sensitive)            |
 * | MA      | X-ZUMO-AUTH; HEAD; Cache-Control     | checked; like GET; sent       | ignored; HTML 404; not sent      |
 * | MA      | "version" in an insert body          | stored                        | ignored: versions start "MQ=="   |
 * | MA      | PATCH or DELETE on /tables/T (no id) | update / delete by query      | 405                              |
 * | MA      | zumo-api-version query parameter     | lowercase name only           | any case                         |
 * | MA      | body id != URL id, bad id/$top/$skip | not captured                  | 400                              |
 * | DS      | unknown member in $filter/$select    | 400 (typed entity)            | no error: no schema              |
 * | DS      | unknown properties in a body         | dropped (typed entity)        | stored                           |
 * | DS      | If-(Un)Modified-Since                | evaluated                     | ignored                          |
 * | DS      | authorization, data views            | app-defined (401, 404, 400)   | none                             |
 * | DS      | malformed JSON body                  | framework default             | 400, no body                     |
 * | DS      | soft delete                          | off unless enabled            | on unless defineTable(t, false)  |
 * | DS      | versions                             | 16-byte GUIDs (in-memory, EF) | 8-byte row version per table     |
 * | MS      | X-ZUMO-AUTH, X-ZUMO-MASTER, scripts  | per-table permissions         | only the application key         |
 * | MS      | ties of an $orderby without id       | undefined                     | insertion order                  |
 * | MS      | date-like strings in a body          | stored as dates               | kept as strings                  |
 * | MS      | x-zumo-version response header       | sent                          | not sent                         |
 * </pre>
 */
package dev.offlinesync.testkit;
