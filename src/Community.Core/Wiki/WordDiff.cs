using System.Text.RegularExpressions;
using DiffPlex;

namespace Community.Core.Wiki;

public enum DiffKind { Same, Added, Removed }

public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>
/// A word-level diff of two texts, as runs of unchanged, removed and added text. Lines (paragraphs) are compared
/// first and only changed paragraphs word by word, so an edit costs in proportion to what changed. Myers' algorithm
/// (DiffPlex) costs (N+M)·D, which for a complete rewrite of a long page would take most of a second: a changed block
/// too large to compare word by word is shown as removed and added whole.
/// </summary>
public static partial class WordDiff
{
    /// <summary>The largest changed block (words before × words after) compared word by word: about 1,500 × 1,500.</summary>
    public const long MaxWordComparisons = 2_250_000;

    public static IReadOnlyList<DiffSegment> Compute(string? before, string? after)
    {
        before ??= "";
        after ??= "";
        var segments = new List<DiffSegment>();
        var lines = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var a = lines.PiecesOld;
        var b = lines.PiecesNew;
        var ia = 0;
        foreach (var block in lines.DiffBlocks)
        {
            Add(segments, DiffKind.Same, Join(a, ia, block.DeleteStartA - ia));
            var removed = Join(a, block.DeleteStartA, block.DeleteCountA);
            var added = Join(b, block.InsertStartB, block.InsertCountB);
            WordsOf(segments, removed, added);
            ia = block.DeleteStartA + block.DeleteCountA;
        }
        Add(segments, DiffKind.Same, Join(a, ia, a.Count - ia));
        return segments;
    }

    private static void WordsOf(List<DiffSegment> segments, string removed, string added)
    {
        if (removed.Length == 0 || added.Length == 0 || (long)Words().Count(removed) * Words().Count(added) > MaxWordComparisons)
        {
            Add(segments, DiffKind.Removed, removed);
            Add(segments, DiffKind.Added, added);
            return;
        }
        var words = Differ.Instance.CreateDiffs(removed, added, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var a = words.PiecesOld;
        var b = words.PiecesNew;
        var ia = 0;
        foreach (var block in words.DiffBlocks)
        {
            Add(segments, DiffKind.Same, Join(a, ia, block.DeleteStartA - ia));
            Add(segments, DiffKind.Removed, Join(a, block.DeleteStartA, block.DeleteCountA));
            Add(segments, DiffKind.Added, Join(b, block.InsertStartB, block.InsertCountB));
            ia = block.DeleteStartA + block.DeleteCountA;
        }
        Add(segments, DiffKind.Same, Join(a, ia, a.Count - ia));
    }

    private static string Join(IReadOnlyList<string> pieces, int start, int count) =>
        count <= 0 ? "" : string.Concat(pieces.Skip(start).Take(count));

    private static void Add(List<DiffSegment> segments, DiffKind kind, string text)
    {
        if (text.Length == 0) return;
        if (segments.Count > 0 && segments[^1].Kind == kind) segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        else segments.Add(new DiffSegment(kind, text));
    }

    /// <summary>Each word with the whitespace after it (and leading whitespace as its own piece), so pieces join back to the exact text.</summary>
    private sealed class WordChunker : IChunker
    {
        public static readonly WordChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => WordPieces().Matches(text).Select(m => m.Value).ToArray();
    }

    /// <summary>Lines with their line break, so a paragraph is one piece.</summary>
    private sealed class LineChunker : IChunker
    {
        public static readonly LineChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => LinePieces().Matches(text).Select(m => m.Value).ToArray();
    }

    [GeneratedRegex(@"^\s+|\S+\s*")]
    private static partial Regex WordPieces();

    [GeneratedRegex(@"[^\n]*\n|[^\n]+$")]
    private static partial Regex LinePieces();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();
}
