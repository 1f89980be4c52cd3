/**
 * What applications use: {@link dev.weft.session.Sessions} opens a {@link
 * dev.weft.session.SessionScope} per unit of work (a request), which binds one session to the
 * thread; {@code @SessionScoped} fields (woven by the agent) and the explicit {@link
 * dev.weft.session.Session} API then read and write that session's state, and closing the scope
 * commits it.
 *
 * <p>State is loaded lazily, at most once per scope, on the first read. At close: a new session
 * with no state stores nothing; a new session with state is saved under a new key; a changed
 * session is one atomic delta update (changed and removed keys only), so concurrent requests that
 * touch other keys lose nothing; an unchanged one costs nothing more (under {@link
 * dev.weft.session.TtlExtensionPolicy#ON_EVERY_REQUEST} the TTL extension rode on the load); a
 * renewed one moves to a new key; a purged one is deleted. A scope that touched nothing does no
 * store operation at all.
 *
 * <p>Values are JSON text (Jackson), decoded into each field's generic type. A value read from a
 * field may be changed in place ({@code items.add(x)}): it is encoded again at close and saved if
 * it differs from what was loaded.
 */
package dev.weft.session;
