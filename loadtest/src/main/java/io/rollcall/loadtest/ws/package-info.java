/** The WebSocket side of the load generator: cheap subscriber clients, the frame reader and the seq checker. */
package io.rollcall.loadtest.ws;
