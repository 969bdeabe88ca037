/**
 * Not API: the engine behind the public classes. {@code engine} holds local writes with the queue's collapse
 * rules ({@code LocalWriter}), push ({@code PushRun}), pull ({@code PullRun}) and their shared state
 * ({@code EngineParts}, whose lock orders every change touching the queue and is never held across a network call);
 * {@code systemtables} keeps the operation queue, errors, delta tokens and the push lease in the store's system
 * tables; {@code http} sends requests (timeouts, response deadline, retries, 401 refresh, status errors);
 * {@code protocol} speaks each dialect's table protocol (system columns, OData rendering, the streaming page
 * parser); {@code json} converts between JSON items and store rows; {@code observe} delivers status, change and
 * live-query notifications and sync events. Anything here may change without notice.
 */
package dev.offlinesync.internal;
