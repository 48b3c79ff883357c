/**
 * Netty plumbing: bootstrap and transports, pipeline assembly, the WebSocket upgrade gate, frame
 * encodings, heartbeats and the last-in-pipeline exception handler.
 */
package io.rollcall.transport;
