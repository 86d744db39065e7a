namespace Community.Core.Search;

public static class SearchRules
{
    /// <summary>Longer input is cut here: nobody types more, and it bounds the work a query can ask for.</summary>
    public const int QueryMaxLength = 500;
    public const int LoggedQueryMaxLength = 200;
    public const int SynonymMaxLength = 500;
    public const int MaxPage = 500;
    public const int PageSize = 20;
}
