using System.IO.Compression;
using System.Text;
using Community.Core.Search;

namespace Community.Benchmarks.Search;

/// <summary>
/// A reproducible Dutch corpus as the platform would hold it after some years: threads with their posts, wiki
/// pages and lessons, chat, pilot pages, evaluations and knowledge questions, written with the domain's words in
/// Zipf-like frequencies and its fixed expressions, over 400 pilots in the eight municipalities; about a fifth of
/// the communities are Closed. The same seed gives the same documents.
/// </summary>
public sealed class SearchCorpus(int seed = 20261125)
{
    public const int Pilots = 400;

    public static readonly string[] Municipalities =
        ["Aalten", "Berkelland", "Bronckhorst", "Doetinchem", "Montferland", "Oost Gelre", "Oude IJsselstreek", "Winterswijk"];

    public static readonly string[] Themes =
        ["Jeugd", "Wmo", "Participatie", "Wijkteams", "Schulden", "Wonen", "Gezondheid", "Onderwijs", "Veiligheid", "Mantelzorg"];

    /// <summary>Domain words, most frequent first: the generator draws them with a Zipf-like weight.</summary>
    public static readonly string[] DomainWords =
    [
        "gemeente", "wijkteam", "inwoners", "zorg", "ondersteuning", "jeugd", "hulp", "gesprek", "samenwerking", "pilot",
        "ouders", "kinderen", "jongeren", "ouderen", "huisarts", "school", "wijk", "buurt", "team", "casus",
        "gemeenten", "wijkteams", "zorgaanbieders", "jeugdzorg", "jeugdhulp", "schuldhulpverlening", "schulden", "mantelzorgers", "mantelzorg", "vrijwilligers",
        "participatie", "preventie", "eenzaamheid", "armoede", "dagbesteding", "beschermd", "wonen", "begeleiding", "indicatie", "toegang",
        "keukentafelgesprek", "maatwerk", "regie", "gezin", "gezinnen", "netwerk", "eigen", "kracht", "integraal", "aanpak",
        "wachtlijst", "wachtlijsten", "budget", "kosten", "financiering", "inkoop", "contract", "aanbieders", "jeugdzorgaanbieders", "huisbezoek",
        "vroegsignalering", "huurachterstand", "woningcorporatie", "energieleverancier", "budgetcoach", "bewindvoering", "beschermingsbewind", "statushouders", "inburgering", "werkgevers",
        "uitkering", "bijstand", "re-integratie", "participatiewet", "leerwerktraject", "praktijkondersteuner", "specialistische", "doorverwijzing", "verwijzingen", "evaluatie",
        "leerpunten", "conclusies", "verbeterpunten", "kennisvraag", "monitoring", "indicatoren", "effect", "resultaten", "ervaringen", "werkwijze",
        "privacy", "toestemming", "gegevens", "convenant", "signalen", "zorgmijders", "politie", "veiligheid", "huiselijk", "geweld",
        "coöperatie", "sociaal", "domein", "beleid", "wethouder", "raad", "regio", "achterhoek", "coördinator", "leergemeenschap",
        "mantelzorgwaardering", "respijtzorg", "thuiszorg", "huishoudelijke", "hulpmiddelen", "vervoer", "scootmobiel", "woningaanpassing", "dementie", "ggz",
        "verslaving", "onderwijs", "leerplicht", "thuiszitters", "kinderopvang", "opvoeding", "opvoedondersteuning", "consultatiebureau", "jeugdarts", "wijkverpleegkundige",
        "buurtcoach", "opbouwwerk", "welzijn", "ontmoeting", "buurthuis", "activiteiten", "vrijwilligerswerk", "eenzaam", "bewoners", "bewonersinitiatief",
        "werkt", "werken", "gewerkt", "leren", "geleerd", "delen", "gedeeld", "verbeteren", "organiseren", "betrekken",
    ];

    private static readonly string[] FunctionWords =
    [
        "de", "het", "een", "van", "en", "in", "op", "met", "voor", "is", "dat", "die", "we", "wij", "ze", "niet", "ook", "bij",
        "naar", "om", "te", "aan", "hoe", "wat", "als", "er", "nog", "maar", "wel", "meer", "dan", "zijn", "hebben", "kan", "moet",
        "worden", "onze", "hun", "deze", "dit", "veel", "goed", "vaak", "samen", "eerst", "daarna", "soms", "altijd",
    ];

