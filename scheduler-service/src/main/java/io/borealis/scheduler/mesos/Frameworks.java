package io.borealis.scheduler.mesos;

import org.springframework.data.jpa.repository.JpaRepository;

interface Frameworks extends JpaRepository<Framework, String> {
}
