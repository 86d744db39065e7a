namespace Community.Web.Infrastructure;

/// <summary>
/// Marks a Dutch UI text that is looked up in the localizer later, away from the literal
/// (a status heading, an enum label, a "done" message handed to a helper). The localization
/// tests find resource keys by this marker, <c>T["…"]</c>, <c>ErrorMessage = "…"</c> and
/// <c>RuleException("…"</c>; a key that none of them reaches has no English.
/// </summary>
public static class Texts
{
    public static string Key(string dutch) => dutch;
}
