/** Self-contained HTML reports with inline SVG plots (no scripts, no external resources: the network may be closed). */
package io.rollcall.loadtest.report;
