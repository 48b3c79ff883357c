/** The embedded broker: one node, in memory, same semantics as Redis. */
package io.rollcall.broker.memory;
