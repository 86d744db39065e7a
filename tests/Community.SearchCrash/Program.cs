using Community.Core.Search;

// Usage: Community.SearchCrash <index path> <first sequence>
// Applies one batch of 50 documents per outbox sequence number, forever, printing each sequence once it is
// committed; the test kills the process at a moment of its choosing, mid-batch as often as not.
var index = new LuceneSearchIndex(args[0]);
var sequence = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var body = string.Concat(Enumerable.Repeat("De wijkteams bespreken de casus met de huisarts en de school. ", 20));
while (true)
{
    var batch = Enumerable.Range(0, 50).Select(i => new SearchDocument(
        $"crash:{sequence}:{i}", SearchDocumentType.Discussion, $"Batch {sequence} nummer {i}", body + $" reeks{sequence}", [],
        "/x", null, null, [], [], null, true, DateTimeOffset.UtcNow)).ToList();
    await index.ApplyAsync(batch, [], sequence);
    Console.WriteLine($"applied {sequence}");
    sequence++;
}
