/**
 * The WebSocket side of the load generator: cheap subscriber clients over ws:// or wss:// (a
 * hand-written handshake, client frames encoded and masked once), the per-subprotocol frame
 * readers (protobuf and JSON) and the seq checker.
 */
package io.rollcall.loadtest.ws;
