/**
 * JMH benchmarks of the push server's hot path (DESIGN §6): fan-out of one update to many
 * subscribers, and frame encoding and decoding. See {@code benchmarks/README.md}.
 */
package io.rollcall.benchmarks;
