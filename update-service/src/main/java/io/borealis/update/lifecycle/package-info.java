/**
 * The update lifecycle of design §5 as plain Java: the state table, the instance verdicts and the
 * engine that advances one update by one step (forward or back). No Spring, JPA or HTTP here.
 */
package io.borealis.update.lifecycle;
