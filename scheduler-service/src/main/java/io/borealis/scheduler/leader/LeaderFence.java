package io.borealis.scheduler.leader;

import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fence every write transaction passes first: it reads the lease row FOR SHARE and refuses
 * (rolling the transaction back) unless we still hold it with our epoch. The share lock makes a
 * takeover wait until this transaction has committed, so no write of an old epoch lands after it.
 */
@Component
public class LeaderFence {

    private final EntityManager entityManager;
    private final LeaderElection election;

    LeaderFence(EntityManager entityManager, LeaderElection election) {
        this.entityManager = entityManager;
        this.election = election;
    }

    /** Throws {@link NotLeaderException} unless the lease is ours with our epoch; call inside the write transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void check() {
        long mine = election.epoch();
        if (mine == 0) {
            throw new NotLeaderException(election.self() + " is not the leader");
        }
        Object[] row = (Object[]) entityManager
                .createNativeQuery("SELECT holder, epoch FROM leader_lease WHERE name = ?1 FOR SHARE")
                .setParameter(1, LeaderElection.LOCK)
                .getSingleResult();
        String holder = (String) row[0];
        long epoch = ((Number) row[1]).longValue();
        if (epoch != mine || !election.self().equals(holder)) {
            throw new NotLeaderException("stale epoch " + mine + " of " + election.self() + ": the lease is at epoch "
                    + epoch + " held by " + holder);
        }
    }
}
