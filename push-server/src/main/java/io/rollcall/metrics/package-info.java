/** Micrometer meters of the server, exposed in Prometheus format on the admin port. */
package io.rollcall.metrics;
