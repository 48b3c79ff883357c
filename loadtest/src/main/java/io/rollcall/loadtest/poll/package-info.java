/** HTTP polling clients of the snapshot endpoint: the baseline push is compared with. */
package io.rollcall.loadtest.poll;
