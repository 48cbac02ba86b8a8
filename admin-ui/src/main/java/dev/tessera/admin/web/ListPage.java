package dev.tessera.admin.web;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One page of a list the admin API returns whole (clients, scopes, users, issuers): the
 * console filters and pages it itself, so every list page has the same search box and
 * "previous / next" links.
 *
 * @param items the items on this page
 * @param page this page's number, from 1
 * @param totalPages the number of pages, at least 1
 * @param total how many items matched
 * @param query the search text, or empty
 */
public record ListPage<T>(List<T> items, int page, int totalPages, int total, String query) {

	/** The default page size of the console's tables. */
	public static final int SIZE = 25;

	/**
	 * The matching items' page: an item matches when any of its searchable texts contains
	 * the query, ignoring case; a page number out of range gives the nearest page.
	 */
	public static <T> ListPage<T> of(List<T> all, String query, Function<T, List<String>> searchable, int page) {
		String needle = (query != null) ? query.strip().toLowerCase(Locale.ROOT) : "";
		List<T> matching = needle.isEmpty() ? all
				: all.stream()
					.filter(item -> searchable.apply(item)
						.stream()
						.anyMatch(text -> text != null && text.toLowerCase(Locale.ROOT).contains(needle)))
					.toList();
		int totalPages = Math.max(1, (matching.size() + SIZE - 1) / SIZE);
		int current = Math.min(Math.max(page, 1), totalPages);
		int from = (current - 1) * SIZE;
		List<T> items = matching.subList(from, Math.min(from + SIZE, matching.size()));
		return new ListPage<>(List.copyOf(items), current, totalPages, matching.size(),
				needle.isEmpty() ? "" : query.strip());
	}

	public boolean hasPrevious() {
		return this.page > 1;
	}

	public boolean hasNext() {
		return this.page < this.totalPages;
	}

	public boolean isEmpty() {
		return this.items.isEmpty();
	}

}
