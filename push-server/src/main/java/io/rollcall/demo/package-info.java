/**
 * {@code --demo}: a wedding with a few hundred guests whose RSVPs and check-ins play in a loop,
 * published through the node's own broker, so a first run shows a live dashboard.
 */
package io.rollcall.demo;
