package io.borealis.scheduler.task;

/** One restarted instance and the task being restarted (its replacement will link to it as ancestor). */
record RestartedTask(int instance, String taskId) {
}
