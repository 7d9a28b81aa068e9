package dev.tandem.rules;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Sits between SnakeYAML's parser and composer and refuses, with the place in the file, what a
 * rule file never needs and an attacker would use: explicit type tags ({@code !!java.net.URL}),
 * many aliases (the "billion laughs" expansion) and deep nesting. SnakeYAML has limits of its own
 * for the last two, but its errors carry no line; these do, and SnakeYAML's stay as a backstop.
 */
final class YamlGuard implements Parser {
  private static final String STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";

  private final Parser parser;
  private final String source;
  private final int maxAliases;
  private final int maxDepth;
  private int aliases;
  private int depth;

  YamlGuard(Parser parser, String source, int maxAliases, int maxDepth) {
    this.parser = parser;
    this.source = source;
    this.maxAliases = maxAliases;
    this.maxDepth = maxDepth;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    return parser.checkEvent(choice);
  }

  @Override
  public Event peekEvent() {
    return parser.peekEvent();
  }

  @Override
  public Event getEvent() {
    Event event = parser.getEvent();
    String tag = null;
    if (event instanceof ScalarEvent) {
      tag = ((ScalarEvent) event).getTag();
    } else if (event instanceof CollectionStartEvent) {
      tag = ((CollectionStartEvent) event).getTag();
      if (++depth > maxDepth) {
        throw refused(event.getStartMark(), "nesting deeper than " + maxDepth
            + " levels; a rule file needs three (the file, the list of moves, a move)");
      }
    } else if (event.is(Event.ID.SequenceEnd) || event.is(Event.ID.MappingEnd)) {
      depth--;
    } else if (event instanceof AliasEvent && ++aliases > maxAliases) {
      throw refused(event.getStartMark(), "more than " + maxAliases
          + " aliases (*name); a rule file needs few if any, and many can expand into a huge document");
    }
    if (tag != null) {
      String shown = tag.startsWith(STANDARD_TAG_PREFIX) ? "!!" + tag.substring(STANDARD_TAG_PREFIX.length()) : tag;
      throw refused(event.getStartMark(), "type tag '" + shown
          + "' is not allowed; a rule file holds only plain text, numbers and lists");
    }
    return event;
  }

  private Refused refused(Mark mark, String reason) {
    return new Refused(new RuleFileException(source, mark.getLine() + 1, mark.getColumn() + 1, reason));
  }

  /** Carries a {@link RuleFileException} out through SnakeYAML, which only lets unchecked ones pass. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(RuleFileException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    RuleFileException error() {
      return (RuleFileException) getCause();
    }
  }
}
