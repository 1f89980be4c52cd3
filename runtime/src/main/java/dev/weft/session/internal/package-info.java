/**
 * The per-scope session state, the value codec, and the bridge that woven code calls. Not API:
 * may change in any release.
 */
package dev.weft.session.internal;
