using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Community.Core.Search;

/// <summary>
/// Reads what searches need from each new segment in the background, before a reader has to wait for it: facet
/// ordinals, the public documents, dates, and the words and phrases people searched lately. A merge that joins
/// half the index into one new segment would otherwise make the next searches read it all (at a million documents
/// the first search took 0.6 s, a common word a few ms, a phrase of common words tens of ms).
/// </summary>
internal sealed class SegmentWarmer : SearcherFactory
{
    /// <summary>Smaller segments are read on demand: they cost little, and they come and go with every change.</summary>
    internal const int WarmFrom = 10_000;
    private const int MaxRecent = 256;
    private static readonly ConditionalWeakTable<object, object> Warmed = new();

    private readonly ConcurrentDictionary<string, long> _recentWords = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Terms, string Positions), long> _recentPhrases = new();
    private readonly Func<Filter> _publicOnly;
    private readonly string? _path;
    private long _clock;
    private long _nextSave;
    private long _savedClock;

    /// <param name="path">Where the recent words and phrases are kept across restarts (analysed terms only, never who
    /// searched), so a restarted server warms its index with them at once; null keeps them in memory only.</param>
    public SegmentWarmer(Func<Filter> publicOnly, string? path = null)
    {
        _publicOnly = publicOnly;
        _path = path;
        Load();
    }

    /// <summary>Remembers the words and phrases of a search, so that new segments have them ready.</summary>
    public void Searched(ParsedQuery parsed)
    {
        foreach (var alternative in parsed.Clauses.SelectMany(c => c.Alternatives))
        {
            var now = Interlocked.Increment(ref _clock);
            if (alternative.Kind == AlternativeKind.Phrase && alternative.Terms.Length > 1)
                _recentPhrases[(string.Join(' ', alternative.Terms), string.Join(' ', alternative.Positions))] = now;
            else if (alternative.Kind == AlternativeKind.AllTerms)
                foreach (var term in alternative.Terms)
                    _recentWords[term] = now;
        }
        Trim(_recentWords);
        Trim(_recentPhrases);
        if (Environment.TickCount64 >= Interlocked.Read(ref _nextSave))
        {
            Interlocked.Exchange(ref _nextSave, Environment.TickCount64 + 60_000);
            Save();
        }
    }

    /// <summary>Writes the recent words and phrases when they changed (a temp file and a rename: never half a file).</summary>
    public void Save()
    {
        var clock = Interlocked.Read(ref _clock);
        if (_path is null || clock == Interlocked.Exchange(ref _savedClock, clock))
            return;
        // The most recent, written oldest first: reading them back in order restores which came last.
        var lines = _recentWords.OrderByDescending(w => w.Value).Take(MaxRecent).Reverse().Select(w => $"w\t{w.Key}")
            .Concat(_recentPhrases.OrderByDescending(p => p.Value).Take(MaxRecent).Reverse().Select(p => $"p\t{p.Key.Terms}\t{p.Key.Positions}"));
        var temp = $"{_path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllLines(temp, lines);
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Only a head start for the next start: not worth failing a search over.
            try { File.Delete(temp); } catch (IOException) { }
        }
    }

    private void Load()
    {
        if (_path is null || !File.Exists(_path))
            return;
        try
        {
            foreach (var line in File.ReadLines(_path).Take(2 * MaxRecent))
            {
                var parts = line.Split('\t');
                var now = ++_clock;
                if (parts is ["w", { Length: > 0 } word])
                    _recentWords[word] = now;
                else if (parts is ["p", { Length: > 0 } terms, { Length: > 0 } positions]
                         && positions.Split(' ').All(p => int.TryParse(p, out _)) && terms.Split(' ').Length == positions.Split(' ').Length)
                    _recentPhrases[(terms, positions)] = now;
            }
            _savedClock = _clock;
        }
        catch (IOException)
        {
        }
    }

    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        var searcher = base.NewSearcher(reader);
        var fresh = new List<AtomicReaderContext>();
        foreach (var leaf in reader.Leaves)
        {
            var core = leaf.AtomicReader.CoreCacheKey;
            if (leaf.AtomicReader.MaxDoc < WarmFrom || Warmed.TryGetValue(core, out _))
                continue;
            Warmed.AddOrUpdate(core, this);
            fresh.Add(leaf);
        }
        if (fresh.Count == 0)
            return searcher;
        // The reader stays open until warming is done, even when a refresh replaces it meanwhile.
        reader.IncRef();
        var words = _recentWords.OrderByDescending(w => w.Value).Select(w => w.Key).ToList();
        var phrases = _recentPhrases.OrderByDescending(p => p.Value).Select(p => (p.Key.Terms.Split(' '), p.Key.Positions.Split(' ').Select(int.Parse).ToArray())).ToList();
        _ = Task.Run(() =>
        {
            try
            {
                foreach (var leaf in fresh)
                    Warm(leaf, words, phrases);
            }
            catch (Exception)
            {
                // Only a head start: the index may have been closed meanwhile, and searches read what they need themselves.
            }
            finally
            {
                reader.DecRef();
            }
        });
        return searcher;
    }

    private void Warm(AtomicReaderContext leaf, List<string> words, List<(string[] Terms, int[] Positions)> phrases)
    {
        var segment = leaf.AtomicReader;
        FacetCounts.Warm(segment);
        SearchExecutor.Warm(leaf, _publicOnly());
        foreach (var word in words)
            TermImpacts.For(segment, word);
        foreach (var (terms, positions) in phrases)
        {
            var impacts = terms.Select(t => TermImpacts.For(segment, t)).ToList();
            if (impacts.Any(i => i is null))
                continue;
            var candidates = (long[])impacts[0]!.Bits.Clone();
            foreach (var other in impacts.Skip(1))
            {
                for (var w = 0; w < candidates.Length; w++)
                    candidates[w] &= other!.Bits[w];
            }
            Phrases.Matching(segment, terms, positions, candidates, admitted: null);
        }
    }

    private static void Trim<TKey>(ConcurrentDictionary<TKey, long> recent) where TKey : notnull
    {
        if (recent.Count <= 2 * MaxRecent)
            return;
        foreach (var old in recent.OrderByDescending(r => r.Value).Skip(MaxRecent).Select(r => r.Key).ToList())
            recent.TryRemove(old, out _);
    }
}
