using System.Text.RegularExpressions;
using DiffPlex;

namespace Community.Core.Wiki;

public enum DiffKind { Same, Added, Removed }

public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>A word-level diff of two texts (Myers, through DiffPlex), as runs of unchanged, removed and added text.</summary>
public static partial class WordDiff
{
    public static IReadOnlyList<DiffSegment> Compute(string? before, string? after)
    {
        before ??= "";
        after ??= "";
        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, Chunker.Instance);
        var segments = new List<DiffSegment>();
        var a = result.PiecesOld;
        var b = result.PiecesNew;
        var ia = 0;
        foreach (var block in result.DiffBlocks)
        {
            Add(segments, DiffKind.Same, a, ia, block.DeleteStartA - ia);
            Add(segments, DiffKind.Removed, a, block.DeleteStartA, block.DeleteCountA);
            Add(segments, DiffKind.Added, b, block.InsertStartB, block.InsertCountB);
            ia = block.DeleteStartA + block.DeleteCountA;
        }
        Add(segments, DiffKind.Same, a, ia, a.Count - ia);
        return segments;
    }

    private static void Add(List<DiffSegment> segments, DiffKind kind, IReadOnlyList<string> pieces, int start, int count)
    {
        if (count <= 0) return;
        var text = string.Concat(pieces.Skip(start).Take(count));
        if (segments.Count > 0 && segments[^1].Kind == kind) segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        else segments.Add(new DiffSegment(kind, text));
    }

    /// <summary>Words and the whitespace between them as separate pieces, so the diff joins back to the exact text.</summary>
    private sealed partial class Chunker : IChunker
    {
        public static readonly Chunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => Pieces().Matches(text).Select(m => m.Value).ToArray();

        [GeneratedRegex(@"\s+|[^\s]+")]
        private static partial Regex Pieces();
    }
}
