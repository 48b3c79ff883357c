/** Scenarios: each runs one kind of load against a server and returns a result to report. */
package io.rollcall.loadtest.scenario;
