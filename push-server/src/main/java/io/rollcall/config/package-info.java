/** The typed, validated configuration tree and how it is read from file, environment and flags. */
package io.rollcall.config;
