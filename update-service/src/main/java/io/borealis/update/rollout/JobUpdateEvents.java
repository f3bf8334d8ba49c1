package io.borealis.update.rollout;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The history of every update. */
public interface JobUpdateEvents extends JpaRepository<JobUpdateEvent, Long> {

    /** One update's history in the order it happened. */
    List<JobUpdateEvent> findByUpdateIdOrderById(UUID updateId);
}
