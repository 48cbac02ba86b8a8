package dev.tessera.bench;

import java.time.Duration;

/**
 * How long a disabled client kept getting tokens after the change, per node (see
 * {@link PropagationProbe}).
 *
 * @param throughNode until the node that made the change refused the client
 * @param otherNode until the other node did
 * @param cacheTtl the client cache lifetime the nodes ran with, as configured
 * @param polls token requests sent to the other node while waiting
 */
public record Propagation(Duration throughNode, Duration otherNode, String cacheTtl, int polls) {
}
