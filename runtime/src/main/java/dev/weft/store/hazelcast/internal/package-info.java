/** The Hazelcast store's stored form and entry processors. Not API: may change in any release. */
package dev.weft.store.hazelcast.internal;
