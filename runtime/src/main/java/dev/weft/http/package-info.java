/**
 * {@link dev.weft.http.SessionFilter}: sessions for the JDK's {@code com.sun.net.httpserver},
 * carried in a cookie.
 */
package dev.weft.http;
