/**
 * The Redis broker: the {@code rollcall} Redis Function library sequences and stores updates;
 * nodes hold one sharded subscription per event with local subscribers. Standalone Redis and
 * Redis Cluster.
 */
package io.rollcall.broker.redis;
