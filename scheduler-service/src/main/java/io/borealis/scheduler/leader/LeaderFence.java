package io.borealis.scheduler.leader;

import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fence every write transaction passes first: it reads the lease row FOR KEY SHARE and refuses
 * (rolling the transaction back) unless we still hold it with our epoch. A takeover locks the row
 * FOR UPDATE first, which waits until this transaction has committed, so no write of an old epoch
 * lands after it. The leader's own renewal (an UPDATE of {@code expires_at}, a lock FOR NO KEY
 * UPDATE) does not conflict with KEY SHARE: a long write transaction cannot hold the renewal up
 * until the lease runs out (with FOR SHARE it did: a busy leader lost its lease under load).
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
                .createNativeQuery("SELECT holder, epoch FROM leader_lease WHERE name = ?1 FOR KEY SHARE")
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
