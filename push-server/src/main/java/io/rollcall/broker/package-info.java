/**
 * The broker contract: where updates are sequenced, stored in bounded history and published to
 * every node. {@code memory} is the embedded single-node implementation.
 */
package io.rollcall.broker;
