/**
 * Reference Java client of the rollcall protocol: {@link io.rollcall.client.RollcallClient} connects,
 * authenticates, refreshes its token, keeps each event's position and resumes from it after any
 * disconnect; listeners run on the client's event loop thread.
 */
package io.rollcall.client;
