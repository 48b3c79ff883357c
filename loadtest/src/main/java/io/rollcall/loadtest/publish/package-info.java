/** The publishing side: paced attendance updates over the server's HTTP API. */
package io.rollcall.loadtest.publish;