    /// <summary>Expressions people write (and search for as phrases).</summary>
    public static readonly string[] Expressions =
    [
        "wet maatschappelijke ondersteuning", "eigen kracht", "integrale aanpak", "sociaal domein", "vroegsignalering van schulden",
        "praktijkondersteuner jeugd", "één gezin één plan", "zorg in de wijk", "passend onderwijs", "beschermd wonen",
        "huiselijk geweld", "langer thuis wonen", "de juiste zorg op de juiste plek", "informele zorg", "brede toegang",
    ];

    private static readonly double[] Cumulative = BuildCumulative(DomainWords.Length);

    /// <summary>
    /// The long tail of ordinary Dutch: the word list the index ships (OpenTaal), shuffled once, drawn Zipf-like, so
    /// postings and the term dictionary look like real text rather than 150 words repeated.
    /// </summary>
    private static readonly string[] Tail = LoadTail();
    private static readonly double[] TailCumulative = BuildCumulative(Tail.Length);

    // Where to start and stop looking in TailCumulative for a draw in each 1/65,536th of [0, 1): a binary search over
    // all 150,000 entries was a tenth of a rebuild's time in the benchmark (which generates inside the measured time).
    // The same entry is found, so a seed gives the same documents as before.
    private const int TailBuckets = 1 << 16;
    private static readonly int[] TailBucketStart = BuildBuckets(TailCumulative, TailBuckets);

