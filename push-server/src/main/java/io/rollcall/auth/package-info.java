/** Token verification and what a verified token allows. */
package io.rollcall.auth;
