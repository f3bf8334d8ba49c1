/**
 * The update lifecycle of design §5, as plain Java: the states of a rollout and the actions taken
 * on each instance. No Spring, JPA or HTTP here; the state machine over these arrives with the
 * update engine.
 */
package io.borealis.update.lifecycle;
