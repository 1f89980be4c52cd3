/** Helpers shared by stores. Not API: may change in any release. */
package dev.weft.store.internal;
