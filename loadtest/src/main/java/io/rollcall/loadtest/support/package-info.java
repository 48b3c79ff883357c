/** Small shared pieces of every scenario: the clock, rate pacing, token minting, transport choice. */
package io.rollcall.loadtest.support;
