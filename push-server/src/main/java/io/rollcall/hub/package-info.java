/**
 * Local fan-out: which subscribers of this node watch which event, grouped by event loop, and the
 * encode-once delivery of each update to them (DESIGN §6).
 */
package io.rollcall.hub;
