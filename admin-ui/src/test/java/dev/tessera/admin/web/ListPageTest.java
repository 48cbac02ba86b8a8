package dev.tessera.admin.web;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search and paging of the whole lists the admin API returns.
 */
class ListPageTest {

	private static final List<String> SIXTY = IntStream.rangeClosed(1, 60).mapToObj(i -> "client-" + i).toList();

	@Test
	void pagesByTwentyFive() {
		ListPage<String> first = ListPage.of(SIXTY, null, List::of, 1);
		ListPage<String> last = ListPage.of(SIXTY, "", List::of, 3);

		assertThat(first.items()).hasSize(25).startsWith("client-1");
		assertThat(first.totalPages()).isEqualTo(3);
		assertThat(first.hasPrevious()).isFalse();
		assertThat(first.hasNext()).isTrue();
		assertThat(last.items()).containsExactly(SIXTY.subList(50, 60).toArray(String[]::new));
		assertThat(last.hasNext()).isFalse();
		assertThat(last.total()).isEqualTo(60);
	}

	@Test
	void aPageOutOfRangeGivesTheNearest() {
		assertThat(ListPage.of(SIXTY, null, List::of, 99).page()).isEqualTo(3);
		assertThat(ListPage.of(SIXTY, null, List::of, -4).page()).isEqualTo(1);
	}

	@Test
	void searchMatchesAnySearchableTextIgnoringCase() {
		ListPage<String> found = ListPage.of(SIXTY, "  CLIENT-5 ", item -> List.of(item), 1);

		assertThat(found.items()).containsExactly("client-5", "client-50", "client-51", "client-52", "client-53",
				"client-54", "client-55", "client-56", "client-57", "client-58", "client-59");
		assertThat(found.query()).isEqualTo("CLIENT-5");
	}

	@Test
	void noMatchIsAnEmptyFirstPage() {
		ListPage<String> none = ListPage.of(SIXTY, "nothing", List::of, 2);

		assertThat(none.isEmpty()).isTrue();
		assertThat(none.page()).isEqualTo(1);
		assertThat(none.totalPages()).isEqualTo(1);
	}

}
