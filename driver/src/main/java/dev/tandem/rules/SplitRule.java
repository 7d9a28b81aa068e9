package dev.tandem.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A column split in two (or more): {@code table.from} is being replaced by the columns {@code targets},
 * each computed from it by its own forward transform, and {@code from} is computed back from all of
 * them by one backward transform (behaviour §12).
 *
 * <p>The rewriter does not know splits as such: the loader compiles a split into one {@link MoveRule}
 * per target ({@link #pieces()}), {@code from -> target_i} with {@code forward_i}, and each piece
 * carries its {@link SplitPart}. The pieces serve every reference the one-column phase table serves
 * (writes of {@code from} fill each target, reads of a target fall back to {@code forward_i(from)});
 * what needs all targets at once (writing {@code from} when a target is written, reading {@code from}
 * in contract) asks the split through {@link #backwardOf}.
 *
 * @param name a name for errors and metrics; defaults to {@code table.from->(a,b)}
 * @param table the table that holds every column
 * @param from the column being split
 * @param targets the columns replacing it, in rule order (at least two)
 * @param forwards one forward transform per target, each using {@code {from}}
 * @param backward the old value from the targets, a template naming each target as {@code {target}};
 *     {@code null} for a one-way split
 * @param phase where the split stands
 * @param line the line of the split in its rule file (1-based), or 0
 */
public record SplitRule(String name, TableName table, Identifier from, List<Identifier> targets,
    List<Transform> forwards, String backward, Phase phase, int line) {

  /** A value that can stand in a template without parentheses (as in {@link Transform}). */
  private static final Pattern ATOMIC = Pattern.compile(
      "\\?|[+-]?\\d+(\\.\\d+)?|'([^']|'')*'|NULL|(?:[A-Za-z_][\\w$]*|\"[^\"]+\"|`[^`]+`)"
          + "(?:\\.(?:[A-Za-z_][\\w$]*|\"[^\"]+\"|`[^`]+`))*",
      Pattern.CASE_INSENSITIVE);

  public SplitRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(from, "from");
    targets = List.copyOf(targets);
    forwards = List.copyOf(forwards);
    Objects.requireNonNull(phase, "phase");
    if (targets.size() < 2 || targets.size() != forwards.size()) {
      throw new IllegalArgumentException("a split has at least two targets and one forward per target");
    }
  }

  /** The default name of a split: {@code table.from->(a,b)}. */
  public static String defaultName(TableName table, Identifier from, List<Identifier> targets) {
    List<String> names = new ArrayList<>();
    targets.forEach(t -> names.add(t.toString()));
    return table + "." + from + "->(" + String.join(",", names) + ")";
  }

  /** The placeholder that stands for {@code target} in the backward transform: {@code {first_name}}. */
  public static String placeholder(Identifier target) {
    return "{" + target.name() + "}";
  }

  /** Whether writes of the targets leave {@code from} NULL (no backward transform). */
  public boolean oneWay() {
    return backward == null;
  }

  /** The moves the split is compiled into, one per target, in target order. */
  public List<MoveRule> pieces() {
    List<MoveRule> pieces = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      pieces.add(new MoveRule(name, table, from, targets.get(i), forwards.get(i), null, phase, line, null,
          new SplitPart(this, i)));
    }
    return pieces;
  }

  /**
   * The backward transform with each target's placeholder replaced by {@code valueOf.apply(target)}
   * (a column reference in a read, the written value or the row's column in a write), parenthesised
   * unless it is atomic. One pass over the template, so a value's own text is never substituted again.
   *
   * @throws IllegalStateException for a one-way split
   */
  public String backwardOf(Function<Identifier, String> valueOf) {
    if (backward == null) {
      throw new IllegalStateException("split " + name + " is one-way");
    }
    StringBuilder text = new StringBuilder(backward.length() + 32);
    int at = 0;
    while (at < backward.length()) {
      Identifier target = targetAt(at);
      if (target == null) {
        text.append(backward.charAt(at++));
        continue;
      }
      String value = valueOf.apply(target).trim();
      text.append(ATOMIC.matcher(value).matches() ? value : "(" + value + ")");
      at += placeholder(target).length();
    }
    return text.toString();
  }

  /** The targets in the order their placeholders stand in the backward transform, repeats included. */
  public List<Identifier> placeholderOrder() {
    List<Identifier> order = new ArrayList<>();
    for (int at = 0; backward != null && at < backward.length(); at++) {
      Identifier target = targetAt(at);
      if (target != null) {
        order.add(target);
      }
    }
    return order;
  }

  /** The target whose placeholder starts at {@code at} in the backward transform, or {@code null}. */
  private Identifier targetAt(int at) {
    if (backward.charAt(at) != '{') {
      return null;
    }
    for (Identifier target : targets) {
      if (backward.startsWith(placeholder(target), at)) {
        return target;
      }
    }
    return null;
  }

  /**
   * The backward transform as a {@link Transform} for what only reads its text (capture checks,
   * subquery checks, messages); its placeholders are the targets', not {@code {to}}.
   */
  public Transform backwardTemplate() {
    return backward == null ? null : Transform.backward(backward);
  }

  /** The same split at another phase. */
  public SplitRule withPhase(Phase newPhase) {
    return new SplitRule(name, table, from, targets, forwards, backward, newPhase, line);
  }

  /** {@code split <name>}, the prefix of messages about this split. */
  public String describe() {
    return "split " + name;
  }
}
