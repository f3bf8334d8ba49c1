package io.borealis.api.task;

/** The task lifecycle of design §4 (Aurora's ScheduleStatus). */
public enum TaskStatus {
    PENDING, THROTTLED, ASSIGNED, STARTING, RUNNING, KILLING, RESTARTING, PREEMPTING, DRAINING,
    PARTITIONED, FINISHED, FAILED, KILLED, LOST;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED || this == LOST;
    }

    /** Holds or is about to hold resources on an agent. */
    public boolean isActive() {
        return !isTerminal() && this != PENDING && this != THROTTLED;
    }
}
