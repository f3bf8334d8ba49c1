/**
 * The wire of the Mesos v1 scheduler API: RecordIO framing and the protobuf and JSON encodings
 * of Calls and Events. No state and no Spring beans here.
 */
package io.borealis.cluster.protocol;
