/**
 * The rewrite: SQL text in, a {@link dev.tandem.rewrite.RewritePlan} out, as a pure function of
 * the statement, the rule set, the dialect and table metadata. The JDBC layer only applies plans.
 *
 * <p>{@link dev.tandem.rewrite.MoveRewriter} is the entry point. Most statements an application
 * sends never name a moved table; a matcher built once per rule set recognises them from their text
 * alone, and they go through unparsed, as the very same String. The rest are parsed once by
 * {@code SqlParser}, the only class that knows JSqlParser's entry points, under a length and a time
 * bound.
 *
 * <p>Rewriting never prints the parse tree back. The statement rewriters ({@code InsertRewriter},
 * {@code UpdateRewriter}, {@code MergeRewriter}, with {@code ColumnListWriter} and
 * {@code AssignmentWriter} doing the shared work) decide what to add, rename or transform, and
 * record it as edits at the source offsets the parser reports ({@code TextEdits}). Whatever the
 * edits do not touch (comments, optimizer hints, vendor syntax, layout) reaches the database exactly
 * as the application wrote it. Values are never inlined: a value written to a second column is a copy
 * of the application's own text, markers included, and {@code MarkerNumbering} maps each application
 * parameter to every marker that now carries it.
 *
 * <p>Reads are rewritten first, by {@code ReadRewriter}: it gives every query block a {@code Scope}
 * (its tables and aliases, and the enclosing block), finds the references in it with
 * {@code ColumnReferenceFinder}, and rewrites each through {@code ReadReference},
 * {@code IndexFriendlyPredicate} or {@code StarExpander}. The write rewriters then copy values as
 * the reads left them.
 *
 * <p>Everything fails closed: a statement that names a moved table but cannot be parsed, located or
 * rewritten soundly is refused with a {@link dev.tandem.rewrite.RewriteRefusedException} (SQLState
 * {@code 0A000}) that names the move and says why.
 */
package dev.tandem.rewrite;
