package io.borealis.update.rollout;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The instances each update touches. */
public interface UpdateInstances extends JpaRepository<UpdateInstance, Long> {

    /** One update's instances in forward order. */
    List<UpdateInstance> findByUpdateIdOrderByOrdinal(UUID updateId);
}
