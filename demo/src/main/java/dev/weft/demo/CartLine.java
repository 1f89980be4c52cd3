package dev.weft.demo;

/** A product in the cart and how many of it. */
public record CartLine(String productId, int quantity) {
}
