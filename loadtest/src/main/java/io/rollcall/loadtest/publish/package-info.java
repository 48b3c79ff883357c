/** The publishing side: paced attendance updates over the server's HTTP API or straight into Redis ({@code FCALL}). */
package io.rollcall.loadtest.publish;
