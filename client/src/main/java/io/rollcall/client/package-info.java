/**
 * Reference Java client of the rollcall protocol: connects, authenticates, keeps each event's
 * position and resumes from it after any disconnect.
 */
package io.rollcall.client;
