/** Small command-line helpers shipped in the server jar. */
package io.rollcall.tools;
