/**
 * Weft on Jakarta Servlet 6: {@link dev.weft.servlet.SessionFilter} gives every request its
 * session, so that {@code @SessionScoped} fields and {@link dev.weft.session.Session} work in
 * servlets and in the frameworks built on them, and {@code HttpServletRequest.getSession()}
 * returns an {@code HttpSession} on the same session.
 *
 * <p>The session is the request's across its dispatches (forward, include, error pages, async
 * dispatches) and threads ({@code AsyncContext.start}, {@link
 * dev.weft.servlet.SessionFilter#wrap(jakarta.servlet.ServletRequest, Runnable)}), and it is
 * stored before the response commits, so that a new key still reaches the client and the client's
 * next request sees the state. {@code HttpSession} attributes are JSON with their types, decoded
 * only for types on an allow-list; {@code getId()} is a digest of the key, safe to log, never the
 * key. The container's own sessions are not used.
 */
package dev.weft.servlet;
