/**
 * Not API: the engine behind the public classes. {@code engine} holds local writes with the queue's collapse
 * rules ({@code LocalWriter}), push ({@code PushRun}), pull ({@code PullRun}) and their shared state
 * ({@code EngineParts}, whose lock orders every change touching the queue and is never held across a network call);
 * {@code queue} keeps the operation queue, errors and delta tokens in the store's system tables; {@code http}
 * speaks the table protocol (requests, retries, error mapping, streaming page parser, OData rendering);
 * {@code json} converts between JSON items and store rows. Anything here may change without notice.
 */
package dev.offlinesync.internal;
