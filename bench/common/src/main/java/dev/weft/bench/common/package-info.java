/**
 * The benchmark harness {@code bench/} and {@code bench/http/} share: store operations counted per
 * thread, the CPU meter, the rounds' start line, statistics, the run's bookkeeping, report and chart
 * helpers, option parsing and the two-member loopback Hazelcast cluster. Nothing here depends on
 * Spring.
 */
package dev.weft.bench.common;
