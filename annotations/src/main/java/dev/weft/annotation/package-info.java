/**
 * The annotation an application puts on its fields: {@link dev.weft.annotation.SessionScoped}.
 * This package depends on nothing, so domain code can carry it without pulling in Weft's runtime.
 */
package dev.weft.annotation;
