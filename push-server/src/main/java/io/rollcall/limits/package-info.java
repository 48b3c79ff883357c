/**
 * Abuse and overload protection: who may open a WebSocket (per-node and per-address connection
 * counts, allowed Origins, load shedding), how fast a connection may send, and the overload
 * monitor that tightens both when the node is under pressure.
 */
package io.rollcall.limits;
