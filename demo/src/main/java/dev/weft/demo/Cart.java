package dev.weft.demo;

import dev.weft.annotation.SessionScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The shopping cart. One instance serves every user: {@code lines} is {@code @SessionScoped}, so
 * each session sees its own lines, stored in the cluster.
 */
public final class Cart {

    @SessionScoped
    private List<CartLine> lines = new ArrayList<>();

    /** Adds one of {@code product}. */
    public void add(Product product) {
        for (int i = 0; i < lines.size(); i++) {
            CartLine line = lines.get(i);
            if (line.productId().equals(product.id())) {
                lines.set(i, new CartLine(line.productId(), line.quantity() + 1));
                return;
            }
        }
        lines.add(new CartLine(product.id(), 1));
    }

    /** Removes every unit of the product with {@code productId}. */
    public void remove(String productId) {
        lines.removeIf(line -> line.productId().equals(productId));
    }

    /** The lines, in the order they were added. */
    public List<CartLine> lines() {
        return List.copyOf(lines);
    }

    /** The total price in cents. */
    public int totalCents() {
        int total = 0;
        for (CartLine line : lines) {
            total += Product.byId(line.productId()).map(Product::priceCents).orElse(0) * line.quantity();
        }
        return total;
    }
}
