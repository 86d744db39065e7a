namespace Community.Core.Discussions;

/// <summary>Finds "@Name" mentions in a post. Names have spaces, so a mention is matched against the community's members.</summary>
public static class Mentions
{
    public sealed record Start(int Index, string FirstWord);

    /// <summary>Each "@" at the start of a word followed by a letter, with the word after it (to look up names by).</summary>
    public static IReadOnlyList<Start> Candidates(string text)
    {
        var starts = new List<Start>();
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] != '@' || (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] == '.')) || !char.IsLetter(text[i + 1])) continue;
            var end = i + 1;
            while (end < text.Length && (char.IsLetter(text[end]) || text[end] is '-' or '\'')) end++;
            starts.Add(new Start(i + 1, text[(i + 1)..end]));
        }
        return starts;
    }

    /// <summary>The people mentioned: at each start, the longest name the text continues with, ending at a word boundary.</summary>
    public static IEnumerable<string> Resolve(string text, IReadOnlyList<Start> starts, IReadOnlyList<(string Id, string Name)> people)
    {
        var byLength = people.Where(p => p.Name.Length > 0).DistinctBy(p => p.Id).OrderByDescending(p => p.Name.Length).ToList();
        foreach (var start in starts)
        {
            foreach (var (id, name) in byLength)
            {
                var end = start.Index + name.Length;
                if (end > text.Length) continue;
                if (!text.AsSpan(start.Index, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
                if (end < text.Length && char.IsLetterOrDigit(text[end])) continue;
                yield return id;
                break;
            }
        }
    }
}
