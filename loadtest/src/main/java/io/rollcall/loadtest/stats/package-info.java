/** Latency recording (HdrHistogram, per event loop, merged at the end) and run reports. */
package io.rollcall.loadtest.stats;
