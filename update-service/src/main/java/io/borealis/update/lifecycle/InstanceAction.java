package io.borealis.update.lifecycle;

/** What an update did to one instance (Aurora's JobUpdateAction). */
public enum InstanceAction {
    INSTANCE_UPDATING,
    INSTANCE_UPDATED,
    INSTANCE_UPDATE_FAILED,
    INSTANCE_ROLLING_BACK,
    INSTANCE_ROLLED_BACK,
    INSTANCE_ROLLBACK_FAILED
}
