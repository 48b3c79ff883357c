/** The load generator's command line: the top-level command and one subcommand per scenario. */
package io.rollcall.loadtest;
