/** Command-line options shared by the scenarios (picocli mixins) and their converters. */
package io.rollcall.loadtest.cli;
