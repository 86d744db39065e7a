using Community.Core.Data;
using Community.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace Community.Web.Cli;

/// <summary><c>reindex</c>: the whole index again from the database, with a progress bar on stderr and a summary on stdout.</summary>
public static class ReindexCommand
{
    public static async Task<int> RunAsync(CommunityDbContext db, SearchRebuilder rebuilder, ISearchIndex index)
    {
        // An upper bound for the bar: rows that may become documents (hidden and deleted ones are left out by the projection).
        var expected = await db.Pilots.CountAsync() + await db.Evaluations.CountAsync() + await db.KnowledgeQuestions.CountAsync()
            + await db.Threads.CountAsync(t => !t.IsHidden) + await db.Posts.CountAsync(p => !p.IsOpening && p.DeletedAt == null && p.HiddenAt == null)
            + await db.WikiPages.CountAsync(w => w.DeletedAt == null) + await db.ChatMessages.CountAsync(m => m.DeletedAt == null);
        Console.WriteLine($"Rebuilding the search index from {expected} rows.");
        var bar = new ProgressBar(expected);
        var summary = await rebuilder.RebuildAsync(bar);
        bar.Finish(summary.Total);
        // A running server applied the changes after this rebuild's sequence to the old index; this row tells it to apply them again.
        SearchOutbox.Enqueue(db, SearchKeys.Rebuilt(summary.ThroughSequence));
        await db.SaveChangesAsync();
        Console.WriteLine($"Search index rebuilt in {summary.Took.TotalSeconds:0.0} s: {summary.Total} documents, through outbox sequence {summary.ThroughSequence}.");
        foreach (var (type, count) in summary.Counts.OrderBy(c => c.Key))
            Console.WriteLine($"  {SearchService.TypeNames[type],-12} {count,8}");
        var size = IndexSize(index);
        if (size is not null) Console.WriteLine($"Index size: {size.Value / 1024.0 / 1024.0:0.0} MB");
        return 0;
    }

    /// <summary>The size of the index folder (the new generation and, until it is cleaned up, the old one).</summary>
    private static long? IndexSize(ISearchIndex index)
    {
        if (index is not LuceneSearchIndex lucene || !Directory.Exists(lucene.RootPath)) return null;
        var path = lucene.RootPath;
        return new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
    }

    /// <summary>Redrawn in place on a terminal; one line per tenth when stderr is a file or a pipe.</summary>
    private sealed class ProgressBar(int expected) : IProgress<long>
    {
        private const int Width = 30;
        private int _lastTenth = -1;

        public void Report(long value)
        {
            var fraction = expected == 0 ? 1 : Math.Min(1, value / (double)expected);
            if (Console.IsErrorRedirected)
            {
                var tenth = (int)(fraction * 10);
                if (tenth == _lastTenth) return;
                _lastTenth = tenth;
                Console.Error.WriteLine(Line(value, fraction));
            }
            else
            {
                Console.Error.Write("\r" + Line(value, fraction));
            }
        }

        public void Finish(int total)
        {
            _lastTenth = -1;
            Report(Math.Max(total, expected));
            if (!Console.IsErrorRedirected) Console.Error.WriteLine();
        }

        private static string Line(long value, double fraction)
        {
            var filled = (int)Math.Round(fraction * Width);
            return $"[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:0}% {value} documents";
        }
    }
}
