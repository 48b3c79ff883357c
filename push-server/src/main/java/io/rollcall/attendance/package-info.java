/** Attendance domain: validation of updates, per-event state (latest record per guest, counts) and ids. */
package io.rollcall.attendance;
