/**
 * The WebSocket side of the load generator: cheap subscriber clients over ws:// or wss://, the
 * per-subprotocol frame readers (protobuf and JSON) and the seq checker.
 */
package io.rollcall.loadtest.ws;