    public IEnumerable<SearchDocument> Documents(int count)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var threadTitle = "";
        for (var i = 0; i < count; i++)
        {
            var pilot = 1 + (int)(Math.Pow(random.NextDouble(), 1.5) * Pilots);
            var closed = pilot % 5 == 0;
            var municipalities = PilotMunicipalities(pilot);
            string[] themes = [Themes[pilot % Themes.Length], .. pilot % 3 == 0 ? [Themes[(pilot / 3) % Themes.Length]] : Array.Empty<string>()];
            var updated = start.AddMinutes((long)i * 1_700_000 / Math.Max(count, 1) + random.Next(60));
            var roll = random.Next(100);
            SearchDocumentType type;
            string title, body;
            var boost = 1f;
            string[] tags = [];
            if (roll < 18)
            {
                type = random.Next(2) == 0 ? SearchDocumentType.Question : SearchDocumentType.Discussion;
                title = threadTitle = Title(random);
                body = Text(random, 40, 200);
                tags = [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Word(random))];
            }
            else if (roll < 58)
            {
                type = SearchDocumentType.Answer;
                title = "Re: " + (threadTitle.Length > 0 ? threadTitle : Title(random));
                body = Text(random, 20, 150);
                if (random.Next(10) == 0)
                    boost = 1.5f;
            }
            else if (roll < 68)
            {
                type = random.Next(3) == 0 ? SearchDocumentType.Lesson : SearchDocumentType.WikiPage;
                title = (type == SearchDocumentType.Lesson ? "Les: " : "") + Title(random);
                body = Text(random, 150, 800);
                tags = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Word(random))];
                boost = type == SearchDocumentType.Lesson ? 1.5f : 1f;
            }
            else if (roll < 93)
            {
                type = SearchDocumentType.Chat;
                title = $"Chatbericht in pilot {pilot}";
                body = Text(random, 3, 40);
                boost = 0.5f;
            }
            else if (roll < 96)
            {
                type = SearchDocumentType.KnowledgeQuestion;
                title = Title(random) + "?";
                body = Text(random, 30, 120);
            }
            else if (roll < 98)
            {
                type = SearchDocumentType.Evaluation;
                title = $"Evaluatie pilot {pilot}";
                body = Text(random, 200, 600);
            }
            else
            {
                type = SearchDocumentType.Pilot;
                title = $"Pilot {pilot}: " + Title(random);
                body = Text(random, 80, 300);
            }
            var platformWide = type is SearchDocumentType.Pilot or SearchDocumentType.KnowledgeQuestion;
            yield return new SearchDocument($"doc:{i}", type, title, body, tags, $"/pilots/pilot-{pilot}/doc/{i}",
                platformWide && type == SearchDocumentType.KnowledgeQuestion ? null : pilot, $"Pilot {pilot}", municipalities, themes,
                platformWide ? null : pilot, platformWide || !closed, updated, boost);
        }
    }

    public async IAsyncEnumerable<SearchDocument> DocumentsAsync(int count)
    {
        foreach (var document in Documents(count))
            yield return document;
        await Task.CompletedTask;
    }

    /// <summary>200 queries: 80 single words, 60 pairs, 40 triples and 20 phrases, drawn like the corpus is written.</summary>
    public static readonly string[] QueryKinds = ["one word", "two words", "three words", "phrase"];

    /// <summary>The kind of the query at <paramref name="index"/> in <see cref="Queries"/>.</summary>
    public static string QueryKind(int index) => index switch { < 80 => QueryKinds[0], < 140 => QueryKinds[1], < 180 => QueryKinds[2], _ => QueryKinds[3] };

    public static IReadOnlyList<string> Queries()
    {
        var random = new Random(42);
        var queries = new List<string>();
        for (var i = 0; i < 80; i++)
            queries.Add(i % 8 == 0 ? TailWord(random) : Word(random));
        for (var i = 0; i < 60; i++)
            queries.Add($"{Word(random)} {Word(random)}");
        for (var i = 0; i < 40; i++)
            queries.Add($"{Word(random)} {Word(random)} {Word(random)}");
        for (var i = 0; i < 20; i++)
            queries.Add($"\"{Expressions[i % Expressions.Length]}\"");
        return queries;
    }

    private static string[] PilotMunicipalities(int pilot) =>
        pilot % 4 == 0
            ? [Municipalities[pilot % 8], Municipalities[(pilot + 3) % 8]]
            : [Municipalities[pilot % 8]];

    private static string Title(Random random)
    {
        var words = random.Next(4, 10);
        var builder = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
                builder.Append(' ');
            builder.Append(random.Next(3) == 0 ? FunctionWords[random.Next(FunctionWords.Length)] : Word(random));
        }
        builder[0] = char.ToUpperInvariant(builder[0]);
        return builder.ToString();
    }

    private static string Text(Random random, int minWords, int maxWords)
    {
        var words = random.Next(minWords, maxWords + 1);
        var builder = new StringBuilder(words * 8);
        var sentence = 0;
        for (var i = 0; i < words; i++)
        {
            var capital = sentence == 0;
            string word;
            var r = random.Next(100);
            if (r < 50)
                word = FunctionWords[(int)(Math.Pow(random.NextDouble(), 2) * FunctionWords.Length)];
            else if (r < 53)
                word = Expressions[random.Next(Expressions.Length)];
            else if (r < 88)
                word = TailWord(random);
            else
                word = Word(random);
            if (builder.Length > 0)
                builder.Append(' ');
            builder.Append(capital ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            sentence++;
            if (sentence > 6 && random.Next(8) == 0)
            {
                builder.Append(random.Next(5) == 0 ? '?' : '.');
                sentence = 0;
            }
        }
        builder.Append('.');
        return builder.ToString();
    }

    private static string Word(Random random)
    {
        var index = Array.BinarySearch(Cumulative, random.NextDouble());
        return DomainWords[Math.Min(index < 0 ? ~index : index, DomainWords.Length - 1)];
    }

    private static string TailWord(Random random)
    {
        var draw = random.NextDouble();
        // draw * TailBuckets is exact (a power of two), so draw lies in [bucket, bucket + 1) / TailBuckets, and its
        // first entry >= draw lies between the first entries for those two bounds.
        var bucket = (int)(draw * TailBuckets);
        var from = TailBucketStart[bucket];
        var index = Array.BinarySearch(TailCumulative, from, TailBucketStart[bucket + 1] - from, draw);
        return Tail[Math.Min(index < 0 ? ~index : index, Tail.Length - 1)];
    }

    private static int[] BuildBuckets(double[] cumulative, int buckets)
    {
        var starts = new int[buckets + 1];
        for (var b = 0; b <= buckets; b++)
        {
            var index = Array.BinarySearch(cumulative, (double)b / buckets);
            starts[b] = index < 0 ? ~index : index;
        }
        return starts;
    }

    private static string[] LoadTail()
    {
        using var stream = typeof(SearchDocument).Assembly.GetManifestResourceStream("Community.Core.Search.Dutch.compound-parts.nl.txt.gz")!;
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var words = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        new Random(3).Shuffle(words);
        return words;
    }

    private static double[] BuildCumulative(int n)
    {
        var weights = Enumerable.Range(1, n).Select(rank => 1.0 / Math.Pow(rank, 0.9)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += weights[i] / total;
            cumulative[i] = sum;
        }
        return cumulative;
    }
}
