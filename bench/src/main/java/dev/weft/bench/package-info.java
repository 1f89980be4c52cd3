/** Benchmarks of Weft against Spring Session's Hazelcast repository and hand-written IMap calls. */
package dev.weft.bench;
