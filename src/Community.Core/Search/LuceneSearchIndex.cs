using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Community.Core.Data;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Community.Core.Search;

/// <summary>
/// The Lucene.Net index behind <see cref="ISearchIndex"/>. On disk: <c>{IndexPath}/current</c> names the generation
/// directory that serves (<c>{IndexPath}/gen-*</c>); a rebuild writes a new generation and switches the pointer,
/// and every process that has the index open (the web server, the reindex CLI) follows the pointer on its next
/// refresh. Each generation's last commit carries the outbox sequence it holds.
/// </summary>
public sealed partial class LuceneSearchIndex : ISearchIndex, IDisposable
{
    internal const string KeyField = "key";
    internal const string TypeField = "type";
    internal const string TitleField = "title";
    internal const string TagsField = "tags";
    internal const string BodyField = "body";
    internal const string TextField = "text";
    internal const string TitlePlainField = "title_plain";
    internal const string UrlField = "url";
    internal const string PilotField = "pilot";
    internal const string PilotTitleField = "pilot_title";
    internal const string MunicipalityField = "municipality";
    internal const string ThemeField = "theme";
    internal const string CommunityField = "community";
    internal const string PublicField = "public";
    internal const string UpdatedField = "updated";
    internal const string HitField = "hit";
    private const string SequenceKey = "appliedSequence";
    private const string LayoutKey = "layout";

    /// <summary>
    /// What a generation's documents hold. 2: title and tags without positions, a hit's fields in the
    /// <see cref="HitField"/> doc values instead of stored fields. A generation of an older layout reports
    /// <see cref="AppliedSequence"/> 0, which makes the follower rebuild it; until then it serves as it is.
    /// </summary>
    internal const int Layout = 2;
    private const string PointerFile = "current";
    private const string RecentSearchesFile = "recent-searches.txt";
    private const int MaxPage = 500;
    private const int MaxPageSize = 100;

    /// <summary>The facet names in <see cref="SearchResult.Facets"/>, each counted over its own doc values field.</summary>
    public static readonly IReadOnlyList<string> FacetNames = ["type", "pilot", "municipality", "theme"];

    private static readonly TimeSpan PointerCheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StaleGenerationAge = TimeSpan.FromMinutes(10);
    private static readonly Filter PublicOnly = new BitSetCachingFilter(new QueryWrapperFilter(new TermQuery(new Term(PublicField, "1"))));

    /// <summary>Members' visibility filters by their set of communities: a member searches again with the same set.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Filter> MemberFilters = new(StringComparer.Ordinal);
    private const int MaxMemberFilters = 1_000;

    private readonly string _root;
    private readonly Analyzer _indexAnalyzer;
    private readonly Analyzer _queryAnalyzer = new DutchSearchAnalyzer(compounds: false);
    private readonly Analyzer _plainAnalyzer = new PlainAnalyzer();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SegmentWarmer _warmer;
    private volatile Generation _generation;
    private long _appliedSequence;
    private long _nextPointerCheck;
    private bool _disposed;

    public LuceneSearchIndex(IOptions<SearchOptions> options, DataPaths paths)
        : this(paths.Resolve(options.Value.IndexPath))
    {
    }

    public LuceneSearchIndex(string path)
    {
        _root = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(_root);
        _indexAnalyzer = new PerFieldAnalyzerWrapper(new DutchSearchAnalyzer(compounds: true),
            new Dictionary<string, Analyzer> { [TitlePlainField] = _plainAnalyzer });
        _warmer = new SegmentWarmer(() => PublicOnly, Path.Combine(_root, RecentSearchesFile));
        var name = ReadPointer() ?? CreateEmptyGeneration();
        _generation = Generation.Open(_root, name, _warmer);
        Volatile.Write(ref _appliedSequence, _generation.AppliedSequence);
        DeleteStaleGenerations(except: name, leftBehind: null);
    }

    public string RootPath => _root;

    public long AppliedSequence => Volatile.Read(ref _appliedSequence);

