package io.borealis.job.events;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface OutboxEvents extends JpaRepository<OutboxEvent, Long> {

    List<OutboxEvent> findByIdGreaterThanAndIdLessThanEqualOrderByIdAsc(long after, long upTo, Limit limit);

    @Query("select coalesce(max(e.id), 0) from OutboxEvent e")
    long newestId();
}
