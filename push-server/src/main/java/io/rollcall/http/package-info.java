/** HTTP on the public port (routing, the publish and snapshot API) and the admin port (health, metrics). */
package io.rollcall.http;
