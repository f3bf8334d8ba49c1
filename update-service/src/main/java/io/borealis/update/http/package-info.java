/**
 * HTTP concerns shared by every feature: each error becomes an RFC 9457 problem with a stable
 * {@code type}, mapped in one place ({@link io.borealis.update.http.ProblemAdvice}).
 */
package io.borealis.update.http;
