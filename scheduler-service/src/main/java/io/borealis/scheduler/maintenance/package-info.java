/**
 * Host maintenance: operators drain hosts (by agent hostname); their tasks are moved elsewhere at a
 * bounded rate (a share of each job at most), then the hosts take nothing until maintenance ends.
 * The modes are persisted and feed placement's maintenance check.
 */
package io.borealis.scheduler.maintenance;
