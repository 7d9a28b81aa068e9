package dev.tandem.rules;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A value transform from a rule file: an SQL expression template in which {@code {from}} (in a
 * {@code forward} transform) or {@code {to}} (in a {@code backward} one) stands for the value being
 * moved. In a write the placeholder is replaced by the written value's SQL text (a {@code ?}
 * marker, a literal, an expression); in a read by the column reference.
 *
 * <p>Instances are immutable. The loader ({@link TransformCheck}) checks that the template is one SQL
 * expression and nothing else, and keeps the template re-printed from its tokens.
 */
public final class Transform {
  /** Operands that can be substituted without parentheses: a marker, a literal, a (qualified) name. */
  private static final Pattern ATOMIC = Pattern.compile(
      "\\?|[+-]?\\d+(\\.\\d+)?|'([^']|'')*'|NULL|(?:[A-Za-z_][\\w$]*|\"[^\"]+\"|`[^`]+`)"
          + "(?:\\.(?:[A-Za-z_][\\w$]*|\"[^\"]+\"|`[^`]+`))*",
      Pattern.CASE_INSENSITIVE);

  private final String template;
  private final String placeholder;
  private final boolean identity;
  private final int placeholderCount;

  private Transform(String template, String placeholder) {
    this.template = Objects.requireNonNull(template, "template").trim();
    this.placeholder = Objects.requireNonNull(placeholder, "placeholder");
    this.identity = this.template.equals(placeholder);
    this.placeholderCount = count(this.template, placeholder);
  }

  /** A forward transform: {@code template} uses {@code {from}}. */
  public static Transform forward(String template) {
    return new Transform(template, "{from}");
  }

  /** A backward transform: {@code template} uses {@code {to}}. */
  public static Transform backward(String template) {
    return new Transform(template, "{to}");
  }

  /** The same transform with another template text (the loader's re-printed one). */
  Transform withTemplate(String newTemplate) {
    return new Transform(newTemplate, placeholder);
  }

  /** The identity forward transform, {@code {from}}. */
  public static Transform identityForward() {
    return forward("{from}");
  }

  /** The identity backward transform, {@code {to}}. */
  public static Transform identityBackward() {
    return backward("{to}");
  }

  /** The template text; for a loaded transform, as re-printed from its tokens at load. */
  public String template() {
    return template;
  }

  /** {@code {from}} or {@code {to}}. */
  public String placeholder() {
    return placeholder;
  }

  /** Whether the transform is just its placeholder: the value is copied as it is. */
  public boolean isIdentity() {
    return identity;
  }

  /** How often the placeholder occurs; a {@code ?} operand is repeated that many times. */
  public int placeholderCount() {
    return placeholderCount;
  }

  /**
   * The transform applied to {@code operandSql}: every placeholder replaced by the operand, which is
   * parenthesised unless it is a marker, a literal or a column reference.
   */
  public String apply(String operandSql) {
    String operand = operandSql.trim();
    if (identity) {
      return operand;
    }
    if (!ATOMIC.matcher(operand).matches()) {
      operand = "(" + operand + ")";
    }
    return template.replace(placeholder, operand);
  }

  /** The template with its placeholder replaced by {@code replacement} verbatim (for parsing checks). */
  public String withPlaceholder(String replacement) {
    return template.replace(placeholder, replacement);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transform && ((Transform) o).template.equals(template)
        && ((Transform) o).placeholder.equals(placeholder);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  @Override
  public String toString() {
    return template;
  }
}