    public async Task ApplyAsync(IReadOnlyList<SearchDocument> upserts, IReadOnlyList<string> deleteKeys, long throughSequence, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Another process may have rebuilt the index: applying to the old generation would be lost at the switch.
            FollowPointer();
            var generation = _generation;
            var writer = generation.Writer ??= new IndexWriter(generation.Directory, WriterConfig(OpenMode.APPEND, ramBufferMb: 16));
            foreach (var key in deleteKeys)
                writer.DeleteDocuments(new Term(KeyField, key));
            foreach (var document in upserts)
                writer.UpdateDocument(new Term(KeyField, document.Key), ToLucene(document), _indexAnalyzer);
            // The generation keeps the layout it was built with: documents added now do not make older ones current.
            writer.SetCommitData(CommitData(throughSequence, generation.Layout));
            writer.Commit();
            generation.Searchers.MaybeRefreshBlocking();
            Volatile.Write(ref _appliedSequence, throughSequence);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Looks at the pointer now rather than within the next second (the reindex CLI and tests use it).</summary>
    public void Refresh()
    {
        _writeLock.Wait();
        try
        {
            FollowPointer();
            _generation.Searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, long throughSequence, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var name = NewGenerationName();
        var path = Path.Combine(_root, name);
        try
        {
            using (var directory = FSDirectory.Open(path))
            using (var writer = new IndexWriter(directory, WriterConfig(OpenMode.CREATE, ramBufferMb: 256, compoundFiles: false)))
            {
                // Analysis is the cost of a rebuild and IndexWriter takes documents from many threads at once.
                var channel = Channel.CreateBounded<SearchDocument>(new BoundedChannelOptions(4_096) { SingleWriter = true });
                long count = 0;
                var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(async () =>
                {
                    await foreach (var document in channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        writer.AddDocument(ToLucene(document), _indexAnalyzer);
                        var done = Interlocked.Increment(ref count);
                        if (done % 10_000 == 0)
                            progress?.Report(done);
                    }
                }, cancellationToken)).ToList();
                try
                {
                    await foreach (var document in documents.WithCancellation(cancellationToken))
                        await channel.Writer.WriteAsync(document, cancellationToken);
                }
                finally
                {
                    channel.Writer.TryComplete();
                }
                // What the workers hold in memory is flushed at the commit, one segment after the other on this thread
                // while the other cores wait: a quarter of a rebuild of 100,000 documents. With a small buffer from here
                // on, each worker flushes its own on its next document from the channel, all at once.
                writer.Config.RAMBufferSizeMB = 16;
                await Task.WhenAll(workers);
                writer.SetCommitData(CommitData(throughSequence, Layout));
                writer.Commit();
                progress?.Report(Interlocked.Read(ref count));
            }
            WritePointer(name);
        }
        catch
        {
            TryDeleteDirectory(path);
            throw;
        }
        await _writeLock.WaitAsync(CancellationToken.None);
        try
        {
            FollowPointer();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _warmer.Save();
            _generation.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // ---- searching -------------------------------------------------------------------------------------------

    public SearchResult Search(SearchRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = SearchQueryParser.Parse(request.Query, _queryAnalyzer, request.Synonyms);
        _warmer.Searched(parsed);
        // No words but a filter: browse everything visible that matches the filters, newest first (no score to sort by).
        if (parsed.Clauses.Count == 0 && string.IsNullOrWhiteSpace(request.Query) && HasFilters(request))
            request = request with { Sort = SearchSort.Newest };
        else if (parsed.FindsNothing)
            return Empty(started);
        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var page = Math.Clamp(request.Page, 1, MaxPage);
        var visibility = VisibilityFilter(request.Viewer);
        var filter = BuildFilter(request);
        return WithSearcher(searcher =>
        {
            var result = Execute(searcher, parsed, visibility, filter, request, page, pageSize, started);
            if (result.Total == 0)
                result = result with { Suggestions = Suggest(searcher, parsed, visibility, filter, request) };
            return result with { Took = Stopwatch.GetElapsedTime(started) };
        });
    }

    public IReadOnlyList<TitleSuggestion> SuggestTitles(string prefix, SearchViewer viewer, int max = 8)
    {
        var text = SearchQueryParser.Sanitize(prefix);
        max = Math.Clamp(max, 1, 50);
        var (words, _) = SearchQueryParser.Tokens(_plainAnalyzer, text, 8);
        if (words.Length == 0 || words[^1].Length < 2)
            return [];
        var query = new BooleanQuery(disableCoord: true);
        // The last word is still being typed; the ones before it are complete.
        for (var i = 0; i < words.Length - 1; i++)
            query.Add(new TermQuery(new Term(TitlePlainField, words[i])), Occur.MUST);
        var last = char.IsWhiteSpace(text[^1])
            ? (Query)new TermQuery(new Term(TitlePlainField, words[^1]))
            : new PrefixQuery(new Term(TitlePlainField, words[^1])) { MultiTermRewriteMethod = MultiTermQuery.CONSTANT_SCORE_FILTER_REWRITE };
        query.Add(last, Occur.MUST);
        var filter = VisibilityFilter(viewer);
        return WithSearcher(searcher =>
        {
            var top = searcher.Search(query, filter, max * 3, new Sort(new SortField(UpdatedField, SortFieldType.INT64, reverse: true)));
            var suggestions = new List<TitleSuggestion>();
            foreach (var hit in top.ScoreDocs)
            {
                var document = searcher.Doc(hit.Doc);
                var title = document.Get(TitleField) ?? "";
                if (suggestions.Any(s => s.Title == title))
                    continue;
                suggestions.Add(new TitleSuggestion(title, document.Get(UrlField) ?? "", ParseType(document.Get(TypeField))));
                if (suggestions.Count == max)
                    break;
            }
            return suggestions;
        });
    }

    private SearchResult Execute(IndexSearcher searcher, ParsedQuery parsed, Filter? visibility, Filter? filter, SearchRequest request, int page, int pageSize, long started)
    {
        var executed = SearchExecutor.Run(searcher, parsed, visibility, filter, request.Sort, page * pageSize, request.IncludeFacets);
        var shown = executed.Top.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var hits = new List<SearchHit>(shown.Count);
        var snippets = new Snippets(parsed);
        foreach (var ranked in shown)
            hits.Add(LoadHit(searcher, ranked.Doc, snippets));
        return new SearchResult(executed.Total, Stopwatch.GetElapsedTime(started), hits, executed.Facets(), []);
    }

    /// <summary>
    /// One hit of a page with its snippet, from the <see cref="HitField"/> doc values: a copy out of a memory-mapped
    /// file, where a stored document costs a decompressed chunk (~0.05 ms). A generation of an older layout has no
    /// such field and is read from its stored fields until it is rebuilt.
    /// </summary>
    internal SearchHit LoadHit(IndexSearcher searcher, int doc, Snippets snippets)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var bytes = new BytesRef();
        leaf.AtomicReader.GetBinaryDocValues(HitField)?.Get(doc - leaf.DocBase, bytes);
        // Empty for a document of an older layout, also when a merge put it beside newer ones.
        if (bytes.Length > 0)
        {
            var hit = HitCodec.Decode(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
            return new SearchHit(hit.Key, hit.Type, hit.Title, hit.Url, snippets.Build(hit.Body, hit.BodyCut, hit.Title), hit.PilotId,
                hit.PilotTitle, hit.Municipalities, new DateTimeOffset(hit.UpdatedTicks, TimeSpan.Zero));
        }
        var document = searcher.Doc(doc);
        return new SearchHit(
            document.Get(KeyField) ?? "",
            ParseType(document.Get(TypeField)),
            document.Get(TitleField) ?? "",
            document.Get(UrlField) ?? "",
            snippets.Build(document.Get(BodyField) ?? "", cut: false),
            int.TryParse(document.Get(PilotField), NumberStyles.None, CultureInfo.InvariantCulture, out var pilotId) ? pilotId : null,
            document.Get(PilotTitleField),
            document.GetValues(MunicipalityField),
            new DateTimeOffset(long.Parse(document.Get(UpdatedField) ?? "0", CultureInfo.InvariantCulture), TimeSpan.Zero));
    }

    /// <summary>Whether every segment the warmer looks at has read this word already (for its tests).</summary>
    internal bool IsWarmedFor(string term) => WithSearcher(searcher =>
    {
        var large = searcher.IndexReader.Leaves.Where(l => l.AtomicReader.MaxDoc >= SegmentWarmer.WarmFrom).ToList();
        return large.Count > 0 && large.All(l => TermImpacts.IsCached(l.AtomicReader, term));
    });

    private T WithSearcher<T>(Func<IndexSearcher, T> use)
    {
        MaybeFollowPointer();
        for (var attempt = 0; ; attempt++)
        {
            var generation = _generation;
            IndexSearcher searcher;
            try
            {
                searcher = generation.Searchers.Acquire();
            }
            catch (ObjectDisposedException) when (attempt < 3 && !_disposed)
            {
                // The generation was switched out between reading the field and acquiring; the new one serves.
                continue;
            }
            try
            {
                return use(searcher);
            }
            finally
            {
                generation.Searchers.Release(searcher);
            }
        }
    }

    private static SearchResult Empty(long started) =>
        new(0, Stopwatch.GetElapsedTime(started), [], new Dictionary<string, IReadOnlyList<FacetCount>>(), []);

    private static SearchDocumentType ParseType(string? value) =>
        Enum.TryParse<SearchDocumentType>(value, out var type) ? type : SearchDocumentType.Discussion;

    private static bool HasFilters(SearchRequest request) =>
        request.Types.Count > 0 || request.PilotIds.Count > 0 || request.Municipalities.Count > 0 || request.Themes.Count > 0
        || request.UpdatedFrom is not null || request.UpdatedTo is not null;

    /// <summary>The request's own filters (type, pilot, municipality, theme, dates); visibility is applied beside them.</summary>
    private static Filter? BuildFilter(SearchRequest request)
    {
        var filters = new List<Filter>();
        if (request.Types.Count > 0)
            filters.Add(new TermsFilter([.. request.Types.Distinct().Select(t => new Term(TypeField, t.ToString()))]));
        if (request.PilotIds.Count > 0)
            filters.Add(new TermsFilter([.. request.PilotIds.Distinct().Select(p => new Term(PilotField, p.ToString(CultureInfo.InvariantCulture)))]));
        if (request.Municipalities.Count > 0)
            filters.Add(new TermsFilter([.. request.Municipalities.Distinct().Select(m => new Term(MunicipalityField, m))]));
        if (request.Themes.Count > 0)
            filters.Add(new TermsFilter([.. request.Themes.Distinct().Select(t => new Term(ThemeField, t))]));
        if (request.UpdatedFrom is not null || request.UpdatedTo is not null)
            filters.Add(NumericRangeFilter.NewInt64Range(UpdatedField, UpdatedPrecisionStep, request.UpdatedFrom?.UtcTicks, request.UpdatedTo?.UtcTicks, true, true));
        if (filters.Count <= 1)
            return filters.FirstOrDefault();
        var all = new BooleanFilter();
        foreach (var filter in filters)
            all.Add(filter, Occur.MUST);
        return all;
    }

    /// <summary>What the viewer may read, as part of the query itself: totals, facets and pages never see the rest.</summary>
    internal static Filter? VisibilityFilter(SearchViewer viewer)
    {
        if (viewer.IsAdmin)
            return null;
        if (viewer.MemberOfCommunityIds.Count == 0)
            return PublicOnly;
        var ids = viewer.MemberOfCommunityIds.Order().ToArray();
        var key = string.Join(',', ids);
        if (MemberFilters.TryGetValue(key, out var cached))
            return cached;
        // Bounded: past the limit the cache starts over rather than grow with every combination ever seen.
        if (MemberFilters.Count >= MaxMemberFilters)
            MemberFilters.Clear();
        var visible = new BooleanFilter
        {
            { PublicOnly, Occur.SHOULD },
            { new TermsFilter([.. ids.Select(id => new Term(CommunityField, id.ToString(CultureInfo.InvariantCulture)))]), Occur.SHOULD },
        };
        return MemberFilters.GetOrAdd(key, new BitSetCachingFilter(visible));
    }

    /// <summary>
    /// Caches a filter per segment as a <see cref="FixedBitSet"/>. The stock cache stores a compressed set without
    /// random access, so the filter is leap-frogged against the query; a bit set is handed down to the postings as
    /// accepted documents instead. A bit per document: 125 KB per filter and million documents.
    /// </summary>
    private sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }

    // ---- suggestions when nothing is found -------------------------------------------------------------------

    private List<string> Suggest(IndexSearcher searcher, ParsedQuery parsed, Filter? visibility, Filter? filter, SearchRequest request)
    {
        var suggestions = new List<string>();
        var positive = parsed.Clauses.Where(c => !c.Exclude).ToList();
        if (positive.Count == 0)
            return suggestions;

        // A spelling neighbour for each single word the index does not know.
        var words = positive.Select(c => c.Text).ToList();
        var changed = false;
        for (var i = 0; i < positive.Count; i++)
        {
            if (positive[i].Alternatives is not [{ Kind: AlternativeKind.AllTerms, Terms.Length: 1 } alternative])
                continue;
            if (searcher.IndexReader.DocFreq(new Term(TextField, alternative.Terms[0])) > 0)
                continue;
            if (SpellingNeighbour(searcher.IndexReader, positive[i].Text) is { } neighbour)
            {
                words[i] = neighbour;
                changed = true;
            }
        }
        if (changed)
            AddIfFinds(string.Join(' ', words));

        // The query without its rarest word.
        if (positive.Count > 1)
        {
            var rarest = positive.Select((c, i) => (Index: i, Freq: c.Alternatives.Sum(a => a.Terms.Sum(t => (long)searcher.IndexReader.DocFreq(new Term(TextField, t))))))
                .OrderBy(x => x.Freq).First().Index;
            AddIfFinds(string.Join(' ', positive.Where((_, i) => i != rarest).Select(c => c.Text)));
        }
        return suggestions;

        void AddIfFinds(string candidate)
        {
            if (suggestions.Contains(candidate) || candidate == request.Query)
                return;
            var candidateQuery = SearchQueryParser.Parse(candidate, _queryAnalyzer, request.Synonyms);
            if (!candidateQuery.FindsNothing && SearchExecutor.Count(searcher, candidateQuery, visibility, filter) > 0)
                suggestions.Add(candidate);
        }
    }

    private string? SpellingNeighbour(IndexReader reader, string word)
    {
        var (plain, _) = SearchQueryParser.Tokens(_plainAnalyzer, word, 1);
        if (plain.Length == 0 || plain[0].Length < 4)
            return null;
        var terms = MultiFields.GetTerms(reader, TitlePlainField);
        if (terms is null)
            return null;
        var target = new Term(TitlePlainField, plain[0]);
        var fuzzy = new FuzzyTermsEnum(terms, new Lucene.Net.Util.AttributeSource(), target, plain[0].Length > 6 ? 2 : 1, 1, true);
        var boost = fuzzy.Attributes.AddAttribute<IBoostAttribute>();
        string? best = null;
        (float Boost, int Freq) bestScore = (0, 0);
        var examined = 0;
        while (fuzzy.MoveNext() && examined++ < 500)
        {
            var score = (boost.Boost, fuzzy.DocFreq);
            if (score.Boost > bestScore.Boost || (score.Boost == bestScore.Boost && score.DocFreq > bestScore.Freq))
            {
                bestScore = score;
                best = fuzzy.Term.Utf8ToString();
            }
        }
        return best;
    }

    // ---- documents -------------------------------------------------------------------------------------------

    private static readonly FieldType PlainTitleType = new()
    {
        IsIndexed = true,
        IsTokenized = true,
        OmitNorms = true,
        IndexOptions = IndexOptions.DOCS_ONLY,
    };

    // Title and tags only weigh a word (frequency and norms); phrases are matched in "text", so their positions were
    // written for nothing.
    private static readonly FieldType TitleType = new(Lucene.Net.Documents.TextField.TYPE_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };
    private static readonly FieldType TagsType = new(Lucene.Net.Documents.TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };

    /// <summary>
    /// Lucene's default step of 4 indexes 16 terms per date, most of them distinct per document: 7% of a rebuild's
    /// CPU. With 8 it is 8 terms, and a range still needs at most a few hundred. A range of step 8 is also exact on a
    /// generation indexed with step 4 (its terms at shifts 0, 8, 16, … are all there), so an older layout filters
    /// right until it is rebuilt. Query it with this step (or a multiple): a smaller one asks for terms it does not have.
    /// </summary>
    internal const int UpdatedPrecisionStep = 8;
    private static readonly FieldType UpdatedType = new(Int64Field.TYPE_NOT_STORED) { NumericPrecisionStep = UpdatedPrecisionStep };

    static LuceneSearchIndex()
    {
        PlainTitleType.Freeze();
        TitleType.Freeze();
        TagsType.Freeze();
        UpdatedType.Freeze();
    }

    /// <summary>
    /// The fields of the document being indexed on this thread. Lucene gives every Field instance its own token stream
    /// (an attribute source with its attributes) the first time it is indexed, so new fields per document paid for
    /// one per keyword and numeric field of every document. A rebuild worker and an apply index a document on the
    /// thread that made it, before making the next: what <see cref="ToLucene"/> returns is used up by then.
    /// </summary>
    [ThreadStatic]
    private static ReusedFields? _fields;

    internal static Document ToLucene(SearchDocument source)
    {
        var f = _fields ??= new ReusedFields();
        var boost = source.Boost > 0 && float.IsFinite(source.Boost) ? source.Boost : 1f;
        var tags = string.Join(" , ", source.Tags);
        var type = source.Type.ToString();
        f.Key.SetStringValue(source.Key);
        f.Type.SetStringValue(type);
        f.FacetType.SetBytesValue(new BytesRef(type));
        // Per-document weight through the norms: free at query time. The three values of "text" share one norm,
        // which multiplies their boosts, so only the first carries it.
        f.TextTitle.SetStringValue(source.Title);
        f.TextTitle.Boost = boost;
        f.TextTags.SetStringValue(tags);
        f.TextBody.SetStringValue(source.Body);
        f.Title.SetStringValue(source.Title);
        f.Title.Boost = boost;
        f.Tags.SetStringValue(tags);
        f.Tags.Boost = boost;
        f.TitlePlain.SetStringValue(source.Title);
        f.Url.SetStringValue(source.Url);
        f.Hit.SetBytesValue(new BytesRef(HitCodec.Encode(source)));
        f.Public.SetStringValue(source.Public ? "1" : "0");
        f.Updated.SetInt64Value(source.Updated.UtcTicks);
        f.UpdatedValue.SetInt64Value(source.Updated.UtcTicks);
        var document = new Document
        {
            f.Key, f.Type, f.FacetType, f.TextTitle, f.TextTags, f.TextBody, f.Title, f.Tags, f.TitlePlain,
            // Key, type, title and url stay stored for title suggestions; a hit is read from HitField.
            f.Url, f.Hit, f.Public, f.Updated, f.UpdatedValue,
        };
        if (source.PilotId is { } pilotId)
        {
            var pilot = pilotId.ToString(CultureInfo.InvariantCulture);
            f.Pilot.SetStringValue(pilot);
            f.FacetPilot.SetBytesValue(new BytesRef(pilot));
            document.Add(f.Pilot);
            document.Add(f.FacetPilot);
        }
        var i = 0;
        foreach (var municipality in source.Municipalities.Distinct())
        {
            document.Add(ReusedFields.Keyword(f.Municipalities, i, MunicipalityField, municipality));
            document.Add(ReusedFields.Facet(f.FacetMunicipalities, i++, "facet_municipality", municipality));
        }
        i = 0;
        foreach (var theme in source.Themes.Distinct())
        {
            document.Add(ReusedFields.Keyword(f.Themes, i, ThemeField, theme));
            document.Add(ReusedFields.Facet(f.FacetThemes, i++, "facet_theme", theme));
        }
        if (source.CommunityId is { } communityId)
        {
            f.Community.SetStringValue(communityId.ToString(CultureInfo.InvariantCulture));
            document.Add(f.Community);
        }
        return document;
    }

    private sealed class ReusedFields
    {
        public readonly StringField Key = new(KeyField, "", Field.Store.YES);
        public readonly StringField Type = new(TypeField, "", Field.Store.YES);
        public readonly SortedSetDocValuesField FacetType = new("facet_type", new BytesRef());
        public readonly TextField TextTitle = new(TextField, "", Field.Store.NO);
        public readonly TextField TextTags = new(TextField, "", Field.Store.NO);
        public readonly TextField TextBody = new(TextField, "", Field.Store.NO);
        public readonly Field Title = new(TitleField, "", TitleType);
        public readonly Field Tags = new(TagsField, "", TagsType);
        public readonly Field TitlePlain = new(TitlePlainField, "", PlainTitleType);
        public readonly StoredField Url = new(UrlField, "");
        public readonly BinaryDocValuesField Hit = new(HitField, new BytesRef());
        public readonly StringField Public = new(PublicField, "", Field.Store.NO);
        public readonly Int64Field Updated = new(UpdatedField, 0L, UpdatedType);
        public readonly NumericDocValuesField UpdatedValue = new(UpdatedField, 0L);
        public readonly StringField Pilot = new(PilotField, "", Field.Store.NO);
        public readonly SortedSetDocValuesField FacetPilot = new("facet_pilot", new BytesRef());
        public readonly StringField Community = new(CommunityField, "", Field.Store.NO);
        public readonly List<StringField> Municipalities = [];
        public readonly List<StringField> Themes = [];
        public readonly List<SortedSetDocValuesField> FacetMunicipalities = [];
        public readonly List<SortedSetDocValuesField> FacetThemes = [];

        public static StringField Keyword(List<StringField> fields, int index, string name, string value)
        {
            if (index == fields.Count)
                fields.Add(new StringField(name, "", Field.Store.NO));
            fields[index].SetStringValue(value);
            return fields[index];
        }

        public static SortedSetDocValuesField Facet(List<SortedSetDocValuesField> fields, int index, string name, string value)
        {
            if (index == fields.Count)
                fields.Add(new SortedSetDocValuesField(name, new BytesRef()));
            fields[index].SetBytesValue(new BytesRef(value));
            return fields[index];
        }
    }

    // ---- generations on disk ---------------------------------------------------------------------------------

    /// <summary>
    /// A rebuild writes few large segments; as compound files they would be written twice (flush, then copy into the
    /// .cfs), and a compound file keeps the stored fields inside it, away from the faster reader (see
    /// <see cref="Generation.Open"/>). Applies keep compound files: their small segments would otherwise be many files.
    /// </summary>
    private IndexWriterConfig WriterConfig(OpenMode mode, double ramBufferMb, bool compoundFiles = true)
    {
        var config = new IndexWriterConfig(DutchSearchAnalyzer.Version, _indexAnalyzer)
        {
            OpenMode = mode,
            RAMBufferSizeMB = ramBufferMb,
            UseCompoundFile = compoundFiles,
        };
        if (!compoundFiles)
            config.MergePolicy = new TieredMergePolicy { NoCFSRatio = 0 };
        return config;
    }

    private void MaybeFollowPointer()
    {
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextPointerCheck))
            return;
        Interlocked.Exchange(ref _nextPointerCheck, now + (long)PointerCheckInterval.TotalMilliseconds);
        if (ReadPointer() == _generation.Name)
            return;
        // A search never waits for a write: when one is running it follows the pointer itself before applying.
        if (!_writeLock.Wait(0))
            return;
        try
        {
            FollowPointer();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Switches to the generation the pointer names, when it is another one. Callers hold the write lock.</summary>
    private void FollowPointer()
    {
        if (_disposed)
            return;
        var name = ReadPointer();
        var old = _generation;
        if (name is null || name == old.Name)
            return;
        var next = Generation.Open(_root, name, _warmer);
        _generation = next;
        Volatile.Write(ref _appliedSequence, next.AppliedSequence);
        // Searches still running on the old generation hold their own reader references; they finish undisturbed.
        old.Dispose();
        DeleteStaleGenerations(except: name, leftBehind: old.Name);
    }

    private string? ReadPointer()
    {
        try
        {
            var name = File.ReadAllText(Path.Combine(_root, PointerFile)).Trim();
            return GenerationName().IsMatch(name) && System.IO.Directory.Exists(Path.Combine(_root, name)) ? name : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Temp file and rename: a reader of the pointer sees the old name or the new one, never half a name.</summary>
    private void WritePointer(string name)
    {
        var temp = Path.Combine(_root, $"{PointerFile}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(name));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path.Combine(_root, PointerFile), overwrite: true);
    }

    private string CreateEmptyGeneration()
    {
        var name = NewGenerationName();
        using (var directory = FSDirectory.Open(Path.Combine(_root, name)))
        using (var writer = new IndexWriter(directory, WriterConfig(OpenMode.CREATE, ramBufferMb: 16)))
        {
            writer.SetCommitData(CommitData(0, Layout));
            writer.Commit();
        }
        WritePointer(name);
        return ReadPointer() ?? name;
    }

    private static Dictionary<string, string> CommitData(long sequence, int layout) => new()
    {
        [SequenceKey] = sequence.ToString(CultureInfo.InvariantCulture),
        [LayoutKey] = layout.ToString(CultureInfo.InvariantCulture),
    };

    private static string NewGenerationName() =>
        $"gen-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Removes generations nobody writes to: the one just left, and older ones a crash or an aborted rebuild left.
    /// A generation another process still writes to (a rebuild in progress) holds its write lock and stays.
    /// </summary>
    private void DeleteStaleGenerations(string except, string? leftBehind)
    {
        foreach (var path in System.IO.Directory.EnumerateDirectories(_root, "gen-*"))
        {
            var name = Path.GetFileName(path);
            if (name == except || !GenerationName().IsMatch(name))
                continue;
            if (name != leftBehind && System.IO.Directory.GetLastWriteTimeUtc(path) > DateTime.UtcNow - StaleGenerationAge)
                continue;
            try
            {
                using var directory = FSDirectory.Open(path);
                if (IndexWriter.IsLocked(directory))
                    continue;
            }
            catch (IOException)
            {
                continue;
            }
            TryDeleteDirectory(path);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Windows keeps files open by a reader; the next switch or start removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("^gen-[0-9]{17}-[0-9a-f]{8}$")]
    private static partial Regex GenerationName();

    private sealed class Generation : IDisposable
    {
        private Generation(string name, LuceneDirectory directory, SearcherManager searchers, long committedSequence, int layout)
        {
            Name = name;
            Directory = directory;
            Searchers = searchers;
            CommittedSequence = committedSequence;
            Layout = layout;
        }

        public string Name { get; }
        public LuceneDirectory Directory { get; }
        public SearcherManager Searchers { get; }
        public long CommittedSequence { get; }
        public int Layout { get; }

        /// <summary>0 for an older layout: nothing in it counts as applied, so the follower rebuilds it.</summary>
        public long AppliedSequence => Layout < LuceneSearchIndex.Layout ? 0 : CommittedSequence;
        public IndexWriter? Writer { get; set; }

        public static Generation Open(string root, string name, SearcherFactory warmer)
        {
            var directory = OpenDirectory(Path.Combine(root, name));
            try
            {
                var searchers = new SearcherManager(directory, warmer);
                var searcher = searchers.Acquire();
                try
                {
                    var data = ((DirectoryReader)searcher.IndexReader).IndexCommit.UserData;
                    var sequence = data.TryGetValue(SequenceKey, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
                    // Written before layouts were recorded: layout 1.
                    var layout = data.TryGetValue(LayoutKey, out var layoutValue) && int.TryParse(layoutValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedLayout) ? parsedLayout : 1;
                    return new Generation(name, directory, searchers, sequence, layout);
                }
                finally
                {
                    searchers.Release(searcher);
                }
            }
            catch
            {
                directory.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Memory-mapped files for postings and doc values, positional reads for stored fields (.fdt/.fdx): measured at
        /// 100,000 documents, loading a stored document through Lucene.Net's MMapDirectory cost 0.126 ms against
        /// 0.053 ms through NIOFSDirectory, 20 per page. Both open the same folder, as Elasticsearch's "hybridfs" does.
        /// </summary>
        private static LuceneDirectory OpenDirectory(string path)
        {
            var info = new DirectoryInfo(path);
            return new FileSwitchDirectory(new HashSet<string> { "fdt", "fdx" }, new NIOFSDirectory(info), new MMapDirectory(info), doClose: true);
        }

        public void Dispose()
        {
            Searchers.Dispose();
            Writer?.Dispose();
            Writer = null;
            Directory.Dispose();
        }
    }
}
