package dev.tessera.auth.token.quota;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the nodes' counts meet: each node adds what it counted since its last sync and
 * learns the cluster's totals, in one exchange per sync interval.
 */
public interface QuotaUsageStore {

	/**
	 * Adds the deltas and reads back the totals of every client with tokens in the given
	 * UTC day, all in one transaction.
	 * @param deltas tokens counted on this node and not yet added, per client and hour
	 * @param hour the start of the current UTC hour
	 * @param day the start of the current UTC day
	 * @return the cluster's totals (deltas included) for the hour and the day, per client
	 * with any tokens today
	 */
	Map<String, Totals> addAndRead(List<Delta> deltas, Instant hour, Instant day);

	/** Removes the counts of hours before {@code before}; returns how many rows went. */
	int removeBefore(Instant before);

	/** Tokens one node counted for a client in one UTC hour. */
	record Delta(String clientKey, Instant hour, long tokens) {
	}

	/** A client's tokens across the cluster in the current hour and day. */
	record Totals(long hour, long day) {
	}

}
