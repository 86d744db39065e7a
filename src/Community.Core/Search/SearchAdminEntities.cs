namespace Community.Core.Search;

/// <summary>Words that mean the same to the people searching ("Wmo = Wet maatschappelijke ondersteuning"), edited by admins, applied at query time.</summary>
public class SearchSynonym
{
    public int Id { get; set; }
    /// <summary>The terms as the admin wrote them, separated by " = ".</summary>
    public string Terms { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A search that found nothing, by its normalized text only: who searched is never stored.</summary>
public class SearchMiss
{
    public int Id { get; set; }
    public string Query { get; set; } = "";
    public int Count { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>The knowledge question an admin made of it; the miss then leaves the list.</summary>
    public int? KnowledgeQuestionId { get; set; }
}
