/**
 * {@code --workers K}: one run spread over K generator processes (each under the per-process socket
 * limit), their results and raw histograms merged into one, as if one process had run.
 */
package io.rollcall.loadtest.workers;
