package dev.weft.demo;

import java.util.List;
import java.util.Optional;

/** Something the shop sells. */
public record Product(String id, String name, int priceCents) {

    /** The shop's whole catalogue. */
    public static final List<Product> CATALOGUE = List.of(
            new Product("apple", "Apple", 40),
            new Product("pear", "Pear", 55),
            new Product("bread", "Sourdough bread", 420),
            new Product("cheese", "Comté, 200 g", 650),
            new Product("coffee", "Coffee beans, 250 g", 890));

    /** The product with {@code id}, if the shop sells it. */
    public static Optional<Product> byId(String id) {
        return CATALOGUE.stream().filter(p -> p.id.equals(id)).findFirst();
    }

    /** The price as text, e.g. {@code €4.20}. */
    public String price() {
        return String.format("€%d.%02d", priceCents / 100, priceCents % 100);
    }
}
