/** TLS on the public port: the server's SSL context, its provider choice and its reload on file change. */
package io.rollcall.tls;
