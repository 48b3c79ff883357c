/** A client's WebSocket session: authentication, subscriptions and the per-event delivery state machine. */
package io.rollcall.session;
