package dev.weft.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The top-level README.md as its headings and fenced code blocks, each with its line number. */
record Readme(List<Heading> headings, List<Block> blocks) {

    /** A heading outside code blocks: {@code level} is the number of {@code #}. */
    record Heading(int level, String title, int line) {
    }

    /** A fenced block; {@code language} is the word after the opening fence, or empty. */
    record Block(String language, int line, String text) {

        List<String> lines() {
            return text.lines().toList();
        }

        /** Where the block's first line is, for messages. */
        String where() {
            return "README.md line " + line;
        }
    }

    /** The README named by the system property {@code weft.readme}, which the build sets. */
    static Readme load() {
        String property = System.getProperty("weft.readme");
        if (property == null) {
            throw new IllegalStateException("system property weft.readme is not set: run the tests through Maven");
        }
        try {
            return parse(Files.readAllLines(Path.of(property)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Readme parse(List<String> lines) {
        List<Heading> headings = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                int first = i + 2; // line numbers count from 1; the block's text starts after the fence
                StringBuilder text = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).startsWith("```")) {
                    text.append(lines.get(i)).append('\n');
                }
                if (i == lines.size()) {
                    throw new IllegalStateException("README.md line " + (first - 1) + ": a code block is never closed");
                }
                blocks.add(new Block(line.substring(3).trim(), first, text.toString()));
            } else if (line.matches("#+ .*")) {
                int level = line.indexOf(' ');
                headings.add(new Heading(level, line.substring(level + 1), i + 1));
            }
        }
        return new Readme(List.copyOf(headings), List.copyOf(blocks));
    }

    List<Block> blocks(String language) {
        return blocks.stream().filter(block -> block.language().equals(language)).toList();
    }

    /** The blocks in the section under the heading {@code title}, up to the next heading of its level or above. */
    List<Block> blocksUnder(String title) {
        Heading heading = headings.stream().filter(h -> h.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no heading '" + title + "'"));
        int end = headings.stream().filter(h -> h.line() > heading.line() && h.level() <= heading.level())
                .mapToInt(Heading::line).findFirst().orElse(Integer.MAX_VALUE);
        return blocks.stream().filter(block -> block.line() > heading.line() && block.line() < end).toList();
    }
}
