package dev.suture.control.api;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, with what a client needs to ask for the others.
 *
 * @param items the items on this page, possibly none when the page is past the end
 * @param page zero-based number of this page
 * @param size the page size asked for
 * @param totalItems items in the whole list
 * @param totalPages pages in the whole list at this size; 0 when the list is empty
 */
public record ItemPage<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    public ItemPage {
        items = List.copyOf(items);
    }

    public static <T> ItemPage<T> of(List<T> items, PageQuery query, long totalItems) {
        long totalPages = (totalItems + query.size() - 1) / query.size();
        return new ItemPage<>(items, query.page(), query.size(), totalItems, totalPages);
    }

    public <R> ItemPage<R> map(Function<? super T, ? extends R> mapper) {
        List<R> mapped = items.stream().<R>map(mapper).toList();
        return new ItemPage<>(mapped, page, size, totalItems, totalPages);
    }
}
